"""PostgreSQL and Redis for running the system: containers of this project, or given URLs.

`dev` and `smoke` need both servers. When `DATABASE_URL` and `REDIS_URL` are set in the
environment (an agent inside a container with no engine, a CI job with service containers),
those servers are used as they are. Otherwise the engine that answers runs the same images the
integration tests use (`TEST_POSTGRES_IMAGE`, `TEST_REDIS_IMAGE`) as containers named after the
project, PostgreSQL's data in a named volume so it survives a restart. Host ports are chosen by
the engine on 127.0.0.1, so two projects on one machine never collide; the URLs say where they are.

`smoke` and `e2e` get fresh servers instead: containers named for their run, without the volume,
so their test data never reaches the dev database and they can run while `dev` does.

Containers run with `--rm`: stopping one removes it, while the volume stays until `dev-clean`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

POSTGRES_IMAGE = "postgres:16-alpine"
REDIS_IMAGE = "redis:7-alpine"
# Local development credentials for a server bound to 127.0.0.1: not a secret to keep.
DEV_USER = "postgres"
DEV_PASSWORD = "postgres"  # noqa: S105
DEV_DATABASE = "dev"
READY_TIMEOUT = 90.0
# How long one engine command may take. `run` may pull an image first; anything else answers in
# seconds from an engine that works. Past these, the engine is wedged: say so instead of hanging.
RUN_TIMEOUT = 600.0
COMMAND_TIMEOUT = 60.0


class ServerError(Exception):
    """A server could not be started or reached; the message says what to do."""


@dataclass(frozen=True)
class Container:
    """One container this project runs: its name, image, port inside, and how to start it."""

    name: str
    image: str
    port: int
    options: tuple[str, ...] = ()
    ready: tuple[str, ...] = ()


@dataclass
class Servers:
    """Where PostgreSQL and Redis are, and the containers started for them (stop those)."""

    database_url: str
    redis_url: str
    containers: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url}


def dev_containers(slug: str) -> tuple[Container, Container]:
    """The project's PostgreSQL (data in the volume `<slug>-dev-postgres`) and Redis."""
    postgres = Container(
        name=f"{slug}-dev-postgres",
        image=os.environ.get("TEST_POSTGRES_IMAGE", POSTGRES_IMAGE),
        port=5432,
        options=(
            f"--volume={slug}-dev-postgres:/var/lib/postgresql/data",
            f"--env=POSTGRES_USER={DEV_USER}",
            f"--env=POSTGRES_PASSWORD={DEV_PASSWORD}",
            f"--env=POSTGRES_DB={DEV_DATABASE}",
        ),
        # Over TCP: during its first start the image runs a socket-only server to initialise.
        ready=("pg_isready", "--host", "127.0.0.1", "--username", DEV_USER),
    )
    redis = Container(
        name=f"{slug}-dev-redis",
        image=os.environ.get("TEST_REDIS_IMAGE", REDIS_IMAGE),
        port=6379,
        ready=("redis-cli", "ping"),
    )
    return postgres, redis


def fresh_containers(slug: str, purpose: str) -> tuple[Container, Container]:
    """PostgreSQL without the volume, and Redis, named for this run: nothing kept or shared."""
    postgres, redis = dev_containers(slug)
    prefix = f"{slug}-{purpose}-{os.getpid()}"
    return (
        replace(postgres, name=f"{prefix}-postgres", options=postgres.options[1:]),
        replace(redis, name=f"{prefix}-redis"),
    )


def volumes(slug: str) -> list[str]:
    return [f"{slug}-dev-postgres"]


def from_environment() -> Servers | None:
    """The servers named by `DATABASE_URL` and `REDIS_URL`, when both are set."""
    database, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    return Servers(database, redis) if database and redis else None


def start(engine: str, slug: str, log: Callable[[str], None], fresh: str | None = None) -> Servers:
    """Start the project's dev containers (refusing if another `dev` holds them), or with
    `fresh` naming the run (`smoke`, `e2e`) containers of its own; wait until they answer."""
    postgres, redis = fresh_containers(slug, fresh) if fresh else dev_containers(slug)
    for container in (postgres, redis):
        if not fresh and is_running(engine, container.name):
            raise ServerError(
                f"{container.name} is already running: another `nox -s dev` of this project"
                f" holds it; stop that one first (or `{engine} stop {container.name}`)."
            )
    started: list[str] = []
    try:
        for container in (postgres, redis):
            run(engine, container)
            started.append(container.name)
        for container in (postgres, redis):
            wait_until_ready(engine, container)
    except BaseException:
        stop(engine, started)
        raise
    pg_port, redis_port = host_port(engine, postgres), host_port(engine, redis)
    log(f"PostgreSQL {postgres.image} as {postgres.name}, Redis {redis.image} as {redis.name}")
    return Servers(
        f"postgresql://{DEV_USER}:{DEV_PASSWORD}@127.0.0.1:{pg_port}/{DEV_DATABASE}",
        f"redis://127.0.0.1:{redis_port}/0",
        started,
    )


def dev_database_url(engine: str, slug: str) -> str | None:
    """The URL of the dev database while `dev` runs, else None."""
    postgres, _ = dev_containers(slug)
    if not is_running(engine, postgres.name):
        return None
    port = host_port(engine, postgres)
    return f"postgresql://{DEV_USER}:{DEV_PASSWORD}@127.0.0.1:{port}/{DEV_DATABASE}"


def engine_command(
    engine: str, *arguments: str, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one engine command and return what it did; a command that hangs is a ServerError.

    A wedged engine (a podman service stuck on a lock, a Docker daemon that stopped answering)
    would otherwise hold `dev`, `smoke` or `e2e` forever without a word.
    """
    timeout = COMMAND_TIMEOUT if timeout is None else timeout
    try:
        return subprocess.run(
            [engine, *arguments], capture_output=True, text=True, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise ServerError(
            f"`{engine} {arguments[0]}` did not finish within {timeout:g} s: the container"
            f" engine is not answering. Check it with `{engine} ps`; restart its service (or"
            f" Docker Desktop) if that hangs too, then run the session again."
        ) from None


def run(engine: str, container: Container) -> None:
    """Start a container in the background, its port published on an engine-chosen host port."""
    result = engine_command(
        engine, "run", "--detach", "--rm", "--name", container.name,
        "--publish", f"127.0.0.1::{container.port}", *container.options, container.image,
        timeout=RUN_TIMEOUT,
    )  # fmt: skip
    if result.returncode != 0:
        raise ServerError(
            f"`{engine} run` could not start {container.name} from {container.image}:"
            f" {result.stderr.strip() or result.stdout.strip()}"
        )


def wait_until_ready(engine: str, container: Container) -> None:
    """Poll the server's own readiness command inside its container until it answers."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if engine_command(engine, "exec", container.name, *container.ready).returncode == 0:
            return
        if not is_running(engine, container.name):
            logs = engine_command(engine, "logs", container.name)
            raise ServerError(f"{container.name} stopped while starting:\n{logs.stderr[-2000:]}")
        time.sleep(0.3)
    raise ServerError(f"{container.name} did not become ready within {READY_TIMEOUT:.0f} s")


def host_port(engine: str, container: Container) -> int:
    """The host port the engine published the container's port on."""
    result = engine_command(engine, "port", container.name, f"{container.port}/tcp")
    published = result.stdout.strip().splitlines()[:1]  # `127.0.0.1:PORT`, then perhaps IPv6
    port = published[0].rpartition(":")[2] if published else ""
    if result.returncode != 0 or not port.isdigit():
        raise ServerError(
            f"`{engine} port {container.name} {container.port}/tcp` named no host port:"
            f" {result.stderr.strip() or result.stdout.strip() or 'no output'}"
        )
    return int(port)


def is_running(engine: str, name: str) -> bool:
    return bool(
        engine_command(engine, "ps", "--quiet", "--filter", f"name=^{name}$").stdout.strip()
    )


def stop(engine: str, names: list[str]) -> None:
    """Stop (and so remove) containers; a name that is already gone is fine."""
    if names:
        engine_command(engine, "stop", "--time", "10", *names)


def remove_all(engine: str, slug: str) -> list[str]:
    """Remove the project's dev containers and volumes; what was removed."""
    removed = []
    for container in dev_containers(slug):
        result = engine_command(engine, "rm", "--force", container.name)
        if result.returncode == 0 and result.stdout.strip():
            removed.append(container.name)
    for volume in volumes(slug):
        result = engine_command(engine, "volume", "rm", "--force", volume)
        if result.returncode == 0 and result.stdout.strip():
            removed.append(volume)
    return removed


def throwaway_postgres(engine: str, slug: str) -> Servers:
    """A fresh PostgreSQL of its own (no volume), for `makemigration` and `migrations-check`."""
    scratch, _ = fresh_containers(slug, "scratch")
    run(engine, scratch)
    try:
        wait_until_ready(engine, scratch)
        port = host_port(engine, scratch)
    except BaseException:
        stop(engine, [scratch.name])
        raise
    url = f"postgresql://{DEV_USER}:{DEV_PASSWORD}@127.0.0.1:{port}/{DEV_DATABASE}"
    return Servers(url, "", [scratch.name])
