"""The specs once loaded and checked: what the generators and the code checks read.

`framework.specs.loader` builds these from the YAML files and reports every problem first, so
code that receives a `Specs` may trust it: every name refers to something, every route is unique
and every path parameter is declared. Each resolved item keeps its format model (`spec`) for the
details that need no resolving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from framework.specs.format import DomainFile, FieldSpec, OperationRest, OperationSpec, ParamSpec
from framework.specs.types import TypeRef

MODELS_FILE = Path("shared/spec/models.yaml")
EVENTS_FILE = Path("shared/spec/events.yaml")


@dataclass(frozen=True)
class Field:
    """A field of a class; a variant's `optional` field drops its default: absent means None."""

    name: str
    spec: FieldSpec
    type: TypeRef
    required: bool
    keeps_default: bool = True


@dataclass(frozen=True)
class SchemaClass:
    """A pydantic class to generate: a model without variants, or one variant of a model."""

    name: str
    description: str | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Event:
    """An event of events.yaml, with its channel filled in when the spec left it out."""

    name: str
    channel: str
    message: str
    description: str | None
    publish: bool
    subscribe: bool


@dataclass(frozen=True)
class Param:
    """A path or query parameter whose type parsed to a scalar or an enum."""

    spec: ParamSpec
    type: TypeRef


@dataclass(frozen=True)
class Operation:
    """An operation with its full path (domain prefix included) and its types parsed.

    An operation is served over HTTP (`rest`), triggered by an event (`trigger`), or both.
    `event` is published after it succeeds, `error_event` after it fails on a message.
    `line` is where the operation starts in its domain file, for messages that point there.
    """

    name: str
    spec: OperationSpec
    path: str
    params: tuple[Param, ...]
    output: TypeRef | None
    event: Event | None
    line: int = 1
    trigger: Event | None = None
    error_event: Event | None = None

    @property
    def rest(self) -> OperationRest | None:
        return self.spec.rest


@dataclass(frozen=True)
class Domain:
    """The operations of one domain of one service."""

    service: str
    package: str
    name: str
    file: Path
    spec: DomainFile
    operations: tuple[Operation, ...]

    @property
    def routes(self) -> tuple[Operation, ...]:
        """The operations served over HTTP."""
        return tuple(operation for operation in self.operations if operation.rest)

    @property
    def subscribed(self) -> tuple[Operation, ...]:
        """The operations an event triggers."""
        return tuple(operation for operation in self.operations if operation.trigger)


@dataclass(frozen=True)
class Consumer:
    """A service that calls others: for each provider, the operations it uses."""

    service: str
    package: str
    file: Path
    uses: dict[str, tuple[Operation, ...]]


@dataclass(frozen=True)
class Specs:
    """Everything the spec files declare, each collection in declaration order."""

    files: tuple[Path, ...]
    enums: dict[str, list[str]]
    classes: dict[str, SchemaClass]
    events: dict[str, Event]
    domains: tuple[Domain, ...]
    consumers: tuple[Consumer, ...] = ()

    def services(self) -> list[str]:
        return sorted({domain.service for domain in self.domains})

    @property
    def models_file(self) -> Path | None:
        """shared/spec/models.yaml (or .yml) when the project has one."""
        stem = MODELS_FILE.with_suffix("")
        return next((path for path in self.files if path.with_suffix("") == stem), None)
