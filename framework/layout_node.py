"""Layout rules for a Node package (`services/<name>/package.json`), part of `nox -s lint`.

Each rule guards a session, as framework.layout's do for Python: a package without its lock
cannot `npm ci`; one without typescript, vitest or biome among its devDependencies fails
`typecheck`, `test` or `lint` with a bare "No such file"; one whose `engines.node` is missing
cannot be checked against the project's Node; one without unit tests runs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framework.problems import Problem
from framework.project import Package

REQUIRED_DEV_TOOLS = {
    "typescript": "typecheck",
    "vitest": "test",
    "@vitest/coverage-v8": "test",
    "@biomejs/biome": "lint",
}
TEST_PATTERNS = ("*.test.ts", "*.test.tsx")


def check_node_package(root: Path, package: Package) -> list[Problem]:
    """The problems of one Node package: its package.json, its lock and its tests."""
    where = package.manifest.relative_to(root)
    text = package.manifest.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except ValueError as error:
        return [Problem(where, getattr(error, "lineno", 1), f"invalid JSON: {error}")]
    if not isinstance(data, dict):
        return [Problem(where, 1, "must be a JSON object")]
    rules = [*_name_rules(data, package), *_engines_rules(data), *_tool_rules(data)]
    problems = [Problem(where, _line(text, key), message) for key, message in rules]
    return problems + list(_file_rules(root, package))


def _file_rules(root: Path, package: Package) -> Iterator[Problem]:
    if not (package.path / "package-lock.json").is_file():
        yield Problem(
            package.manifest.relative_to(root),
            1,
            "no package-lock.json next to this file; run `nox -s lock`",
        )
    unit = package.path / "tests" / "unit"
    if not any(path for pattern in TEST_PATTERNS for path in unit.glob(f"**/{pattern}")):
        yield Problem(
            unit.relative_to(root),
            1,
            "no *.test.ts here, so `nox -s test` finds nothing to run; add a test",
        )


def _name_rules(data: dict[str, Any], package: Package) -> Iterator[tuple[str, str]]:
    """(the key to point at, the message) for each problem in package.json."""
    if data.get("name") != package.name:
        yield (
            '"name"',
            f"name is {data.get('name')!r} but the directory is {package.name!r}; make them match",
        )


def _engines_rules(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    engines = data.get("engines")
    if not isinstance(engines, dict) or not engines.get("node"):
        yield (
            '"engines"',
            'no engines.node: write the Node its toolchain runs on, e.g. "^20.19.0 || >=22.12.0"'
            " (.nvmrc names the project's), so sessions can check the installed Node",
        )


def _tool_rules(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    dev = data.get("devDependencies")
    listed = set(dev) if isinstance(dev, dict) else set()
    for tool, session in REQUIRED_DEV_TOOLS.items():
        if tool not in listed:
            yield (
                '"devDependencies"',
                f"`nox -s {session}` runs {tool} from node_modules, but devDependencies does"
                " not list it; add it and run `nox -s lock`",
            )


def _line(text: str, key: str) -> int:
    """The 1-based line where `key` first appears, or 1."""
    index = text.find(key)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
