"""Where a version is written down, and how a release changes it without touching anything else.

A package's version lives in its `pyproject.toml` (`version` under `[project]`) and again in
every `uv.lock` that records the package (its own lock, or the lock of a project installing it
from a path): `uv sync --locked` refuses a lock whose recorded version disagrees. Each edit
replaces one line and keeps the rest of the file byte for byte, so formatting and comments stay.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path


class VersionFileError(ValueError):
    """The file does not hold the version where a release looks for it."""


def read_pyproject(path: Path) -> tuple[str, str]:
    """The `(name, version)` a pyproject.toml declares under `[project]`."""
    project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    name, version = project.get("name"), project.get("version")
    if not isinstance(name, str) or not isinstance(version, str):
        raise VersionFileError(
            f'{path}: a release needs `name` and a static `version = "X.Y.Z"` under [project]'
        )
    return name, version


def set_pyproject_version(text: str, version: str) -> str:
    """The pyproject with `version = "..."` under `[project]` replaced."""
    table = re.search(r"^\[project\]\s*$(?P<body>.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    if table is None:
        raise VersionFileError("no [project] table")
    line = re.compile(r'^(version\s*=\s*)"[^"]*"', re.MULTILINE)
    body = table["body"]
    if not line.search(body):
        raise VersionFileError('no `version = "..."` line under [project]')
    new_body = line.sub(lambda match: f'{match[1]}"{version}"', body, count=1)
    return text[: table.start("body")] + new_body + text[table.end("body") :]


def normalize(name: str) -> str:
    """A distribution name as uv.lock records it (PEP 503: `notifications_worker` ->
    `notifications-worker`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def set_lock_version(text: str, name: str, version: str) -> str:
    """The uv.lock with the recorded version of the package `name` replaced."""
    entry = re.compile(
        rf'^(\[\[package\]\]\nname = "{re.escape(normalize(name))}"\nversion = )"[^"]*"',
        re.MULTILINE,
    )
    if not entry.search(text):
        raise VersionFileError(f"no package {normalize(name)!r} recorded")
    return entry.sub(lambda match: f'{match[1]}"{version}"', text, count=1)


def set_dunder_version(text: str, version: str) -> str:
    """A module with `__version__ = "..."` replaced."""
    line = re.compile(r'^(__version__\s*=\s*)"[^"]*"', re.MULTILINE)
    if not line.search(text):
        raise VersionFileError('no `__version__ = "..."` line')
    return line.sub(lambda match: f'{match[1]}"{version}"', text, count=1)
