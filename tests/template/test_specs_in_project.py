"""Spec-first work in a generated project: add a domain, generate, implement, stay green."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.projects import git, run_fails, run_ok, set_up

MODELS = """
  Book:
    description: A book on a shelf.
    fields:
      id: {type: uuid, readonly: true}
      title: {type: string, min_length: 1, max_length: 200}
      pages: {type: int, ge: 1, optional: true}
      status: {type: BookStatus, default: wishlist}
      tags: {type: "list[string]", default: []}
      created_at: {type: datetime, readonly: true}
    variants:
      Create: {}
      Read: {}
"""
ENUMS = """
enums:
  BookStatus: [wishlist, reading, finished]
"""
EVENTS = """
  book_added:
    message: BookRead
"""
DOMAIN = """\
domain: books
rest: {prefix: /books, tags: [books]}
operations:
  create_book:
    input: BookCreate
    output: BookRead
    rest: {method: POST, status: 201}
    events: {publish_on_success: book_added}
  get_book:
    params: [{name: book_id, type: uuid}]
    output: BookRead
    rest: {method: GET, path: "/{book_id}", errors: {404: No book has this id}}
"""
CONTROLLER = '''\
"""Books, kept in memory: enough to show a new domain end to end."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from backend.errors import DomainError
from shared.generated.schemas import BookCreate, BookRead

SHELF: dict[UUID, BookRead] = {}


class BookNotFound(DomainError):  # noqa: N818
    """No book has this id."""


class BooksController:
    """Implements BooksControllerProtocol."""

    async def create_book(self, data: BookCreate) -> BookRead:
        """Put a book on the shelf."""
        book = BookRead(id=uuid4(), created_at=datetime.now(UTC), **data.model_dump())
        SHELF[book.id] = book
        return book

    async def get_book(self, book_id: UUID) -> BookRead:
        """Take a book off the shelf to look at it."""
        if book_id not in SHELF:
            raise BookNotFound(f"book {book_id} not found")
        return SHELF[book_id]


def provide_controller() -> BooksController:
    """One controller per request."""
    return BooksController()
'''
TEST = """\
from __future__ import annotations

from tests.unit.conftest import Api


async def test_a_book_can_be_added_and_read_back(api: Api) -> None:
    created = await api.client.post("/books", json={"title": "Dune", "tags": ["sf"]})
    assert created.status_code == 201
    assert created.json()["status"] == "wishlist"

    fetched = await api.client.get(f"/books/{created.json()['id']}")
    assert fetched.json() == created.json()


async def test_a_missing_title_is_a_validation_error(api: Api) -> None:
    response = await api.client.post("/books", json={"pages": 3})
    assert response.status_code == 422
"""


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_a_new_domain_goes_from_spec_to_working_endpoint(tmp_path: Path) -> None:
    project = set_up(tmp_path / "shelf", ["backend"])
    models = project / "shared" / "spec" / "models.yaml"
    models.write_text(models.read_text().replace("\nmodels:\n", f"{ENUMS}\nmodels:\n{MODELS}"))
    append(project / "shared" / "spec" / "events.yaml", EVENTS)
    (project / "services" / "backend" / "spec" / "books.yaml").write_text(DOMAIN)

    output = run_ok(project, "-s", "generate")
    assert "wrote services/backend/src/backend/generated/routers/books.py" in output

    # Until the controller exists, lint says exactly what to write.
    missing = run_fails(project, "-s", "lint")
    assert (
        "domain books has no controller: create"
        " services/backend/src/backend/controllers/books.py with class BooksController"
    ) in missing

    backend = project / "services" / "backend"
    (backend / "src" / "backend" / "controllers" / "books.py").write_text(CONTROLLER)
    (backend / "tests" / "unit" / "test_books.py").write_text(TEST)
    run_ok(project, "-s", "format")
    for session in ("lint", "check-generated", "typecheck(backend)", "test(backend)"):
        run_ok(project, "-s", session)

    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "books")
    router = backend / "src" / "backend" / "generated" / "routers" / "books.py"
    router.write_text(router.read_text().replace("status_code=201", "status_code=200"))
    edited = run_fails(project, "-s", "check-generated")
    assert (
        "services/backend/src/backend/generated/routers/books.py:"
        " differs from what the specs generate"
    ) in edited


# docs/specs.md's example, plus what the template's bot already calls.
CONSUMES = """\
consumes:
  - service: backend
    operations: [create_user, get_user, register_telegram_user]
"""
CLIENT_TEST = """\
from __future__ import annotations

import json

import httpx
import pytest

from shared.generated.schemas import UserCreate
from tg_bot.generated.clients.backend import BackendClient, CreateUserConflictError

USER = {
    "id": "0b8e3c8e-8d6a-4a53-9f0e-5c1b0c7f9a11",
    "email": "ada@example.com",
    "name": "Ada",
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z",
}


async def test_the_client_sends_the_model_and_reads_the_answer() -> None:
    sent: list[dict[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json=USER)

    async with BackendClient("http://backend", transport=httpx.MockTransport(answer)) as client:
        user = await client.create_user(UserCreate(email="ada@example.com", name="Ada"))
    assert sent == [{"email": "ada@example.com", "name": "Ada"}]
    assert (user.name, str(user.id)) == ("Ada", USER["id"])


async def test_a_listed_error_status_is_its_own_exception() -> None:
    taken = httpx.MockTransport(lambda _: httpx.Response(409, json={"detail": "taken"}))
    async with BackendClient("http://backend", transport=taken) as client:
        with pytest.raises(CreateUserConflictError) as raised:
            await client.create_user(UserCreate(email="ada@example.com", name="Ada"))
    assert (raised.value.status, raised.value.detail) == (409, "taken")
"""


def test_a_consumer_gets_a_typed_client_of_the_provider(tmp_path: Path) -> None:
    """docs/specs.md's consumes.yaml example, from spec to a typed, tested client."""
    project = set_up(tmp_path / "clients")
    bot = project / "services" / "tg_bot"
    (bot / "spec" / "consumes.yaml").write_text(CONSUMES)
    output = run_ok(project, "-s", "generate")
    assert "wrote services/tg_bot/src/tg_bot/generated/clients/backend.py" in output
    (bot / "tests" / "unit" / "test_backend_client.py").write_text(CLIENT_TEST)
    run_ok(project, "-s", "format")
    for session in ("lint", "check-generated", "typecheck(tg_bot)", "test(tg_bot)"):
        run_ok(project, "-s", session)

    (bot / "spec" / "consumes.yaml").write_text(CONSUMES.replace("get_user", "get_users"))
    refused = run_fails(project, "-s", "generate")
    assert (
        "services/tg_bot/spec/consumes.yaml:3:31: consumes[0].operations[1]: the service has no"
        " HTTP operation 'get_users' (did you mean 'get_user'?)"
    ) in refused
