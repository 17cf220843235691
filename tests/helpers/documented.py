"""The nox commands a generated project's documents quote, and what each one selects.

A command is what a reader would type: a line of a code block, or an inline code span, that
starts with `nox`. nox itself decides what the command selects (`-l --json` with the same
arguments), so a quoted command that names a missing session, or a flag nox does not know, fails.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.helpers.projects import nox

DOCUMENTS = ("README.md", "AGENTS.md", "CONTRIBUTING.md")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
COMMENT = re.compile(r"\s+#.*$")
FENCE = "```"


def quoted_commands(markdown: str) -> list[str]:
    """The nox commands in a Markdown text, in order, without their trailing `# comments`."""
    found: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.strip().startswith(FENCE):
            fenced = not fenced
            continue
        in_code_block = fenced or line.startswith("    ")
        candidates = [line.strip()] if in_code_block else CODE_SPAN.findall(line)
        found += [COMMENT.sub("", text) for text in candidates if text.split(" ", 1)[0] == "nox"]
    return found


def documented_commands(project: Path) -> dict[str, list[str]]:
    """Every distinct nox command the project's documents quote, with the documents quoting it."""
    quoted: dict[str, list[str]] = {}
    for document in DOCUMENTS:
        for command in quoted_commands((project / document).read_text()):
            documents = quoted.setdefault(command, [])
            if document not in documents:
                documents.append(document)
    return quoted


def split(command: str) -> tuple[list[str], list[str]]:
    """nox's own arguments, and the ones after `--` that its sessions pass on (posargs)."""
    words = shlex.split(command)[1:]
    if "--" not in words:
        return words, []
    cut = words.index("--")
    return words[:cut], words[cut + 1 :]


def lists_sessions(arguments: list[str]) -> bool:
    return bool({"-l", "--list", "--list-sessions"} & set(arguments))


def selection(project: Path, command: str) -> list[str]:
    """The sessions `command` runs, as nox lists them; fails the test when nox refuses it."""
    arguments, _ = split(command)
    result = nox(project, *arguments, *([] if lists_sessions(arguments) else ["-l", "--json"]))
    quoted = f"{project.name}: the docs quote `{command}`"
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        pytest.fail(f"{quoted}, which fails:\n{output}", pytrace=False)
    if lists_sessions(arguments):
        return []
    sessions = [entry["session"] for entry in json.loads(result.stdout)]
    if not sessions:
        pytest.fail(f"{quoted}, which selects no session", pytrace=False)
    return sessions


def assert_documented_commands_are_valid(project: Path) -> None:
    """Every quoted command is accepted by nox and selects sessions that exist in this project."""
    # Commands that differ only in their pytest arguments select the same sessions: ask once.
    by_arguments = {tuple(split(command)[0]): command for command in documented_commands(project)}
    for command in by_arguments.values():
        selection(project, command)
