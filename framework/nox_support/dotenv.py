"""Read a `.env` file into a dict, the way pydantic-settings reads it for the services.

nox's interpreter has no python-dotenv, and the sessions that start services (`dev`, `smoke`)
must hand the project's root `.env` to processes that run in the services' own directories,
where pydantic-settings would look for `.env` in vain. The format is the common subset:
`NAME=value`, optional `export `, `#` comments, values in single or double quotes.
"""

from __future__ import annotations

import re
from pathlib import Path

_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def read_dotenv(path: Path) -> dict[str, str]:
    """The variables `path` sets; an absent file sets none."""
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match:
            found[match.group(1)] = _value(match.group(2))
    return found


def _value(raw: str) -> str:
    """A quoted value as written; an unquoted one up to an inline ` #` comment."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        inner = raw[1:-1]
        return inner.replace('\\"', '"').replace("\\n", "\n") if raw[0] == '"' else inner
    return raw.split(" #", 1)[0].strip()
