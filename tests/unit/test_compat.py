"""`check-compat`: each class of breaking change fails and is named; additive changes pass, listed.

Every case edits the specs of tests/data/library after a commit, as a pull request would, and
runs the command against that commit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from framework.cli import main
from framework.compat.change import BREAKING, Change
from framework.compat.operations import compare_event
from framework.generate.openapi import render_openapi
from framework.project import load_project
from framework.specs.loader import load_specs
from framework.specs.model import Event

MODELS = Path("shared/spec/models.yaml")
EVENTS = Path("shared/spec/events.yaml")
BOOKS = Path("services/library/spec/books.yaml")
IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write_openapi(root: Path) -> None:
    project = load_project(root)
    specs = load_specs(project)
    domains = [domain for domain in specs.domains if domain.service == "library"]
    (root / "services/library/openapi.json").write_text(render_openapi(specs, "library", domains))


@pytest.fixture
def repo(library: Path) -> Path:
    """The library project committed on `main`, its OpenAPI document generated."""
    write_openapi(library)
    git(library, "init", "--quiet", "--initial-branch=main")
    git(library, "add", "--all")
    git(library, "commit", "--quiet", "--message", "the contract as released")
    return library


def edit(root: Path, path: Path, old: str, new: str) -> None:
    text = (root / path).read_text()
    assert old in text, f"{old!r} is not in {path}"
    (root / path).write_text(text.replace(old, new, 1))


def check_compat(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    if "Broken" not in (root / MODELS).read_text():
        write_openapi(root)  # as `nox -s generate` would before the check
    code = main(["check-compat", *args, "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


TITLE = "      title: {type: string, min_length: 1, max_length: 200}\n"
DELETE_BOOK = (
    "  delete_book:\n    params: [{name: book_id, type: uuid}]\n"
    '    rest: {method: DELETE, path: "/{book_id}", status: 204}\n'
)
PAGES = "      pages: {type: int, ge: 1, optional: true}\n"
BREAKS = {
    "field removed": (
        MODELS,
        "      published: {type: date, optional: true}\n",
        "",
        "BookRead.published: field removed",
    ),
    "field made required": (
        MODELS,
        PAGES,
        "      pages: {type: int, ge: 1}\n",
        "BookCreate.pages: made required",
    ),
    "field added as required": (
        MODELS,
        TITLE,
        TITLE + "      isbn: string\n",
        "BookCreate.isbn: field added as required",
    ),
    "type narrowed": (
        MODELS,
        '      price: {type: decimal, ge: 0, default: "0"}\n',
        "      price: {type: int, ge: 0, default: 0}\n",
        "BookRead.price: type changed from decimal to int",
    ),
    "enum member removed": (
        MODELS,
        "[wishlist, reading, finished]",
        "[wishlist, reading]",
        "BookStatus: member 'finished' removed",
    ),
    "limit tightened": (
        MODELS,
        TITLE,
        "      title: {type: string, min_length: 1, max_length: 100}\n",
        "BookCreate.title: max_length from 200 to 100 (tightened)",
    ),
    "lower limit raised": (
        MODELS,
        PAGES,
        "      pages: {type: int, ge: 10, optional: true}\n",
        "BookCreate.pages: lower limit from 1 to 10 (tightened)",
    ),
    "pattern added": (
        MODELS,
        TITLE,
        '      title: {type: string, min_length: 1, max_length: 200, pattern: "^[A-Z]"}\n',
        "BookCreate.title: pattern changed from None to '^[A-Z]'",
    ),
    "class removed": (
        MODELS,
        "      Update: {optional: [title, status], exclude: [author]}",
        "",
        "BookUpdate: class removed",
    ),
    "operation removed": (
        BOOKS,
        DELETE_BOOK,
        "",
        "library.delete_book: operation removed",
    ),
    "operation gone from the OpenAPI document": (
        BOOKS,
        DELETE_BOOK,
        "",
        "services/library/openapi.json DELETE /books/{book_id}: operation removed",
    ),
    "route changed": (
        BOOKS,
        'rest: {method: GET, path: "/{book_id}"}',
        'rest: {method: GET, path: "/by-id/{book_id}"}',
        "library.get_book: route changed from GET /books/{book_id} -> 200"
        " to GET /books/by-id/{book_id} -> 200",
    ),
    "parameter type changed": (
        BOOKS,
        "  get_book:\n    params: [{name: book_id, type: uuid}]",
        "  get_book:\n    params: [{name: book_id, type: string}]",
        "library.get_book(book_id): changed from path uuid to path string",
    ),
    "output changed": (
        BOOKS,
        'output: "list[BookRead]"',
        "output: BookRead",
        "library.list_books: output changed from list[BookRead] to BookRead",
    ),
    "status changed": (
        BOOKS,
        'rest: {method: POST, path: "", status: 201}',
        'rest: {method: POST, path: "", status: 200}',
        "services/library/openapi.json POST /books: success status 201 removed",
    ),
    "event channel changed": (
        EVENTS,
        "channel: book.added ",
        "channel: books.added ",
        "event book_added: channel changed from book.added to books.added",
    ),
}
ADDITIONS = {
    "field added": (
        MODELS,
        TITLE,
        TITLE + "      isbn: {type: string, optional: true}\n",
        "BookCreate.isbn: field added",
    ),
    "enum member added": (
        MODELS,
        "[wishlist, reading, finished]",
        "[wishlist, reading, finished, abandoned]",
        "BookStatus: member 'abandoned' added",
    ),
    "limit loosened": (
        MODELS,
        TITLE,
        "      title: {type: string, min_length: 1, max_length: 300}\n",
        "BookCreate.title: max_length from 200 to 300 (loosened)",
    ),
    "class added": (
        MODELS,
        "models:\n",
        "models:\n  Shelf:\n    fields:\n      name: string\n",
        "Shelf: class added",
    ),
    "operation added": (
        BOOKS,
        "operations:\n",
        "operations:\n  count_books:\n    output: int\n    rest: {method: GET, path: /count}\n",
        "library.count_books: operation added",
    ),
    "query parameter added": (
        BOOKS,
        'output: "list[BookRead]"',
        'params: [{name: limit, in: query, type: int, default: 20}]\n    output: "list[BookRead]"',
        "library.list_books(limit): parameter added",
    ),
    "event added": (
        EVENTS,
        "events:\n",
        "events:\n  book_shelved:\n    message: BookRead\n",
        "event book_shelved: event added",
    ),
}


@pytest.mark.parametrize(("path", "old", "new", "named"), BREAKS.values(), ids=BREAKS.keys())
def test_a_breaking_change_fails_and_is_named(
    repo: Path, capsys: pytest.CaptureFixture[str], path: Path, old: str, new: str, named: str
) -> None:
    edit(repo, path, old, new)
    code, output = check_compat(repo, capsys)
    assert code == 1, output
    breaking_part = output.split("breaking:\n", 1)[1].split("additive:\n", 1)[0]
    assert f"  {named}\n" in breaking_part
    assert "breaking change(s): clients and consumers built against" in output


@pytest.mark.parametrize(("path", "old", "new", "named"), ADDITIONS.values(), ids=ADDITIONS.keys())
def test_an_additive_change_passes_and_is_listed(
    repo: Path, capsys: pytest.CaptureFixture[str], path: Path, old: str, new: str, named: str
) -> None:
    edit(repo, path, old, new)
    code, output = check_compat(repo, capsys)
    assert code == 0, output
    assert "breaking:" not in output
    assert "additive:\n" in output
    assert f"  {named}\n" in output
    assert output.rstrip().endswith("no breaking change")


def test_an_event_whose_message_changes_breaks_its_consumers() -> None:
    old = Event("book_added", "book.added", "BookRead", None, True, True)
    new = Event("book_added", "book.added", "BookSummary", None, True, True)
    assert list(compare_event("event book_added", old, new)) == [
        Change(BREAKING, "event book_added", "message changed from BookRead to BookSummary")
    ]


def test_nothing_changed_passes_and_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check_compat(repo, capsys)
    assert code == 0
    assert "(the merge-base of HEAD and main)" in output
    assert output.rstrip().endswith("no breaking change; nothing changed")


def test_a_ref_compares_with_that_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, MODELS, "      published: {type: date, optional: true}\n", "")
    write_openapi(repo)
    git(repo, "commit", "--quiet", "--all", "--message", "drop published")
    assert check_compat(repo, capsys)[0] == 0  # main itself moved: its merge-base is HEAD
    code, output = check_compat(repo, capsys, "HEAD~1")
    assert code == 1
    assert "(HEAD~1)" in output


def test_without_a_default_branch_the_latest_tag_is_the_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "tag", "library/v1.0.0")
    git(repo, "branch", "--move", "main", "feature")
    code, output = check_compat(repo, capsys)
    assert code == 0
    assert "(tag library/v1.0.0)" in output


def test_an_unknown_ref_is_one_line_saying_what_to_pass(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check_compat(repo, capsys, "no-such-branch")
    assert code == 2
    assert output.strip() == (
        "error: 'no-such-branch' is no commit, branch or tag here; pass one git knows"
    )


def test_with_nothing_to_compare_with_it_says_to_name_a_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "branch", "--move", "main", "feature")
    code, output = check_compat(repo, capsys)
    assert code == 2
    assert "name a ref: nox -s check-compat -- REF" in output


def test_specs_that_do_not_load_at_the_ref_are_named(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, MODELS, "models:\n", "models:\n  Broken: 5\n")
    git(repo, "commit", "--quiet", "--all", "--message", "broken")
    code, output = check_compat(repo, capsys, "HEAD")
    assert code == 2
    assert "the specs of HEAD do not load" in output


def test_outside_git_it_says_to_commit(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check_compat(library, capsys)
    assert code == 2
    assert "is not a git repository with a commit; commit, then compare" in output
