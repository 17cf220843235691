"""Generated service clients, run against a real HTTP server: types, errors, retries, timeouts.

The library example gets a second service, `reader`, whose spec/consumes.yaml names four
operations of `library`. The generated client is imported in a child process (it needs the
generated `shared` package) and called against a local HTTP server that answers from a script.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from framework.cli import main
from tests.unit.conftest import add_service

CONSUMES = """\
consumes:
  - service: library
    operations: [create_book, get_book, list_books, delete_book]
"""
SCENARIO = r"""
import asyncio, json, sys, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import httpx
from reader.generated.clients.library import (
    CreateBookConflictError, GetBookNotFoundError, LibraryClient, LibraryError,
)

BOOK = {"id": str(uuid.uuid4()), "title": "Dune", "pages": None, "price": "0",
        "status": "reading", "tags": [], "ratings": None, "author": {"name": "Frank"},
        "published": None, "created_at": "2026-01-01T00:00:00Z"}
answers = []   # (status, body, delay) served in order
requests = []

class Handler(BaseHTTPRequestHandler):
    def handle_one(self):
        length = int(self.headers.get("content-length") or 0)
        requests.append((self.command, self.path, self.rfile.read(length).decode()))
        status, body, delay = answers.pop(0)
        time.sleep(delay)
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_DELETE = handle_one
    def log_message(self, *args): pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_port}"
results = {}

async def outcome(name, call, *script):
    answers[:] = list(script)
    requests.clear()
    try:
        value = await call
        results[name] = ["ok", repr(type(value).__name__), len(requests)]
    except Exception as error:
        results[name] = [type(error).__name__, str(getattr(error, "detail", "")), len(requests)]

async def run():
    from shared.generated.schemas import Author, BookCreate
    async with LibraryClient(url, backoff=0.01, timeout=0.5) as client:
        book_id = uuid.UUID(BOOK["id"])
        new = BookCreate(title="Dune", author=Author(name="Frank"))
        await outcome("get after two 503", client.get_book(book_id),
                      (503, None, 0), (503, None, 0), (200, BOOK, 0))
        await outcome("post not retried on 503", client.create_book(new), (503, None, 0))
        await outcome("post conflict", client.create_book(new), (409, {"detail": "taken"}, 0))
        await outcome("get not found", client.get_book(book_id), (404, {"detail": "no"}, 0))
        await outcome("list", client.list_books(), (200, [BOOK, BOOK], 0))
        await outcome("delete", client.delete_book(book_id), (204, None, 0))
        await outcome("get timeout retried", client.get_book(book_id),
                      (200, BOOK, 1), (200, BOOK, 0))
        await outcome("post timeout not retried", client.create_book(new), (201, BOOK, 1))
        sent = requests[0]
    results["post body"] = json.loads(sent[2])
    server.shutdown()
    server.server_close()
    async with LibraryClient(url, backoff=0.01) as closed:
        await outcome("connection refused", closed.get_book(book_id))

asyncio.run(run())
print(json.dumps(results))
"""


@pytest.fixture
def results(library: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    books = library / "services/library/spec/books.yaml"
    text = books.read_text().replace(
        'rest: {method: POST, path: "", status: 201}',
        'rest: {method: POST, path: "", status: 201, errors: {409: Already on a shelf}}',
    )
    books.write_text(
        text.replace(
            'rest: {method: GET, path: "/{book_id}"}',
            'rest: {method: GET, path: "/{book_id}", errors: {404: No such book}}',
        )
    )
    reader = add_service(library, "reader")
    (reader / "spec").mkdir()
    (reader / "spec" / "consumes.yaml").write_text(CONSUMES)
    assert main(["generate", str(library)]) == 0, capsys.readouterr().err
    result = subprocess.run(
        [sys.executable, "-c", SCENARIO],
        cwd=library,
        env={"PYTHONPATH": f"{library / 'shared'}:{reader / 'src'}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_answers_come_back_typed_and_listed_errors_as_their_exceptions(
    results: dict[str, Any],
) -> None:
    assert results["list"] == ["ok", "'list'", 1]
    assert results["delete"] == ["ok", "'NoneType'", 1]
    assert results["post conflict"] == ["CreateBookConflictError", "taken", 1]
    assert results["get not found"] == ["GetBookNotFoundError", "no", 1]
    assert results["post body"] == {"title": "Dune", "author": {"name": "Frank"}}


def test_idempotent_calls_are_retried_and_others_are_not(
    results: dict[str, Any],
) -> None:
    assert results["get after two 503"] == ["ok", "'BookRead'", 3]
    assert results["post not retried on 503"] == ["LibraryError", "", 1]
    assert results["get timeout retried"] == ["ok", "'BookRead'", 2]
    assert results["post timeout not retried"][0] == "ReadTimeout"
    assert results["post timeout not retried"][2] == 1


def test_a_refused_connection_is_retried_then_raised(results: dict[str, Any]) -> None:
    assert results["connection refused"] == ["ConnectError", "", 0]


def test_a_model_named_like_a_generated_client_class_is_a_spec_error(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = add_service(library, "reader")
    (reader / "spec").mkdir()
    (reader / "spec" / "consumes.yaml").write_text(CONSUMES)
    models = library / "shared/spec/models.yaml"
    models.write_text(models.read_text() + "  LibraryClient:\n    fields: {name: string}\n")
    assert main(["generate", str(library)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "services/reader/spec/consumes.yaml:2:14: consumes[0].service: the client of 'library'"
        " defines LibraryClient, which models.yaml declares; rename that model"
    )
