"""The `release`, `release-notes` and `context` sessions: the framework decides, nox checks.

A release asks the framework twice. First with `--verify-only`, which refuses (a dirty tree,
nothing to release, a bad version) before anything runs and prints the plan; then the checks run
as their own nox sessions (`lint test` in a project, more in the template's repository); then the
framework writes, commits and tags. `--dry-run` stops after printing the plan. A refusal is the
framework's one line, shown as the session's reason, without a traceback or a command dump.

Like the rest of nox_support this runs in nox's interpreter: standard library and nox only.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import nox

from framework.nox_support import venvs

if TYPE_CHECKING:
    from framework.nox_support import Project

DRY_RUN = "--dry-run"


def framework(project: Project, session: nox.Session, *args: str) -> None:
    """`python -m framework ARGS` in the root venv; its error line becomes the session's reason."""
    project.sync(session)
    python = project.root / ".venv" / venvs.BIN / "python"
    command = [str(python), "-m", "framework", *args]
    result = subprocess.run(
        command, cwd=project.root, stderr=subprocess.PIPE, text=True, check=False
    )
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or [f"exit code {result.returncode}"]
        for line in lines[:-1]:
            session.warn(line)
        session.error(lines[-1].removeprefix("error: "))


def release(project: Project, session: nox.Session, command: str, checks: Sequence[str]) -> None:
    """Plan, check, then release; stop after the plan under `--dry-run`."""
    args = list(session.posargs)
    described = f"nox -s {' '.join(checks)}" if checks else ""
    if DRY_RUN in args:
        framework(project, session, command, "--checks", described, *args)
        return
    framework(project, session, command, "--verify-only", "--checks", described, *args)
    if checks:
        session.log(f"checking before the release: {described}")
        nox_command = [sys.executable, "-m", "nox", "--stop-on-first-error", "-s", *checks]
        if subprocess.run(nox_command, cwd=project.root, check=False).returncode != 0:
            session.error(
                f"`{described}` failed, so nothing was released: make it pass, commit, and run"
                " the release again"
            )
    framework(project, session, command, *args)


def context(project: Project, session: nox.Session) -> None:
    """Write the context file of the package named first; its venv is synced for mypy."""
    args = list(session.posargs)
    if not args or args[0].startswith("-"):
        session.error('name a package first: nox -s context -- <service> [--for "the task"]')
    if args[0] in project.packages:
        project.sync(session, args[0])
    framework(project, session, "context", *args)
