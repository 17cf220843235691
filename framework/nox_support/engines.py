"""Find the container engine to build and run images with: one finder for every session.

`$CONTAINER_ENGINE` wins when set; otherwise Docker when its daemon answers, then Podman. An engine
counts only when `<engine> info` succeeds, so an installed client without a daemon is passed over
instead of failing later with an unrelated usage error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

CANDIDATES = ("docker", "podman")


class EngineError(Exception):
    """No usable engine; the message says what to do."""


def answers(engine: str) -> bool:
    """Whether `<engine> info` succeeds: the command is installed and its daemon is up."""
    if shutil.which(engine) is None:
        return False
    try:
        info = subprocess.run([engine, "info"], capture_output=True, check=False, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return info.returncode == 0


def find_engine() -> str:
    """The engine to use, or EngineError naming the ways out."""
    chosen = os.environ.get("CONTAINER_ENGINE")
    if chosen:
        if shutil.which(chosen) is None:
            raise EngineError(f"CONTAINER_ENGINE={chosen} is not on PATH; install it or unset it.")
        return chosen
    for engine in CANDIDATES:
        if answers(engine):
            return engine
    raise EngineError(
        "no container engine answers (`docker info` and `podman info` both fail);"
        " start Docker or install Podman, or name one in CONTAINER_ENGINE, and run again."
    )


def build_options(engine: str) -> list[str]:
    """Podman writes OCI images unless told otherwise, and OCI images drop HEALTHCHECK."""
    return ["--format", "docker"] if Path(engine).name == "podman" else []


def slug(root: Path) -> str:
    """The project directory's name as a valid image, container and volume name."""
    return re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-") or "project"


def image_tag(root: Path, service: str) -> str:
    """`<project directory>-<service>:dev`."""
    return f"{slug(root)}-{service}:dev"
