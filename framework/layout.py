"""Checks that every package is wired the way the noxfile and uv expect.

Each rule guards a session: a service without pytest in its dev group fails `nox -s test` with a
bare "No such file"; a service whose `shared` source is missing installs a stale copy from an
index; a directory without `pyproject.toml` is silently not a service. Problems name the file, the
line and the fix.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framework.layout_node import check_node_package
from framework.names import module_name, normalize, requirement_name
from framework.problems import Problem
from framework.project import NODE, Package, Project

REQUIRED_DEV_TOOLS = {"mypy": "typecheck", "pytest": "test", "pytest-cov": "test"}
SHARED_SOURCE = {"path": "../../shared", "editable": True}
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


def line_of(text: str, pattern: str) -> int:
    """The 1-based line where `pattern` first matches, or 1.

    tomllib keeps no positions, and a round-trip TOML library would be a dependency for this alone.
    """
    match = re.search(pattern, text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def check_project(project: Project) -> list[Problem]:
    """Every layout problem in the project, sorted by file and line."""
    problems = [
        Problem(
            path.relative_to(project.root),
            1,
            "holds Python code but no pyproject.toml, so nox sees no service here;"
            " copy pyproject.toml from another service, rename it and run `nox -s lock`",
        )
        for path in project.stray_service_dirs()
    ]
    for package in project.packages:
        problems += check_package(project.root, package)
    return sorted(problems)


def check_package(root: Path, package: Package) -> list[Problem]:
    """The problems of one package: its pyproject, its lock, its sources and its tests."""
    if package.kind == NODE:
        return check_node_package(root, package)
    where = package.pyproject.relative_to(root)
    if not package.pyproject.is_file():
        return [Problem(where, 1, "missing; every package needs a pyproject.toml")]
    text = package.pyproject.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        line = int(position.group(1)) if position else 1
        return [Problem(where, line, f"invalid TOML: {error}")]
    problems = [
        Problem(where, line, message)
        for line, message in _pyproject_rules(text, data, package.name)
    ]
    problems += [
        Problem(path.relative_to(root), 1, message) for path, message in _file_rules(package, data)
    ]
    return problems


def _pyproject_rules(text: str, data: dict[str, Any], directory: str) -> Iterator[tuple[int, str]]:
    project = data.get("project", {})
    name = project.get("name", "")
    if normalize(name) != normalize(directory):
        yield (
            line_of(text, r"^name\s*="),
            f"[project] name is {name!r} but the directory is {directory!r}; make them match",
        )
    dependencies = {requirement_name(item) for item in project.get("dependencies", [])}
    if "shared" in dependencies:
        source = data.get("tool", {}).get("uv", {}).get("sources", {}).get("shared")
        if source != SHARED_SOURCE:
            yield (
                line_of(text, r"^\[tool\.uv\.sources\]"),
                "`shared` must come from the project, not an index: under [tool.uv.sources]"
                ' write shared = { path = "../../shared", editable = true }',
            )
    dev = {requirement_name(item) for item in data.get("dependency-groups", {}).get("dev", [])}
    for tool, session in REQUIRED_DEV_TOOLS.items():
        if tool not in dev:
            yield (
                line_of(text, r"^\[dependency-groups\]"),
                f"`nox -s {session}` runs {tool} from this venv, but [dependency-groups] dev"
                f" does not list it; add it and run `nox -s lock`",
            )


def _file_rules(package: Package, data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    if not (package.path / "uv.lock").is_file():
        yield package.pyproject, "no uv.lock next to this file; run `nox -s lock`"
    if package.is_service:
        module = module_name(package.name, data)
        init = package.path / "src" / module / "__init__.py"
        if not init.is_file():
            yield init, f"the service's code belongs in src/{module}/; create this file"
    unit = package.path / "tests" / "unit"
    if not any(unit.glob("**/test_*.py")):
        yield unit, "no test_*.py here, so `nox -s test` finds nothing to run; add a test"
