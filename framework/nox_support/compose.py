"""The compose command that answers, and what its containers are doing: for `up` and `down`.

Docker has `docker compose`. Podman 4.7+ has `podman compose`, which hands the file to an
installed provider; older Podman (Debian 12 ships 4.3) has none, and then `podman-compose`
(from PyPI) on PATH does the same job. The containers are then asked about with the engine
itself (`inspect`, `logs`), found by the labels every compose implementation sets.

Podman runs a container's health check from a systemd timer; where there is no systemd (a CI
container, WSL) nothing runs it, so a container stays `starting` for ever. On Podman the wait
runs the check itself (`podman healthcheck run`), which also records the result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework.nox_support import engines

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"


class ComposeError(Exception):
    """No compose command, or a container that did not come up; the message says what to do."""


def find_compose() -> tuple[str, list[str]]:
    """The engine and the command that runs compose files with it.

    `CONTAINER_ENGINE` decides when set. Otherwise each engine that answers, Docker first: a
    Docker client without the Compose plugin (talking to Podman's socket, say) passes the turn
    to Podman.
    """
    if os.environ.get("CONTAINER_ENGINE"):
        candidates = [engines.find_engine()]
    else:
        candidates = [engine for engine in engines.CANDIDATES if engines.answers(engine)]
    for engine in candidates:
        command = compose_command(engine)
        if command:
            return engine, command
    if not candidates:
        engines.find_engine()  # raises EngineError, which names the ways out
    hints = {
        "docker": "Docker's Compose plugin (docker-compose-plugin)",
        "podman": "podman-compose (`uv tool install podman-compose`)",
    }
    wanted = " or ".join(hints.get(Path(engine).name, f"{engine} compose") for engine in candidates)
    raise ComposeError(f"no compose command answers; install {wanted} and run again.")


def compose_command(engine: str) -> list[str] | None:
    """`<engine> compose` when it answers; for Podman without it, podman-compose on PATH."""
    if _answers([engine, "compose", "version"]):
        return [engine, "compose"]
    if is_podman(engine) and shutil.which("podman-compose"):
        return ["podman-compose"]
    return None


def is_podman(engine: str) -> bool:
    return Path(engine).name == "podman"


def _answers(command: list[str]) -> bool:
    try:
        result = subprocess.run(command, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@dataclass(frozen=True)
class State:
    """What a container is doing, as `inspect` tells it."""

    status: str
    exit_code: int
    health: str | None
    restarts: int

    @property
    def exited(self) -> bool:
        return self.status in {"exited", "dead", "stopped"}


def containers(engine: str, project: str, service: str | None = None) -> list[str]:
    """The IDs of a compose project's containers (of one service), running or not."""
    filters = ["--filter", f"label={PROJECT_LABEL}={project}"]
    if service is not None:
        filters += ["--filter", f"label={SERVICE_LABEL}={service}"]
    result = subprocess.run(
        [engine, "ps", "--all", "--quiet", "--no-trunc", *filters],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout.split()


def state(engine: str, container: str) -> State:
    result = subprocess.run(
        [engine, "inspect", container], capture_output=True, text=True, check=False
    )
    found: list[dict[str, Any]] = (
        json.loads(result.stdout or "[]") if result.returncode == 0 else []
    )
    if not found:
        return State("gone", -1, None, 0)
    facts = found[0]
    raw = facts.get("State", {})
    health = raw.get("Health") or raw.get("Healthcheck") or {}
    return State(
        status=str(raw.get("Status", "")).lower(),
        exit_code=int(raw.get("ExitCode", 0)),
        health=(str(health.get("Status")) or None) if health else None,
        restarts=int(facts.get("RestartCount", 0)),
    )


def healthy(engine: str, container: str) -> bool:
    """Whether the container's health check passes (on Podman: run it now)."""
    if is_podman(engine):
        probe = subprocess.run(
            [engine, "healthcheck", "run", container], capture_output=True, check=False
        )
        return probe.returncode == 0
    return state(engine, container).health == "healthy"


def logs(engine: str, container: str, tail: int = 60) -> str:
    """A container's last lines, both streams."""
    result = subprocess.run(
        [engine, "logs", "--tail", str(tail), container],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout + result.stderr
