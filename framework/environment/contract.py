"""The environment contract: every variable every service reads, from its settings classes.

A service's settings live in `services/<name>/src/<package>/config.py`: every class there that
derives from `BaseSettings` (through `shared.settings` or not). Reading them from source rather
than importing them keeps `nox -s lint` in the root venv, which has none of the services'
dependencies, and makes the outcome depend on the source alone (docs/environment.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from framework.environment.classes import Reading, SettingsReader
from framework.environment.fields import Setting
from framework.environment.modules import Found, Modules
from framework.problems import Problem
from framework.project import Package, Project

CONFIG_MODULE = "config.py"


@dataclass(frozen=True)
class Variable:
    """One environment variable: what it is for and who reads it."""

    name: str
    description: str
    required: bool
    secret: bool
    example: str
    default: str | None
    choices: tuple[str, ...]
    readers: tuple[str, ...]
    # where the first declaration is, for problems that point at it
    path: Path
    line: int


@dataclass(frozen=True)
class Contract:
    """The variables, the files they were read from, and what stopped reading any of them."""

    variables: tuple[Variable, ...]
    sources: tuple[Path, ...]
    # service -> the names its settings classes read
    declared: dict[str, frozenset[str]]
    problems: tuple[Problem, ...]


@dataclass
class _Collected:
    """Every service's readings, before they merge into variables."""

    settings: dict[str, list[tuple[str, Setting]]] = field(default_factory=dict)
    sources: set[Path] = field(default_factory=set)
    declared: dict[str, frozenset[str]] = field(default_factory=dict)
    problems: set[Problem] = field(default_factory=set)


def service_modules(project: Project, service: Package) -> Modules:
    """What a service imports from: its own `src/` first, then the project's `shared`."""
    return Modules(project.root, [service.path / "src", project.root / "shared"])


def config_files(service: Package) -> list[Path]:
    """Where a service's settings classes live, relative to the service."""
    return [
        path.relative_to(service.path)
        for path in sorted(service.path.glob(f"src/*/{CONFIG_MODULE}"))
    ]


def read_contract(project: Project) -> Contract:
    """The contract of every service in the project, in one pass over their settings."""
    collected = _Collected()
    for service in project.services:
        reading = _service_reading(project, service)
        collected.problems.update(reading.problems)
        collected.sources |= reading.files
        variables = reading.variables()
        collected.declared[service.name] = frozenset(variables)
        for name, setting in variables.items():
            collected.settings.setdefault(name, []).append((service.name, setting))
    return Contract(
        variables=tuple(_merge(name, found) for name, found in sorted(collected.settings.items())),
        sources=tuple(sorted(collected.sources)),
        declared=collected.declared,
        problems=tuple(sorted(collected.problems)),
    )


def _service_reading(project: Project, service: Package) -> Reading:
    """Every settings class of a service's config modules, merged (they all read the same env)."""
    modules = service_modules(project, service)
    reader = SettingsReader(modules)
    merged = Reading()
    for config in config_files(service):
        module = modules.module_at(service.path / config)
        if module is None:
            continue
        for node in module.classes.values():
            found = Found(module, node)
            if reader.is_settings(found):
                merged.absorb(reader.read(found))
    merged.problems += modules.problems
    return merged


def _merge(name: str, found: list[tuple[str, Setting]]) -> Variable:
    """One variable from every service that reads it; the first declaration describes it.

    Services that inherit a field from `shared` share one declaration. Two services declaring
    the same name on their own still read one value from one `.env`: it is required when either
    requires it, a secret when either says so, and both descriptions are kept.
    """
    settings = sorted({setting for _, setting in found}, key=lambda item: (item.path, item.line))
    first = settings[0]
    descriptions = list(dict.fromkeys(setting.description for setting in settings))
    return Variable(
        name=name,
        description="\n\n".join(descriptions),
        required=any(setting.required for setting in settings),
        secret=any(setting.secret for setting in settings),
        example=next((s.example for s in settings if s.example is not None), ""),
        default=first.default,
        choices=first.choices,
        readers=tuple(sorted({service for service, _ in found})),
        path=first.path,
        line=first.line,
    )
