"""Hand-written code against the specs: compliance and controller sync."""

from __future__ import annotations

from pathlib import Path

from framework.checks import check_code
from framework.project import load_project
from framework.specs.loader import load_specs

CONTROLLER = Path("services/library/src/library/controllers/books.py")


def problems(root: Path) -> list[str]:
    project = load_project(root)
    return [str(problem) for problem in check_code(project, load_specs(project))]


def test_the_example_controller_matches_its_spec(library: Path) -> None:
    assert problems(library) == []


def test_a_missing_controller_module_names_what_to_create(library: Path) -> None:
    (library / CONTROLLER).unlink()
    assert problems(library) == [
        "services/library/spec/books.yaml:1: domain books has no controller: create"
        f" {CONTROLLER} with class BooksController implementing"
        " services/library/src/library/generated/protocols.py (BooksControllerProtocol),"
        " and a provide_controller dependency and a provide_event_controller dependency"
        " (for its subscribers)"
    ]


def test_a_missing_method_names_both_files(library: Path) -> None:
    path = library / CONTROLLER
    path.write_text(path.read_text().replace("def list_books", "def list_all_books"))
    assert problems(library) == [
        f"{CONTROLLER}:10: BooksController has no method list_books for the operation at"
        " services/library/spec/books.yaml:13; see"
        " services/library/src/library/generated/protocols.py (BooksControllerProtocol)",
        f"{CONTROLLER}:17: BooksController.list_all_books is public but"
        " services/library/spec/books.yaml has no operation list_all_books;"
        " add the operation to the spec or make the method private (_name)",
    ]


def test_a_wrong_signature_shows_the_expected_one(library: Path) -> None:
    path = library / CONTROLLER
    path.write_text(path.read_text().replace("book_id: UUID) -> BookRead", "id: str) -> BookRead"))
    assert problems(library) == [
        f"{CONTROLLER}:14: BooksController.get_book must be"
        " `async def get_book(self, book_id: UUID) -> BookRead` to match the operation at"
        " services/library/spec/books.yaml:9"
        " (services/library/src/library/generated/protocols.py (BooksControllerProtocol)),"
        " not `async def get_book(self, id: str) -> BookRead`"
    ]


def test_provide_controller_is_required(library: Path) -> None:
    path = library / CONTROLLER
    path.write_text(path.read_text().replace("def provide_controller", "def make_controller"))
    assert problems(library) == [
        f"{CONTROLLER}:1: no provide_controller function: the generated router for books"
        " (services/library/spec/books.yaml) gets its BooksController from it"
    ]


def test_hand_written_models_and_routes_for_spec_owned_things_are_refused(library: Path) -> None:
    module = library / "services/library/src/library/api.py"
    module.write_text(
        "from fastapi import APIRouter\n"
        "from pydantic import BaseModel\n\n"
        "class BookRead(BaseModel):\n"
        "    title: str\n\n"
        'router = APIRouter(prefix="/books")\n'
        "other = APIRouter()\n\n"
        '@other.get("/books/{book_id}/cover")\n'
        "def cover() -> None: ...\n\n"
        '@other.get("/health")\n'
        "def health() -> None: ...\n"
    )
    generated = "services/library/src/library/generated/routers/books.py"
    assert problems(library) == [
        "services/library/src/library/api.py:4: class BookRead is owned by the spec"
        " (shared/spec/models.yaml); import it from shared.generated.schemas instead of"
        " defining it",
        "services/library/src/library/api.py:7: routes under /books belong to the books spec"
        f" (services/library/spec/books.yaml); they are generated in {generated}",
        "services/library/src/library/api.py:10: routes under /books belong to the books spec"
        f" (services/library/spec/books.yaml); they are generated in {generated}",
    ]


def test_generated_code_may_define_what_the_spec_owns(library: Path) -> None:
    generated = library / "shared" / "shared" / "generated"
    generated.mkdir()
    (generated / "schemas.py").write_text("class BookRead:\n    pass\n")
    assert problems(library) == []
