"""What a Node service (`new-service <name> --kind node`) needs beyond its rendered files.

Its package-lock.json is the scaffold's own, shipped in `scaffolds/node/` (the template's
frontend has the same one): a new web app installs with `npm ci` from a lock two machines
agree on, without resolving anything. Only the lock's record of the package's own name changes.
The project's Node line lives in `.nvmrc` at its root: a project without one (no frontend
module) gets the installed Node's line, so the new service's sessions pass where it was made.
"""

from __future__ import annotations

import json
from pathlib import Path

from framework.node_versions import nvmrc_line

LOCK = "package-lock.json"
NVMRC = ".nvmrc"


def named_lock(text: str, name: str) -> str:
    """The lock with the package's name changed, in npm's own layout (2 spaces, a last newline),
    so a later `npm install` rewrites nothing."""
    lock = json.loads(text)
    lock["name"] = name
    lock["packages"][""]["name"] = name
    return json.dumps(lock, indent=2, ensure_ascii=False) + "\n"


def project_node(root: Path, installed: str | None) -> str:
    """The project's Node line: its `.nvmrc`, else what a new `.nvmrc` would say."""
    pinned = root / NVMRC
    if pinned.is_file() and pinned.read_text(encoding="utf-8").strip():
        return pinned.read_text(encoding="utf-8").strip()
    return nvmrc_line(installed)


def pin_node(root: Path, line: str) -> Path | None:
    """Write `.nvmrc` when the project has none; the path written, or None."""
    pinned = root / NVMRC
    if pinned.is_file():
        return None
    pinned.write_text(f"{line}\n", encoding="utf-8")
    return pinned
