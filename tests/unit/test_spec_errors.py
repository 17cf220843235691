"""A corpus of broken specs: each names file, line, column and key, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.cli import main

MODELS = "shared/spec/models.yaml"
EVENTS = "shared/spec/events.yaml"
BOOKS = "services/library/spec/books.yaml"

# (file, text to replace, replacement, the exact problem reported)
CASES = {
    "malformed YAML": (
        BOOKS,
        "rest: {prefix: /books, tags: [books]}",
        "rest: {prefix: /books, tags: [books}",
        f"{BOOKS}:2:36: malformed YAML: expected ',' or ']', but got '}}'",
    ),
    "duplicate key": (
        MODELS,
        "      pages: {type: int, ge: 1, optional: true}",
        "      pages: {type: int, ge: 1, optional: true}\n      title: {type: string}",
        f"{MODELS}:13:7: models.Book.fields.title: duplicate key;"
        " YAML would silently keep only the last one",
    ),
    "unknown key": (
        MODELS,
        "title: {type: string, min_length: 1",
        "title: {tipe: string, min_length: 1",
        f"{MODELS}:11:15: models.Book.fields.title.tipe: unknown key 'tipe' (did you mean 'type'?)",
    ),
    "missing key": (
        BOOKS,
        '    rest: {method: GET, path: ""}',
        '    rest: {path: ""}',
        f"{BOOKS}:15:11: operations.list_books.rest: missing key 'method'",
    ),
    "unknown type": (
        MODELS,
        "published: {type: date, optional: true}",
        "published: {type: datetme, optional: true}",
        f"{MODELS}:18:25: models.Book.fields.published.type:"
        " unknown type 'datetme' (did you mean 'datetime'?)",
    ),
    "unknown model in an operation": (
        BOOKS,
        "input: BookCreate",
        "input: BookCreat",
        f"{BOOKS}:5:12: operations.create_book.input:"
        " unknown model 'BookCreat' (did you mean 'BookCreate'?)",
    ),
    "unknown variant field": (
        MODELS,
        "exclude: [author]",
        "exclude: [autor]",
        f"{MODELS}:22:53: models.Book.variants.Update.exclude[0]:"
        " Book has no field 'autor' (did you mean 'author'?)",
    ),
    "enum default not a member": (
        MODELS,
        "default: wishlist",
        "default: lost",
        f"{MODELS}:14:43: models.Book.fields.status.default:"
        " default 'lost' is not a member of BookStatus (wishlist, reading, finished)",
    ),
    "default of the wrong type": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 1, default: many}",
        f"{MODELS}:12:42: models.Book.fields.pages.default: default 'many' is not a valid int",
    ),
    "path parameter without params entry": (
        BOOKS,
        '    rest: {method: GET, path: "/{book_id}"}',
        '    rest: {method: GET, path: "/{book_id}/{page}"}',
        f"{BOOKS}:12:31: operations.get_book.rest.path:"
        " path parameter {page} has no entry in params; add {name: page, type: ...}",
    ),
    "params entry not in the path": (
        BOOKS,
        '    rest: {method: DELETE, path: "/{book_id}", status: 204}',
        '    rest: {method: DELETE, path: "", status: 204}',
        f"{BOOKS}:17:21: operations.delete_book.params[0].name: path parameter 'book_id'"
        " does not appear in the path '/books'; add {book_id} to rest.path or declare it"
        " `in: query`",
    ),
    "event with an unknown message": (
        EVENTS,
        "message: BookRead",
        "message: BookReed",
        f"{EVENTS}:3:14: events.book_added.message:"
        " unknown model 'BookReed' (did you mean 'BookRead'?)",
    ),
    "publish_on_success names an unknown event": (
        BOOKS,
        "publish_on_success: book_added",
        "publish_on_success: book_addd",
        f"{BOOKS}:8:34: operations.create_book.events.publish_on_success:"
        " unknown event 'book_addd' (did you mean 'book_added'?)",
    ),
    "published event does not match the output": (
        BOOKS,
        "    output: BookRead\n    rest: {method: POST",
        "    output: Author\n    rest: {method: POST",
        f"{BOOKS}:8:34: operations.create_book.events.publish_on_success:"
        " event 'book_added' carries BookRead, so the operation's output must be BookRead,"
        " not Author",
    ),
    "GET with a body": (
        BOOKS,
        '    output: "list[BookRead]"',
        '    input: BookCreate\n    output: "list[BookRead]"',
        f"{BOOKS}:14:12: operations.list_books.input: GET requests carry no body;"
        " remove input or use POST, PUT or PATCH",
    ),
    "204 with an output": (
        BOOKS,
        '    rest: {method: DELETE, path: "/{book_id}", status: 204}',
        '    output: BookRead\n    rest: {method: DELETE, path: "/{book_id}", status: 204}',
        f"{BOOKS}:19:56: operations.delete_book.rest.status: DELETE answers 204 (no body)"
        " unless status says otherwise, but the operation has an output; remove the output"
        " or set status: 200",
    ),
    "two operations on one route": (
        BOOKS,
        '    rest: {method: GET, path: ""}',
        '    rest: {method: GET, path: "/{book_id}"}\n    params: [{name: book_id, type: uuid}]',
        f"{BOOKS}:15:31: operations.list_books.rest.path:"
        " GET /books/{book_id} is already served by operation 'get_book'",
    ),
    "name that is not an identifier": (
        BOOKS,
        "  get_book:",
        "  get-book:",
        f"{BOOKS}:9:3: operations.get-book: 'get-book' is not allowed here:"
        " use lowercase letters, digits and underscores, starting with a letter",
    ),
    "domain named differently from its file": (
        BOOKS,
        "domain: books",
        "domain: novels",
        f"{BOOKS}:1:9: domain: domain 'novels' is in books.yaml; name the file novels.yaml",
    ),
    "duplicate class name": (
        MODELS,
        "models:\n  Author:",
        "models:\n  BookRead:\n    fields: {x: {type: int}}\n  Author:",
        f"{MODELS}:25:13: models.Book.variants.Read: the class name 'BookRead'"
        " is already taken by models.BookRead",
    ),
    "model named like pydantic's Field": (
        MODELS,
        "models:\n  Author:",
        "models:\n  Field:\n    fields: {x: int}\n  Author:",
        MODELS + ":5:5: models.Field: 'Field' is a name the generated code imports from "
        "pydantic; choose another name (for example with a prefix of your domain)",
    ),
    "enum named like uuid's UUID": (
        MODELS,
        "enums:\n",
        "enums:\n  UUID: [a, b]\n",
        MODELS + ":2:9: enums.UUID: 'UUID' is a name the generated code imports from the "
        "standard library; choose another name (for example with a prefix of your "
        "domain)",
    ),
    "model named like a built-in": (
        MODELS,
        "models:\n  Author:",
        "models:\n  Exception:\n    fields: {x: int}\n  Author:",
        MODELS + ":5:5: models.Exception: 'Exception' is a Python built-in; choose another name",
    ),
    "model named None": (
        MODELS,
        "models:\n  Author:",
        "models:\n  None:\n    fields: {x: int}\n  Author:",
        MODELS + ":4:3: models.None: 'None' is a Python keyword; choose another name",
    ),
    "operation named router": (
        BOOKS,
        "list_books:",
        "router:",
        BOOKS + ":13:3: operations.router: 'router' is taken by the generated router module's "
        "APIRouter; choose another name",
    ),
    "operation named provide_controller": (
        BOOKS,
        "list_books:",
        "provide_controller:",
        BOOKS + ":13:3: operations.provide_controller: 'provide_controller' is taken by the "
        "controller dependency the generated router receives; choose another name",
    ),
    "parameter named data": (
        BOOKS,
        "params: [{name: book_id, type: uuid}]\n    output: BookRead",
        "params: [{name: book_id, type: uuid}, {name: data, in: query, type: "
        "string}]\n    output: BookRead",
        BOOKS + ":10:50: operations.get_book.params[1].name: 'data' is taken by the request "
        "body's parameter; choose another name",
    ),
    "parameter named controller": (
        BOOKS,
        "params: [{name: book_id, type: uuid}]\n    output: BookRead",
        "params: [{name: book_id, type: uuid}, {name: controller, in: query, type: "
        "string}]\n    output: BookRead",
        BOOKS + ":10:50: operations.get_book.params[1].name: 'controller' is taken by the "
        "generated route's controller parameter; choose another name",
    ),
    "parameter named request": (
        BOOKS,
        "params: [{name: book_id, type: uuid}]\n    output: BookRead",
        "params: [{name: book_id, type: uuid}, {name: request, in: query, type: "
        "string}]\n    output: BookRead",
        BOOKS + ":10:50: operations.get_book.params[1].name: 'request' is taken by the "
        "generated route's request parameter; choose another name",
    ),
    "parameter named self": (
        BOOKS,
        "params: [{name: book_id, type: uuid}]\n    output: BookRead",
        "params: [{name: book_id, type: uuid}, {name: self, in: query, type: "
        "string}]\n    output: BookRead",
        BOOKS + ":10:50: operations.get_book.params[1].name: 'self' is taken by the "
        "controller method's first parameter; choose another name",
    ),
    "path with a repeated parameter": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/{book_id}/{book_id}"}',
        BOOKS + ":12:31: operations.get_book.rest.path: '/{book_id}/{book_id}': {book_id} "
        "appears twice; each path parameter appears once",
    ),
    "path without a leading slash": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "{book_id}"}',
        BOOKS + ":12:31: operations.get_book.rest.path: '{book_id}' must start with /",
    ),
    "path with a space": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/{book_id}/cover art"}',
        BOOKS + ":12:31: operations.get_book.rest.path: '/{book_id}/cover art': spaces are "
        "not allowed in a path; use - or _",
    ),
    "path with a query string": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/{book_id}?full=1"}',
        BOOKS + ":12:31: operations.get_book.rest.path: '/{book_id}?full=1': a query string "
        "is not part of the path; declare the parameter with `in: query`",
    ),
    "path with a fragment": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/{book_id}#top"}',
        BOOKS + ":12:31: operations.get_book.rest.path: '/{book_id}#top': a fragment never "
        "reaches the server; remove it",
    ),
    "pattern that is not a regular expression": (
        MODELS,
        "title: {type: string, min_length: 1",
        'title: {type: string, pattern: "[a-", min_length: 1',
        MODELS + ":11:38: models.Book.fields.title.pattern: '[a-' is not a regular expression "
        "pydantic accepts: unclosed character class",
    ),
    "pattern with look-around": (
        MODELS,
        "title: {type: string, min_length: 1",
        'title: {type: string, pattern: "^(?!x)", min_length: 1',
        MODELS + ":11:38: models.Book.fields.title.pattern: '^(?!x)' is not a regular "
        "expression pydantic accepts: look-around, including look-ahead and "
        "look-behind, is not supported",
    ),
    "length limit on an int": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 1, min_length: 1, optional: true}",
        MODELS + ":12:45: models.Book.fields.pages.min_length: min_length does not apply to "
        "int values; it takes ge, gt, le, lt",
    ),
    "pattern on a list": (
        MODELS,
        'tags: {type: "list[string]", default: []}',
        'tags: {type: "list[string]", pattern: "x", default: []}',
        MODELS + ":15:45: models.Book.fields.tags.pattern: pattern does not apply to "
        "list[string] values; it takes min_length, max_length",
    ),
    "min_length above max_length": (
        MODELS,
        "title: {type: string, min_length: 1",
        "title: {type: string, min_length: 300",
        MODELS + ":11:41: models.Book.fields.title.min_length: min_length 300 and max_length "
        "200 leave no valid value",
    ),
    "ge above le": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 10, le: 5, optional: true}",
        MODELS + ":12:30: models.Book.fields.pages.ge: ge 10 and le 5 leave no valid value",
    ),
    "default below ge": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 1, default: 0}",
        MODELS + ":12:42: models.Book.fields.pages.default: default 0 is not a valid int: "
        "input should be greater than or equal to 1",
    ),
    "default longer than max_length": (
        MODELS,
        "title: {type: string, min_length: 1, max_length: 200}",
        "title: {type: string, min_length: 1, max_length: 3, default: long}",
        MODELS + ":11:68: models.Book.fields.title.default: default 'long' is not a valid "
        "string: string should have at most 3 characters",
    ),
    "default for a datetime": (
        MODELS,
        "created_at: {type: datetime, readonly: true}",
        'created_at: {type: datetime, readonly: true, default: "2024-01-01T00:00:00Z"}',
        MODELS + ":19:61: models.Book.fields.created_at.default: datetime values cannot have a "
        "default; make it optional or leave it required",
    ),
    "default null": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 1, default: null}",
        MODELS + ":12:42: models.Book.fields.pages.default: a default of null means optional: "
        "write `optional: true` and leave default out",
    ),
    "infinite limit": (
        MODELS,
        "pages: {type: int, ge: 1, optional: true}",
        "pages: {type: int, ge: 1, le: .inf, optional: true}",
        MODELS + ":12:37: models.Book.fields.pages.le: a limit must be a finite number, not inf",
    ),
    "query default outside its limits": (
        BOOKS,
        "list_books:\n",
        "list_books:\n    params: [{name: limit, in: query, type: int, le: 100, default: 500}]\n",
        BOOKS + ":14:68: operations.list_books.params[0].default: default 500 is not a valid "
        "int: input should be less than or equal to 100",
    ),
    "path parameter with a default": (
        BOOKS,
        "params: [{name: book_id, type: uuid}]\n    output: BookRead",
        "params: [{name: book_id, type: string, default: x}]\n    output: BookRead",
        BOOKS + ":10:53: operations.get_book.params[0].default: a path parameter is always "
        "given; remove default",
    ),
    "event named events": (
        EVENTS,
        "events:\n",
        "events:\n  events:\n    message: BookRead\n    channel: all.events\n",
        EVENTS + ":3:5: events.events: event 'events' would be the constant EVENTS, which is "
        "the tuple of every event in the generated events module; choose another name",
    ),
    "enum member listed twice": (
        MODELS,
        "BookStatus: [wishlist, reading, finished]",
        "BookStatus: [wishlist, reading, wishlist]",
        MODELS + ":2:35: enums.BookStatus[2]: member 'wishlist' is listed twice",
    ),
    "YAML boolean in an enum": (
        MODELS,
        "BookStatus: [wishlist, reading, finished]",
        "BookStatus: [wishlist, reading, finished, on]",
        MODELS + ":2:45: enums.BookStatus[3]: YAML reads the unquoted word on as true, not as "
        'a name; quote it: "on"',
    ),
    "YAML null in an enum": (
        MODELS,
        "BookStatus: [wishlist, reading, finished]",
        "BookStatus: [wishlist, reading, finished, null]",
        MODELS + ":2:45: enums.BookStatus[3]: YAML reads the unquoted word null as null, not "
        'as a name; quote it: "null"',
    ),
    "YAML boolean as a field name": (
        MODELS,
        "name: {type: string, min_length: 1}",
        "name: {type: string, min_length: 1}\n      on: {type: bool}",
        MODELS + ":7:7: models.Author.fields.on: YAML reads the unquoted word on as true, not "
        'as a name; quote it: "on"',
    ),
    "complex key": (
        MODELS,
        "name: {type: string, min_length: 1}",
        "name: {type: string, min_length: 1}\n      ? [a, b]\n      : {type: int}",
        MODELS + ":7:9: models.Author.fields: a key must be a plain name, not a list or a mapping",
    ),
    "recursive alias": (
        MODELS,
        "name: {type: string, min_length: 1}",
        "name: &loop {type: string, min_length: 1, description: *loop}",
        MODELS + ":6:13: models.Author.fields.name.description: this alias refers to a node "
        "that contains it (recursion)",
    ),
    "out-of-range date": (
        MODELS,
        "published: {type: date, optional: true}",
        "published: {type: date, optional: true, description: 2024-02-30}",
        MODELS + ":18:60: models.Book.fields.published.description: '2024-02-30' is not a "
        "valid value: day is out of range for month",
    ),
    "custom tag": (
        MODELS,
        "published: {type: date, optional: true}",
        "published: {type: !custom date, optional: true}",
        MODELS + ":18:25: models.Book.fields.published.type: the tag '!custom' is not allowed "
        "in specs; remove it",
    ),
    "success status that is not 2xx": (
        BOOKS,
        'rest: {method: POST, path: "", status: 201}',
        'rest: {method: POST, path: "", status: 302}',
        BOOKS + ":7:44: operations.create_book.rest.status: 302 is not a success status; "
        "status is the 2xx answer of a success, error statuses go under errors",
    ),
    "error status that is not an error": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/{book_id}", errors: {200: fine}}',
        BOOKS + ":12:54: operations.get_book.rest.errors[200]: 200 is not an error status "
        "(4xx or 5xx); errors lists those",
    ),
    "operation with no transport": (
        BOOKS,
        "events: {subscribe: book_added, publish_on_error: book_not_indexed}",
        "",
        BOOKS + ":20:5: operations.index_book: the operation has no transport: add rest (an "
        "HTTP route) or events.subscribe (the event that triggers it)",
    ),
    "subscribe to an unknown event": (
        BOOKS,
        "subscribe: book_added,",
        "subscribe: book_aded,",
        BOOKS + ":22:25: operations.index_book.events.subscribe: unknown event 'book_aded' "
        "(did you mean 'book_added'?)",
    ),
    "subscribed input is not the message": (
        BOOKS,
        "input: BookRead\n    events: {subscribe",
        "input: Author\n    events: {subscribe",
        BOOKS + ":21:12: operations.index_book.input: the operation is triggered by event "
        "'book_added', which carries BookRead, so its input must be BookRead, not "
        "Author",
    ),
    "subscribed operation without input": (
        BOOKS,
        "input: BookRead\n    events: {subscribe",
        "events: {subscribe",
        BOOKS + ":21:25: operations.index_book.events.subscribe: event 'book_added' carries "
        "BookRead; add input: BookRead",
    ),
    "subscribed operation with params": (
        BOOKS,
        "input: BookRead\n    events: {subscribe",
        "input: BookRead\n    params: [{name: x, in: query, type: int}]\n    events: {subscribe",
        BOOKS + ":22:13: operations.index_book.params: an operation triggered by an event "
        "receives only the message; remove params",
    ),
    "publish_on_error without subscribe": (
        BOOKS,
        "events: {publish_on_success: book_added}",
        "events: {publish_on_success: book_added, publish_on_error: book_not_indexed}",
        BOOKS + ":8:64: operations.create_book.events.publish_on_error: publish_on_error is "
        "for operations triggered by events.subscribe; an HTTP request gets its error "
        "as the response",
    ),
    "error event without message and error": (
        EVENTS,
        "message: BookIndexFailed",
        "message: Author",
        BOOKS + ":22:55: operations.index_book.events.publish_on_error: event "
        "'book_not_indexed' carries Author, but an error event's model needs the "
        "fields message: BookRead and error: string (the failed message and the error "
        "text), and no other required field",
    ),
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_spec_is_reported_exactly_and_nothing_is_written(
    case: tuple[str, str, str, str], library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file, old, new, expected = case
    spec = library / file
    text = spec.read_text()
    assert old in text, f"the case no longer applies to {file}"
    spec.write_text(text.replace(old, new, 1))
    before = snapshot(library)

    assert main(["generate", str(library)]) == 1

    errors = capsys.readouterr().err.splitlines()
    assert expected in errors
    assert len(errors) == 2, "one problem, then the summary: no follow-on noise"
    assert errors[-1].endswith("problem(s) in the specs; nothing was written")
    assert snapshot(library) == before


def test_every_problem_is_reported_at_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = library / BOOKS
    text = books.read_text().replace("input: BookCreate", "input: Nope")
    books.write_text(text.replace("publish_on_success: book_added", "publish_on_success: nope"))
    assert main(["validate", str(library)]) == 1
    errors = capsys.readouterr().err
    assert "unknown model 'Nope'" in errors
    assert "unknown event 'nope'" in errors
    assert "2 problem(s) in the specs" in errors
