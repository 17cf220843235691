"""`compose.yaml`: the whole system on one host, for `docker compose` or Podman.

Written as text rather than dumped from a dict, so the file a person reads on the server carries
its comments. Each deployable service gets its image by variable (`IMAGE_PREFIX`, `IMAGE_TAG`),
the project's `.env` as its `env_file`, the servers' addresses inside the compose network, a
restart policy, a health check when it serves HTTP, and `depends_on` with the condition that
makes the start order real: PostgreSQL and Redis healthy, migrations completed. Only HTTP
services publish a port; the servers are reachable from the services alone.
"""

from __future__ import annotations

import json

from framework.deploy.services import Deployable, System
from framework.project import NODE

FILE = "compose.yaml"
DATABASE = "app"
DATABASE_USER = "app"
DATABASE_URL = f"postgresql://{DATABASE_USER}:${{POSTGRES_PASSWORD}}@postgres:5432/{DATABASE}"
REDIS_URL = "redis://redis:6379/0"
IMAGE = "${IMAGE_PREFIX:?set IMAGE_PREFIX, e.g. ghcr.io/owner/repo/}%s:${IMAGE_TAG:-latest}"

INTRODUCTION = """\
#
# The whole system on one host. `nox -s up` runs it on the images `nox -s build` made; the
# deploy workflow runs it on a server with the images CI published (docs/deploy.md).
# Variables, from the environment or the .env file next to this one:
#   IMAGE_PREFIX       where the images come from, e.g. ghcr.io/owner/repo/ (`nox -s up`: local)
#   IMAGE_TAG          which build: a commit SHA, a version, or latest (`nox -s up`: dev)
#   POSTGRES_PASSWORD  the database password (required; URL-safe, e.g. `openssl rand -hex 24`)
#   <SERVICE>_PORT     the host port of an HTTP service: the only ports published
# Every service also reads .env (env_file): the variables .env.example lists.
"""

POSTGRES = """\
  postgres:
    image: ${POSTGRES_IMAGE:-postgres:16-alpine}
    restart: unless-stopped
    environment:
      POSTGRES_USER: %(user)s
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
      POSTGRES_DB: %(database)s
    volumes:
      - postgres-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "%(user)s", "-d", "%(database)s"]
      interval: 5s
      timeout: 5s
      retries: 30
"""

REDIS = """\
  redis:
    image: ${REDIS_IMAGE:-redis:7-alpine}
    restart: unless-stopped
    volumes:
      - redis-data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 5s
      retries: 30
"""


def render_compose(system: System, header: str) -> str:
    """The file's text: header, servers, then each service (its migrations first)."""
    blocks = []
    if system.database:
        blocks.append(POSTGRES % {"user": DATABASE_USER, "database": DATABASE})
    if system.redis:
        blocks.append(REDIS)
    for service in system.services:
        if service.migrations:
            blocks.append(_migrate_block(service))
        blocks.append(_service_block(service))
    used = {"postgres-data": system.database, "redis-data": system.redis}
    volumes = [name for name, needed in used.items() if needed]
    tail = "\nvolumes:\n" + "".join(f"  {name}:\n" for name in volumes) if volumes else ""
    return header + INTRODUCTION + "\nservices:\n" + "\n".join(blocks) + tail


def port_variable(service: Deployable) -> str:
    """`BACKEND_PORT`: the variable that sets an HTTP service's host port."""
    return f"{service.name.upper()}_PORT"


def health_command(service: Deployable) -> list[str]:
    """Python's standard library asks the health endpoint: the images have no curl. A Node
    package's image has Node, and its fetch, instead."""
    url = f"http://127.0.0.1:{service.port}{service.health}"
    if service.kind == NODE:
        probe = f"fetch({url!r}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
        return ["CMD", "node", "-e", probe]
    probe = f"import urllib.request; urllib.request.urlopen({url!r}, timeout=4)"
    return ["CMD", "python", "-c", probe]


def _service_block(service: Deployable) -> str:
    lines = [
        f"  {service.name}:",
        f"    image: {IMAGE % service.name}",
        "    restart: unless-stopped",
        *_environment(service),
    ]
    if service.port is not None:
        variable = port_variable(service)
        lines += ["    ports:", f'      - "${{{variable}:-{service.port}}}:{service.port}"']
    if service.port is not None and service.health:
        lines += [
            "    healthcheck:",
            f"      test: {json.dumps(health_command(service))}",
            "      interval: 10s",
            "      timeout: 5s",
            "      retries: 3",
            "      start_period: 30s",
        ]
    lines += _depends_on(service)
    return "\n".join(lines) + "\n"


def _migrate_block(service: Deployable) -> str:
    lines = [
        f"  # {service.name}'s migrations, once per `up`: {service.name} starts when they succeed.",
        f"  {service.migrate_name}:",
        f"    image: {IMAGE % service.name}",
        '    command: ["alembic", "upgrade", "head"]',
        '    restart: "no"',
        "    healthcheck:",
        "      disable: true",
        *_environment(service),
        "    depends_on:",
        "      postgres:",
        "        condition: service_healthy",
    ]
    return "\n".join(lines) + "\n"


def _environment(service: Deployable) -> list[str]:
    """`.env` for every setting, and the addresses of the servers and the services it calls
    inside the compose network."""
    lines = ["    env_file: .env"]
    values = [
        ("DATABASE_URL", DATABASE_URL, service.database),
        ("REDIS_URL", REDIS_URL, service.redis),
        *((f"{name.upper()}_URL", f"http://{name}:{port}", True) for name, port in service.calls),
    ]
    chosen = [f"      {name}: {value}" for name, value, used in values if used]
    return lines + (["    environment:", *chosen] if chosen else [])


def _depends_on(service: Deployable) -> list[str]:
    needs = []
    if service.migrations:
        needs.append((service.migrate_name, "service_completed_successfully"))
    if service.database:
        needs.append(("postgres", "service_healthy"))
    if service.redis:
        needs.append(("redis", "service_healthy"))
    if not needs:
        return []
    lines = ["    depends_on:"]
    for name, condition in needs:
        lines += [f"      {name}:", f"        condition: {condition}"]
    return lines
