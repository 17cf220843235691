"""Load every spec of a project, check them together, and resolve them for the generators.

The files:

    shared/spec/models.yaml            enums and models (each model's variants become classes)
    shared/spec/events.yaml            events: a message model and a Redis channel each
    services/<service>/spec/*.yaml     one domain of REST operations per file

`load_specs` reports every problem at once, each with file, line, column and key path, and
returns nothing until the specs are consistent.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from framework.layout import module_name
from framework.project import Project
from framework.specs.format import (
    DomainFile,
    EventsFile,
    FieldSpec,
    ModelsFile,
    OperationSpec,
    ParamSpec,
)
from framework.specs.shape import suggest, validate_shape
from framework.specs.source import Document, KeyPath, SpecError, SpecProblem, load_document
from framework.specs.types import SCALARS, TypeRef, TypeSyntaxError, parse_type

MODELS_FILE = Path("shared/spec/models.yaml")
EVENTS_FILE = Path("shared/spec/events.yaml")
_PATH_PARAMETER = re.compile(r"{([^}]*)}")


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
    name: str
    channel: str
    message: str
    description: str | None
    publish: bool
    subscribe: bool


@dataclass(frozen=True)
class Param:
    spec: ParamSpec
    type: TypeRef


@dataclass(frozen=True)
class Operation:
    name: str
    spec: OperationSpec
    path: str
    params: tuple[Param, ...]
    output: TypeRef | None
    event: Event | None
    line: int = 1


@dataclass(frozen=True)
class Domain:
    """The operations of one domain of one service."""

    service: str
    package: str
    name: str
    file: Path
    spec: DomainFile
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Specs:
    files: tuple[Path, ...]
    enums: dict[str, list[str]]
    classes: dict[str, SchemaClass]
    events: dict[str, Event]
    domains: tuple[Domain, ...]

    def services(self) -> list[str]:
        return sorted({domain.service for domain in self.domains})


def spec_files(project: Project) -> list[Path]:
    """Every spec file of the project, relative to its root, in a stable order."""
    shared = [path for path in (MODELS_FILE, EVENTS_FILE) if (project.root / path).is_file()]
    domains = [
        path.relative_to(project.root)
        for service in project.services
        for path in sorted((service.path / "spec").glob("*.yaml"))
    ]
    return shared + domains


def load_specs(project: Project) -> Specs:
    """Read, check and resolve every spec; raise SpecError listing all problems."""
    files = spec_files(project)
    documents: dict[Path, Document] = {}
    problems: list[SpecProblem] = []
    for path in files:
        try:
            documents[path] = load_document(project.root / path, path)
        except SpecError as error:
            problems += error.problems
    resolver = _Resolver(project, documents, problems)
    specs = resolver.resolve(tuple(files))
    if problems:
        raise SpecError(problems)
    return specs


class _Resolver:
    """Checks that need every file at once: names, references, paths, events."""

    def __init__(
        self, project: Project, documents: dict[Path, Document], problems: list[SpecProblem]
    ) -> None:
        self.project = project
        self.documents = documents
        self.problems = problems
        self.enums: dict[str, list[str]] = {}
        self.classes: dict[str, SchemaClass] = {}
        self.bases_with_variants: dict[str, list[str]] = {}
        # When models.yaml is broken, every reference to a model would be reported too.
        self.models_known = True

    def resolve(self, files: tuple[Path, ...]) -> Specs:
        models = self._shape(MODELS_FILE, ModelsFile)
        self.models_known = models is not None or MODELS_FILE not in files
        events_file = self._shape(EVENTS_FILE, EventsFile)
        if models is not None:
            self._resolve_models(self.documents[MODELS_FILE], models)
        events = self._resolve_events(events_file) if events_file is not None else {}
        domains = tuple(self._resolve_domains(events))
        return Specs(files, self.enums, self.classes, events, domains)

    def _shape(self, path: Path, model: Any) -> Any:
        if path not in self.documents:
            return None
        parsed, problems = validate_shape(self.documents[path], model)
        self.problems += problems
        return parsed

    # models -------------------------------------------------------------------------------

    def _resolve_models(self, document: Document, models: ModelsFile) -> None:
        self.enums = {name: list(members) for name, members in models.enums.items()}
        declared: dict[str, KeyPath] = {name: ("enums", name) for name in models.enums}
        for model_name, model in models.models.items():
            if model.variants:
                names = [f"{model_name}{variant}" for variant in model.variants]
                self.bases_with_variants[model_name] = names
                for variant, class_name in zip(model.variants, names, strict=True):
                    self._declare(
                        document, declared, class_name, ("models", model_name, "variants", variant)
                    )
            else:
                self._declare(document, declared, model_name, ("models", model_name))
        for model_name, model in models.models.items():
            base = ("models", model_name)
            fields = {
                name: self._field(document, (*base, "fields", name), name, spec)
                for name, spec in model.fields.items()
            }
            if not model.variants:
                self.classes[model_name] = SchemaClass(
                    model_name, model.description, tuple(fields.values())
                )
            for variant, spec in model.variants.items():
                where = (*base, "variants", variant)
                for key in ("optional", "exclude"):
                    for index, name in enumerate(getattr(spec, key)):
                        if name not in fields:
                            self._add(
                                document,
                                (*where, key, index),
                                f"{model_name} has no field {name!r}{suggest(name, list(fields))}",
                            )
                chosen = [
                    field
                    if field.name not in spec.optional
                    else Field(
                        field.name, field.spec, field.type, required=False, keeps_default=False
                    )
                    for field in fields.values()
                    if field.name not in spec.exclude
                    and not (variant == "Create" and field.spec.readonly)
                ]
                self.classes[f"{model_name}{variant}"] = SchemaClass(
                    f"{model_name}{variant}", model.description, tuple(chosen)
                )
        for model_name, model in models.models.items():
            for name, field_spec in model.fields.items():
                self._check_field(document, ("models", model_name, "fields", name), field_spec)

    def _declare(
        self, document: Document, declared: dict[str, KeyPath], name: str, where: KeyPath
    ) -> None:
        if name in declared:
            self._add(
                document,
                where,
                f"the class name {name!r} is already taken by {'.'.join(map(str, declared[name]))}",
            )
        declared[name] = where

    def _field(self, document: Document, where: KeyPath, name: str, spec: FieldSpec) -> Field:
        parsed = self._parse(document, (*where, "type"), spec.type)
        required = not spec.optional and not spec.has_default
        return Field(name, spec, parsed or TypeRef("scalar", "string"), required)

    def _check_field(self, document: Document, where: KeyPath, spec: FieldSpec) -> None:
        parsed = self._parse(document, (*where, "type"), spec.type, report=False)
        if parsed is None:
            return
        self._check_names(document, (*where, "type"), parsed)
        if spec.has_default and spec.default is not None:
            message = self._default_problem(parsed, spec.default)
            if message:
                self._add(document, (*where, "default"), message)

    def _default_problem(self, parsed: TypeRef, default: Any) -> str | None:
        if parsed.kind == "named" and parsed.name in self.enums:
            members = self.enums[parsed.name]
            if default not in members:
                return (
                    f"default {default!r} is not a member of {parsed.name} ({', '.join(members)})"
                )
            return None
        expected = {
            "int": (int,),
            "float": (int, float),
            "bool": (bool,),
            "string": (str,),
            "decimal": (int, float, str, Decimal),
            "list": (list,),
            "dict": (dict,),
        }.get(parsed.name if parsed.kind == "scalar" else parsed.kind)
        wrong_bool = isinstance(default, bool) and parsed.name in {"int", "float"}
        if expected and (not isinstance(default, expected) or wrong_bool):
            return f"default {default!r} is not a valid {parsed}"
        return None

    # events -------------------------------------------------------------------------------

    def _resolve_events(self, events_file: EventsFile) -> dict[str, Event]:
        document = self.documents[EVENTS_FILE]
        events: dict[str, Event] = {}
        channels: dict[str, str] = {}
        for name, spec in events_file.events.items():
            where = ("events", name)
            if self.models_known and spec.message not in self.classes:
                self._add(
                    document,
                    (*where, "message"),
                    f"unknown model {spec.message!r}{self._class_hint(spec.message)}",
                )
            channel = spec.channel or default_channel(name)
            if channel in channels:
                self._add(
                    document,
                    (*where, "channel"),
                    f"channel {channel!r} is already used by event {channels[channel]!r}",
                )
            channels[channel] = name
            events[name] = Event(
                name, channel, spec.message, spec.description, spec.publish, spec.subscribe
            )
        return events

    # domains ------------------------------------------------------------------------------

    def _resolve_domains(self, events: dict[str, Event]) -> Iterator[Domain]:
        for service in self.project.services:
            routes: dict[tuple[str, str], str] = {}
            for path, document in self.documents.items():
                if path.parent != service.path.relative_to(self.project.root) / "spec":
                    continue
                spec = self._shape(path, DomainFile)
                if spec is None:
                    continue
                if spec.domain != path.stem:
                    self._add(
                        document,
                        ("domain",),
                        f"domain {spec.domain!r} is in {path.name};"
                        f" name the file {spec.domain}.yaml",
                    )
                operations = tuple(
                    self._operation(document, spec, name, operation, events, routes)
                    for name, operation in spec.operations.items()
                )
                package = module_name(service, _pyproject(service.pyproject))
                yield Domain(service.name, package, spec.domain, path, spec, operations)

    def _operation(
        self,
        document: Document,
        domain: DomainFile,
        name: str,
        spec: OperationSpec,
        events: dict[str, Event],
        routes: dict[tuple[str, str], str],
    ) -> Operation:
        where: KeyPath = ("operations", name)
        path = domain.rest.prefix + spec.rest.path
        route = (spec.rest.method, re.sub(_PATH_PARAMETER, "{}", path))
        if route in routes:
            self._add(
                document,
                (*where, "rest", "path"),
                f"{spec.rest.method} {path or '/'} is already served"
                f" by operation {routes[route]!r}",
            )
        routes[route] = name
        params = tuple(self._params(document, where, spec, path))
        if spec.input is not None:
            self._check_input(document, (*where, "input"), spec)
        output = None
        if spec.output is not None:
            output = self._parse(document, (*where, "output"), spec.output)
            if output is not None:
                self._check_names(document, (*where, "output"), output)
            if spec.rest.status == 204:
                self._add(
                    document,
                    (*where, "rest", "status"),
                    "status 204 means no body, but the operation has an output; remove one",
                )
        event = self._operation_event(document, where, spec, output, events)
        line = document.keys.get(where, (1, 1))[0]
        return Operation(name, spec, path, params, output, event, line)

    def _params(
        self, document: Document, where: KeyPath, spec: OperationSpec, path: str
    ) -> Iterator[Param]:
        in_path = _PATH_PARAMETER.findall(path)
        declared = {param.name for param in spec.params if param.location == "path"}
        for placeholder in in_path:
            if placeholder not in declared:
                self._add(
                    document,
                    (*where, "rest", "path"),
                    f"path parameter {{{placeholder}}} has no entry in params;"
                    f" add {{name: {placeholder}, type: ...}}",
                )
        seen: set[str] = set()
        for index, param in enumerate(spec.params):
            at = (*where, "params", index)
            if param.name in seen:
                self._add(document, (*at, "name"), f"parameter {param.name!r} is declared twice")
            seen.add(param.name)
            if param.location == "path" and param.name not in in_path:
                self._add(
                    document,
                    (*at, "name"),
                    f"path parameter {param.name!r} does not appear in the path {path!r};"
                    f" add {{{param.name}}} to rest.path or declare it `in: query`",
                )
            parsed = self._parse(document, (*at, "type"), param.type)
            if parsed is None:
                continue
            if parsed.kind != "scalar" and not (
                parsed.kind == "named" and parsed.name in self.enums
            ):
                self._add(
                    document,
                    (*at, "type"),
                    f"a parameter must be a scalar or an enum, not {parsed}",
                )
                continue
            yield Param(param, parsed)

    def _check_input(self, document: Document, where: KeyPath, spec: OperationSpec) -> None:
        assert spec.input is not None
        if spec.rest.method in {"GET", "DELETE"}:
            self._add(
                document,
                where,
                f"{spec.rest.method} requests carry no body;"
                " remove input or use POST, PUT or PATCH",
            )
        elif self.models_known and spec.input not in self.classes:
            self._add(
                document, where, f"unknown model {spec.input!r}{self._class_hint(spec.input)}"
            )

    def _operation_event(
        self,
        document: Document,
        where: KeyPath,
        spec: OperationSpec,
        output: TypeRef | None,
        events: dict[str, Event],
    ) -> Event | None:
        name = spec.events.publish_on_success
        if name is None:
            return None
        at = (*where, "events", "publish_on_success")
        event = events.get(name)
        if event is None:
            self._add(document, at, f"unknown event {name!r}{suggest(name, list(events))}")
            return None
        if not event.publish:
            self._add(document, at, f"event {name!r} is declared with publish: false")
        known_message = event.message in self.classes
        if known_message and (output is None or str(output) != event.message):
            self._add(
                document,
                at,
                f"event {name!r} carries {event.message}, so the operation's output"
                f" must be {event.message}, not {output or 'nothing'}",
            )
        return event

    # shared helpers -----------------------------------------------------------------------

    def _parse(
        self, document: Document, where: KeyPath, text: str, *, report: bool = True
    ) -> TypeRef | None:
        try:
            return parse_type(text)
        except TypeSyntaxError as error:
            if report:
                self._add(document, where, str(error))
            return None

    def _check_names(self, document: Document, where: KeyPath, parsed: TypeRef) -> None:
        if not self.models_known:
            return
        for name in parsed.names():
            if name not in self.classes and name not in self.enums:
                self._add(document, where, f"unknown type {name!r}{self._class_hint(name)}")

    def _class_hint(self, name: str) -> str:
        if name in self.bases_with_variants:
            variants = ", ".join(self.bases_with_variants[name])
            return f" ({name} has variants; use one of: {variants})"
        if name in self.enums and name not in self.classes:
            return f" ({name} is an enum, not a model)"
        return suggest(name, [*self.classes, *self.enums, *SCALARS])

    def _add(self, document: Document, where: KeyPath, message: str) -> None:
        self.problems.append(document.problem(where, message))


def default_channel(event: str) -> str:
    """`book_added` travels on `book.added`: the entity, a dot, the action."""
    entity, _, action = event.rpartition("_")
    return f"{entity}.{action}" if entity else event


def _pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
