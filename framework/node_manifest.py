"""A Node package's `package.json`, as the framework reads it: standard library only.

The framework's own declarations live under one key, as a Python service's live under
`[tool.framework]` in its pyproject:

    "framework": {
      "run":   {"command": [...], "port": 5173, "health": "/health"},   how `nox -s dev` runs it
      "serve": {"command": [...], "health": "/health"},                 how its built app runs
      "api":   {"backend": "src/generated/backend.ts"}                  the services it calls,
    }                                                                   and where their types go

nox's interpreter (framework.nox_support), the deploy files and the generator all read it here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MANIFEST = "package.json"


def read_manifest(package: Path) -> dict[str, Any]:
    """The package's package.json, or an empty table when it is missing or broken (the layout
    check reports that)."""
    try:
        loaded = json.loads((package / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def framework_table(package: Path, key: str) -> dict[str, Any]:
    """`"framework": {key: {...}}` of the package's package.json; empty when absent."""
    table = read_manifest(package).get("framework")
    value = table.get(key) if isinstance(table, dict) else None
    return value if isinstance(value, dict) else {}


def api_table(package: Path) -> dict[str, str]:
    """The services the package calls, each with where its generated types go."""
    return {str(name): str(path) for name, path in framework_table(package, "api").items()}
