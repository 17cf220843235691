"""What gets deployed: the services that run, found the way `nox -l` finds packages.

A service is deployed when it has a `Dockerfile` (it has an image) and a `[tool.framework.run]`
table (it is a long-running process, not a command-line tool). Everything the deploy files say
about it comes from those two files and from its settings class, so nothing is listed by hand:

    Dockerfile           `EXPOSE 8000`: an HTTP service, on that port inside its container
    [tool.framework.run] `health = "/health"`: the health endpoint; `requires`: variables
                         without which it cannot start (`nox -s up` leaves it out, saying why)
    alembic.ini          it has migrations: a one-shot migrate step runs before it starts
    package.json         a Node package (the frontend) says the same under "framework": "run",
                         and "api" names the services it calls: it gets `<SERVICE>_URL` for each
    generated/clients/   a Python service calls each service it has a generated client of
                         (`src/<package>/generated/clients/<service>.py`, from spec/consumes.yaml),
                         and gets `<SERVICE>_URL` for it too
    settings (config.py) which variables it reads, which of them are secrets, and whether it
                         needs PostgreSQL (`DATABASE_URL`) or Redis (`REDIS_URL`)

Standard library only: nox's own interpreter imports this for `nox -s up`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from framework.environment.contract import Contract, Variable, config_files, read_contract
from framework.node_manifest import api_table, framework_table
from framework.project import NODE, Package, Project, load_project

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - nox's interpreter on 3.10, where nox brings tomli
    import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]

DATABASE_VARIABLE = "DATABASE_URL"
REDIS_VARIABLE = "REDIS_URL"
SERVER_VARIABLES = (DATABASE_VARIABLE, REDIS_VARIABLE)
_REDIS_CLIENT = re.compile(
    r"^\s*(redis(?![\w.-])|faststream\[[^\]]*\bredis\b[^\]]*\])", flags=re.IGNORECASE
)
_EXPOSE = re.compile(r"^\s*EXPOSE\s+(\d+)", flags=re.MULTILINE | re.IGNORECASE)
CLIENTS = "generated/clients"  # where `generate` writes a service's typed clients


@dataclass(frozen=True)
class Deployable:
    """One service as the deploy files see it."""

    name: str
    port: int | None
    health: str | None
    ready: str | None
    requires: tuple[str, ...]
    migrations: bool
    variables: tuple[Variable, ...]
    sources: tuple[PurePosixPath, ...]
    database: bool = False
    redis: bool = False
    # What runs the image's health check: Python's standard library, or Node's fetch.
    kind: str = "python"
    # The HTTP services it calls, each with the port its image listens on: it reads each one's
    # address from `<SERVICE>_URL`.
    calls: tuple[tuple[str, int], ...] = ()

    @property
    def dns_name(self) -> str:
        """The name Kubernetes accepts (RFC 1123): `tg_bot` -> `tg-bot`."""
        return self.name.replace("_", "-")

    @property
    def reads(self) -> frozenset[str]:
        return frozenset(variable.name for variable in self.variables)

    @property
    def secrets(self) -> tuple[Variable, ...]:
        return tuple(variable for variable in self.variables if variable.secret)

    @property
    def migrate_name(self) -> str:
        return f"{self.name}-migrate"


@dataclass(frozen=True)
class System:
    """Every deployable service, in name order, and the variables they read together."""

    services: tuple[Deployable, ...]

    @property
    def variables(self) -> tuple[Variable, ...]:
        found = {variable.name: variable for s in self.services for variable in s.variables}
        return tuple(found[name] for name in sorted(found))

    @property
    def database(self) -> bool:
        return any(service.database for service in self.services)

    @property
    def redis(self) -> bool:
        return any(service.redis for service in self.services)

    @property
    def sources(self) -> tuple[PurePosixPath, ...]:
        return tuple(sorted({source for service in self.services for source in service.sources}))

    def named(self, name: str) -> Deployable:
        return next(service for service in self.services if service.name == name)


def discover(project: Project) -> System:
    """The project's deployable services, from their Dockerfiles, run tables and settings."""
    contract = read_contract(project)
    found = [_deployable(project, service, contract) for service in project.services]
    return System(tuple(service for service in found if service is not None))


def discover_at(root: Path) -> System:
    return discover(load_project(root))


def _deployable(project: Project, service: Package, contract: Contract) -> Deployable | None:
    dockerfile = service.path / "Dockerfile"
    table, run = _tables(service)
    if not dockerfile.is_file() or not run:
        return None
    port = _exposed_port(dockerfile)
    migrations = (service.path / "alembic.ini").is_file()
    reads = contract.declared.get(service.name, frozenset())
    return Deployable(
        name=service.name,
        port=port,
        health=run.get("health") if port is not None else None,
        ready=run.get("ready"),
        requires=tuple(str(name) for name in run.get("requires", ())),
        migrations=migrations,
        variables=tuple(variable for variable in contract.variables if variable.name in reads),
        sources=_sources(project, service),
        database=DATABASE_VARIABLE in reads or migrations,
        redis=REDIS_VARIABLE in reads or _uses_redis(table),
        kind=service.kind,
        calls=_calls(project, service),
    )


def _tables(service: Package) -> tuple[dict[str, Any], dict[str, Any]]:
    """The service's pyproject (empty for a Node package) and its run table, from either."""
    if service.kind == NODE:
        return {}, framework_table(service.path, "run")
    table = _pyproject(service.pyproject)
    return table, table.get("tool", {}).get("framework", {}).get("run", {})


def _calls(project: Project, service: Package) -> tuple[tuple[str, int], ...]:
    """The services of this project that a package calls and that serve HTTP in an image."""
    called = api_table(service.path) if service.kind == NODE else _clients(service)
    present = {package.name: package.path for package in project.services}
    ports = {
        name: _exposed_port(dockerfile)
        for name in sorted(called)
        if name in present and (dockerfile := present[name] / "Dockerfile").is_file()
    }
    return tuple((name, port) for name, port in ports.items() if port is not None)


def _clients(service: Package) -> set[str]:
    """The services a Python service has a generated client of: those it calls over HTTP.

    Read from the generated files rather than spec/consumes.yaml: this module parses no YAML,
    and `check-generated` keeps the two in step.
    """
    found = service.path.glob(f"src/*/{CLIENTS}/*.py")
    return {path.stem for path in found if path.stem != "__init__"}


def _exposed_port(dockerfile: Path) -> int | None:
    """The first port the image `EXPOSE`s: where its HTTP server listens inside the container."""
    exposed = _EXPOSE.search(dockerfile.read_text(encoding="utf-8"))
    return int(exposed.group(1)) if exposed else None


def _sources(project: Project, service: Package) -> tuple[PurePosixPath, ...]:
    """The files a service's deploy files are generated from: named in their header."""
    relative = PurePosixPath(service.path.relative_to(project.root).as_posix())
    configs = [relative / config.as_posix() for config in config_files(service)]
    # spec/consumes.yaml names the services it calls (`calls`), by the clients generated from it.
    consumes = [
        relative / "spec" / name
        for name in ("consumes.yaml", "consumes.yml")
        if (service.path / "spec" / name).is_file()
    ]
    return (relative / "Dockerfile", relative / service.manifest.name, *configs, *consumes)


def _pyproject(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        table: dict[str, Any] = tomllib.load(file)
    return table


def _uses_redis(pyproject: dict[str, Any]) -> bool:
    """A service that talks to Redis without a settings class of its own (a scaffolded worker
    reads `REDIS_URL` through shared's RedisSettings) still needs Redis's address."""
    dependencies = pyproject.get("project", {}).get("dependencies", [])
    return any(_REDIS_CLIENT.match(str(dependency)) for dependency in dependencies)
