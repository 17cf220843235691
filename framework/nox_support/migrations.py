"""Alembic for the services that have an `alembic.ini`: apply, write and check revisions.

Writing a revision (`makemigration`) and checking that the models and the revisions agree
(`migrations-check`) need a PostgreSQL at the head revision; nobody should have to keep one up
for that. They get a throwaway one: a container of its own, or a fresh database on the server
`TEST_POSTGRES_URL` names (as the integration tests do), dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from framework.nox_support import engines, servers
from framework.nox_support.venvs import BIN

# Run by the service's own Python, which has asyncpg: CREATE/DROP DATABASE cannot run in a
# transaction, so this is one statement on one connection.
_ADMINISTER = """
import asyncio, sys
import asyncpg

async def main(url, statement):
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
_NUMBERED = re.compile(r"^(\d+)_")


class MigrationError(Exception):
    """A migration step cannot be done as asked; the message says what to do instead."""


def alembic(directory: Path) -> str:
    return str(directory / ".venv" / BIN / "alembic")


def target_database(slug: str) -> str:
    """`DATABASE_URL`, or the dev database while `nox -s dev` runs."""
    if url := os.environ.get("DATABASE_URL"):
        return url
    try:
        engine = engines.find_engine()
    except engines.EngineError:
        engine = None
    url = servers.dev_database_url(engine, slug) if engine else None
    if url is None:
        raise MigrationError(
            "DATABASE_URL is not set and no dev database is running: start `nox -s dev`"
            " (in another terminal), or set DATABASE_URL to the database to migrate."
        )
    return url


@contextlib.contextmanager
def throwaway_database(slug: str, directory: Path) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for the `with` block."""
    server = os.environ.get("TEST_POSTGRES_URL")
    if server:
        yield from _database_on(server, directory)
        return
    engine = engines.find_engine()
    scratch = servers.throwaway_postgres(engine, slug)
    try:
        yield scratch.database_url
    finally:
        servers.stop(engine, scratch.containers)


def _database_on(server: str, directory: Path) -> Iterator[str]:
    parts = urlsplit(server)
    plain = urlunsplit(parts._replace(scheme=parts.scheme.split("+")[0]))
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    python = str(directory / ".venv" / BIN / "python")
    administer = [python, "-c", _ADMINISTER, plain]
    subprocess.run([*administer, f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    try:
        yield urlunsplit(urlsplit(plain)._replace(path=f"/{name}"))
    finally:
        subprocess.run(
            [*administer, f'DROP DATABASE "{name}" WITH (FORCE)'], check=False, capture_output=True
        )


def revisions(directory: Path) -> set[Path]:
    """The revision files of a service (alembic's `versions/` under its migrations)."""
    return set(directory.glob("src/*/migrations/versions/*.py")) - set(
        directory.glob("src/*/migrations/versions/__init__.py")
    )


def next_revision_id(directory: Path) -> list[str]:
    """`--rev-id 0002` after `0001_...`, so revisions sort by name; nothing when ids are hashes."""
    numbers = [
        int(match.group(1))
        for path in revisions(directory)
        if (match := _NUMBERED.match(path.name))
    ]
    if not numbers or len(numbers) != len(revisions(directory)):
        return []
    return ["--rev-id", f"{max(numbers) + 1:04d}"]
