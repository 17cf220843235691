"""Service code reads the environment only through its settings (part of `framework check`).

A variable read with `os.environ[...]`, `os.environ.get(...)` or `os.getenv(...)` is invisible
to `.env.example`: nobody deploying the service learns that it exists. So in a service's `src/`
(tests may read what they like) such a read must name a variable the service's settings
declare, and a `BaseSettings` class outside `config.py` is a problem too, since the contract
reads only `config.py`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framework.environment.classes import SettingsReader
from framework.environment.contract import CONFIG_MODULE, Contract, service_modules
from framework.environment.modules import Found, Module
from framework.problems import Problem
from framework.project import Package, Project

MAPPING_READS = {"get", "pop", "setdefault"}


@dataclass(frozen=True)
class _Read:
    """An environment read: its line, and the variable's name when it is a literal."""

    line: int
    name: str | None


@dataclass
class _OsNames:
    """What a module calls `os`, `os.environ` and `os.getenv` (`from os import getenv as g`)."""

    os: set[str] = field(default_factory=set)
    environ: set[str] = field(default_factory=set)
    getenv: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, module: Module) -> _OsNames:
        names = cls()
        names.os = {local for local, source in module.aliases.items() if source == "os"}
        for local, (source, name) in module.imported.items():
            if source == "os" and name in ("environ", "getenv"):
                getattr(names, name).add(local)
        return names

    def is_environ(self, node: ast.expr) -> bool:
        return self._is(node, "environ", self.environ)

    def is_getenv(self, node: ast.expr) -> bool:
        return self._is(node, "getenv", self.getenv)

    def _is(self, node: ast.expr, attribute: str, bare: set[str]) -> bool:
        if isinstance(node, ast.Name):
            return node.id in bare
        return (
            isinstance(node, ast.Attribute)
            and node.attr == attribute
            and isinstance(node.value, ast.Name)
            and node.value.id in self.os
        )


def check_usage(project: Project, contract: Contract) -> list[Problem]:
    """Undeclared environment reads and stray settings classes, in every service's src/."""
    problems: list[Problem] = []
    for service in project.services:
        modules = service_modules(project, service)
        reader = SettingsReader(modules)
        declared = contract.declared.get(service.name, frozenset())
        for path in _sources(service):
            module = modules.module_at(path)
            if module is None:
                continue  # not importable, or not parseable: reported by the contract or ruff
            problems += _read_problems(project, service, module, declared)
            if path.name != CONFIG_MODULE:
                problems += _stray_settings(service, module, reader)
    return sorted(problems)


def _sources(service: Package) -> Iterator[Path]:
    """A service's hand-written modules: `src/`, without `generated/`."""
    root = service.path / "src"
    for path in sorted(root.glob("**/*.py")):
        if "generated" not in path.relative_to(root).parts:
            yield path


def _read_problems(
    project: Project, service: Package, module: Module, declared: frozenset[str]
) -> Iterator[Problem]:
    config = _config_path(project, service, module)
    for read in environment_reads(module):
        if read.name is None:
            yield Problem(
                module.path,
                read.line,
                "reads an environment variable whose name is computed, so no contract can"
                f" declare it; make it a field of the settings in {config} and read that",
            )
        elif read.name not in declared:
            yield Problem(
                module.path,
                read.line,
                f"reads {read.name}, which no settings class of {service.name} declares; add a"
                f" field for it to the settings in {config}, read that, and run `nox -s generate`",
            )


def _config_path(project: Project, service: Package, module: Module) -> Path:
    """Where the settings of the module's package belong: `src/<package>/config.py`."""
    package = module.name.split(".")[0]
    return (service.path / "src" / package / CONFIG_MODULE).relative_to(project.root)


def environment_reads(module: Module) -> Iterator[_Read]:
    """`os.environ[...]`, `os.environ.get(...)` (or pop, setdefault) and `os.getenv(...)`."""
    names = _OsNames.of(module)
    if not (names.os or names.environ or names.getenv):
        return
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Subscript | ast.Call):
            key = _read_key(node, names)
            if key is not None:
                yield _Read(node.lineno, _literal_name(key))


def _read_key(node: ast.Subscript | ast.Call, names: _OsNames) -> ast.expr | None:
    """The expression naming the variable, when `node` reads one."""
    if isinstance(node, ast.Subscript):
        loads = isinstance(node.ctx, ast.Load) and names.is_environ(node.value)
        return node.slice if loads else None
    if not node.args:
        return None
    function = node.func
    if names.is_getenv(function):
        return node.args[0]
    if isinstance(function, ast.Attribute) and function.attr in MAPPING_READS:
        return node.args[0] if names.is_environ(function.value) else None
    return None


def _literal_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _stray_settings(service: Package, module: Module, reader: SettingsReader) -> Iterator[Problem]:
    for node in module.classes.values():
        if reader.is_settings(Found(module, node)):
            package = module.name.split(".")[0]
            yield Problem(
                module.path,
                node.lineno,
                f"settings class {node.name} is outside {CONFIG_MODULE}, so .env.example does not"
                f" list its variables; move it to services/{service.name}/src/{package}/"
                f"{CONFIG_MODULE} and run `nox -s generate`",
            )
