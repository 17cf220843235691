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
    "model with variants used by its base name": (
        BOOKS,
        '    output: "list[BookRead]"',
        '    output: "list[Book]"',
        f"{BOOKS}:14:13: operations.list_books.output: unknown type 'Book'"
        " (Book has variants; use one of: BookCreate, BookUpdate, BookRead)",
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
        f"{BOOKS}:19:56: operations.delete_book.rest.status:"
        " status 204 means no body, but the operation has an output; remove one",
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
