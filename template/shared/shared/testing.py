"""Pytest fixtures that give integration tests a real PostgreSQL and a real Redis.

Installed as a pytest plugin by the `testing` extra of `shared` (every service's dev group has it),
so `postgres_url`, `redis_url` and `redis_key_prefix` are available to any test. Where the servers
come from:

- `TEST_POSTGRES_URL` / `TEST_REDIS_URL` set: those servers. This is the way for an agent inside a
  container without Docker-in-Docker, or a CI job with service containers.
- otherwise testcontainers starts `TEST_POSTGRES_IMAGE` / `TEST_REDIS_IMAGE` (default
  `postgres:16-alpine` and `redis:7-alpine`) once per test session, and removes them at the end:
  after a failure, on Ctrl-C and on SIGTERM too.
- neither an engine nor URLs: the run stops at once with one paragraph that names both ways out.

Either way each run works in a database of its own (created here, dropped afterwards) and under
its own Redis key prefix, so two runs against one server do not collide.

Nothing here imports testcontainers, docker or asyncpg until a fixture needs them, and
testcontainers not before an engine answers: the plugin loads in every pytest run, unit tests
included, and a run with no engine should stop at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import pytest

if TYPE_CHECKING:
    from types import FrameType

    from testcontainers.core.container import DockerContainer

POSTGRES_IMAGE = "postgres:16-alpine"
REDIS_IMAGE = "redis:7-alpine"
DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock"  # where the docker SDK looks without one
NO_SERVERS = (
    "Integration tests need PostgreSQL and Redis, but no container engine answers ({reason})"
    " and TEST_POSTGRES_URL / TEST_REDIS_URL are not set. Either start Docker or Podman and"
    " point DOCKER_HOST at its socket (testcontainers then starts {postgres} and {redis} and"
    " removes them afterwards; TEST_POSTGRES_IMAGE / TEST_REDIS_IMAGE choose other images), or"
    " run the servers yourself and set TEST_POSTGRES_URL=postgresql://user:password@host:5432/"
    "postgres and TEST_REDIS_URL=redis://host:6379/0."
)


@pytest.fixture(scope="session")
def postgres_server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A `postgresql://` URL of a server this run may create databases on."""
    if url := os.environ.get("TEST_POSTGRES_URL"):
        yield without_driver(url)
        return
    require_engine(request.session)
    from testcontainers.community.postgres import PostgresContainer

    image = os.environ.get("TEST_POSTGRES_IMAGE", POSTGRES_IMAGE)
    postgres = PostgresContainer(image, driver=None)
    with running(postgres):
        yield postgres.get_connection_url()


@pytest.fixture(scope="session")
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A `postgresql://` URL of a fresh database that only this run uses; dropped at the end."""
    name = f"test_{uuid4().hex[:16]}"
    asyncio.run(_administer(postgres_server_url, f'CREATE DATABASE "{name}"'))
    try:
        yield with_database(postgres_server_url, name)
    finally:
        asyncio.run(_administer(postgres_server_url, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def redis_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A `redis://` URL of a server for this run."""
    if url := os.environ.get("TEST_REDIS_URL"):
        yield url
        return
    require_engine(request.session)
    from testcontainers.community.redis import RedisContainer

    image = os.environ.get("TEST_REDIS_IMAGE", REDIS_IMAGE)
    redis = RedisContainer(image)
    with running(redis):
        host = redis.get_container_host_ip()
        yield f"redis://{host}:{redis.get_exposed_port(6379)}/0"


@pytest.fixture(scope="session")
def redis_key_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this run's own; every key under it is deleted at the end."""
    from redis import Redis

    prefix = f"test:{uuid4().hex[:16]}:"
    yield prefix
    with Redis.from_url(redis_url) as client:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)


@contextmanager
def running(container: DockerContainer) -> Iterator[None]:
    """Start a container and always remove it, whatever ends the test session."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with container:
            yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def require_engine(session: pytest.Session) -> None:
    """Fail with guidance, and stop the run after this test, when no container engine answers.

    A failure rather than `pytest.exit`: pytest reports an exit like a Ctrl-C, with a traceback
    built from the source of every frame, which costs a second and says nothing more.
    """
    reason = engine_problem()
    if reason is None:
        return
    session.shouldstop = "no PostgreSQL and Redis for the integration tests"
    pytest.fail(
        NO_SERVERS.format(
            reason=reason,
            postgres=os.environ.get("TEST_POSTGRES_IMAGE", POSTGRES_IMAGE),
            redis=os.environ.get("TEST_REDIS_IMAGE", REDIS_IMAGE),
        ),
        pytrace=False,
    )


def engine_problem() -> str | None:
    """Why no container engine answers at DOCKER_HOST (or Docker's default socket), or None.

    A socket that does not exist, the usual case on a machine without an engine, is told without
    the docker SDK, whose import alone takes a fifth of a second; anything else asks the engine.
    """
    host = os.environ.get("DOCKER_HOST") or DEFAULT_DOCKER_HOST
    socket = host.removeprefix("unix://")
    if host.startswith("unix://") and not os.path.exists(socket):
        return f"no socket at {socket}"
    import docker

    try:
        docker.from_env(timeout=10).close()
    except docker.errors.DockerException as error:
        # Only the first line: the engine's chain of connection errors says nothing more.
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return None


def without_driver(url: str) -> str:
    """`postgresql+asyncpg://...` as the plain `postgresql://...` that libpq and asyncpg accept."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=parts.scheme.split("+")[0]))


def with_database(url: str, database: str) -> str:
    """The same server URL, pointing at another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


async def _administer(server_url: str, statement: str) -> None:
    """Run one statement that cannot run inside a transaction (CREATE/DROP DATABASE)."""
    import asyncpg

    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    """Turn SIGTERM into Ctrl-C, so pytest tears fixtures down and the containers go."""
    print(f"received signal {signum}; stopping containers", file=sys.stderr)
    raise KeyboardInterrupt
