"""This machine's Node, as the frontend's tests answer copier's `node_version` question."""

from __future__ import annotations

import subprocess


def node_line() -> str:
    """The installed Node's major version: what a project's .nvmrc must name to pass here."""
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    return version.stdout.strip().lstrip("v").split(".")[0]
