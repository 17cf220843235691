"""The current problems of one package, as `nox -s lint` and `nox -s typecheck` would find them.

For the context packer: an agent starting on a service should know what is already broken there
before it changes anything. ruff runs from the root venv (where this code runs) on the package's
directory only, `framework check` is filtered to the package's files and the shared specs, and
mypy runs from the package's own venv with its own configuration, as `typecheck(<package>)` does.
A tool that is not installed is reported as not run, with the command that installs it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from framework.checks import check_code
from framework.layout import check_project
from framework.project import Package, Project
from framework.specs.loader import load_specs
from framework.specs.source import SpecError

MOST = 40
_MYPY_PLACE = re.compile(r"^(?P<path>[^\s:]+\.pyi?):")


def problems_section(project: Project, package: Package) -> str:
    """`## Current problems`: one block per tool, each `none` or its findings."""
    directory = str(package.path.relative_to(project.root))
    found = {
        "ruff format": _ruff_format(project.root, directory),
        "ruff check": _ruff_check(project.root, directory),
        "framework check (layout, specs, controllers)": _framework(project, directory),
        "mypy": _mypy(package, directory),
    }
    blocks = [f"{tool}:\n{_shown(lines)}" for tool, lines in found.items()]
    return "## Current problems\n\n```\n" + "\n\n".join(blocks) + "\n```\n"


def _shown(lines: list[str]) -> str:
    if not lines:
        return "  none"
    more = [f"  ... and {len(lines) - MOST} more"] if len(lines) > MOST else []
    return "\n".join([f"  {line}" for line in lines[:MOST]] + more)


def _tool(name: str) -> Path | None:
    """A tool of the venv this runs in: the root's, where ruff is pinned."""
    found = Path(sys.executable).with_name(name)
    return found if found.exists() else None


def _run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


def _ruff_format(root: Path, directory: str) -> list[str]:
    ruff = _tool("ruff")
    if ruff is None:
        return ["not run: ruff is not in the root venv (`nox -s setup`)"]
    output = _run([str(ruff), "format", "--check", directory], root)
    return sorted(line for line in output.splitlines() if line.startswith("Would reformat"))


def _ruff_check(root: Path, directory: str) -> list[str]:
    ruff = _tool("ruff")
    if ruff is None:
        return ["not run: ruff is not in the root venv (`nox -s setup`)"]
    output = _run([str(ruff), "check", "--output-format=concise", "--no-cache", directory], root)
    return sorted(line for line in output.splitlines() if line.startswith(f"{directory}/"))


def _framework(project: Project, directory: str) -> list[str]:
    found = list(check_project(project))
    try:
        found += check_code(project, load_specs(project))
    except SpecError as error:
        found += error.problems
    mine = (directory, "shared/spec")
    return [str(problem) for problem in sorted(found) if str(problem.path).startswith(mine)]


def _mypy(package: Package, directory: str) -> list[str]:
    mypy = package.path / ".venv" / "bin" / "mypy"
    if not mypy.exists():
        return [f"not run: {directory}/.venv has no mypy (`nox -s setup`)"]
    output = _run([str(mypy), "--no-error-summary", "--no-color-output"], package.path)
    lines = [line for line in output.splitlines() if _MYPY_PLACE.match(line)]
    return [_MYPY_PLACE.sub(lambda m: f"{directory}/{m['path']}:", line) for line in lines]
