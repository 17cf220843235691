"""How a package's names relate: its distribution name, its directory and its import name.

The layout checks, the spec loader and the scaffold all need the same answers; keeping them
here lets spec loading work without importing the layout checker.
"""

from __future__ import annotations

import re
from typing import Any

_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def normalize(name: str) -> str:
    """A distribution name as packaging compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """The normalized distribution name a requirement like `pydantic>=2` asks for."""
    match = _REQUIREMENT_NAME.match(requirement.strip())
    return normalize(match.group(0)) if match else ""


def module_name(directory: str, pyproject: dict[str, Any]) -> str:
    """The import name: the build backend's module-name, or the directory name with underscores."""
    backend = pyproject.get("tool", {}).get("uv", {}).get("build-backend", {})
    configured = backend.get("module-name")
    if isinstance(configured, str):
        return configured
    return normalize(directory).replace("-", "_")
