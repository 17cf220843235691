"""The domain specs of the services resolved: operations with full paths and parsed types.

What one domain file cannot check alone is checked here: that a route is served once per
service and an operation name used once per service (it is the OpenAPI operationId and the
client's method name), that the path and the declared parameters agree, that inputs, outputs
and events name what models.yaml and events.yaml declare, and that no name meets one the
generated code uses. Event-driven operations are checked in `framework.specs.triggers`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framework.generate.python import camel
from framework.names import module_name
from framework.project import Package
from framework.specs.classes import value_default_problem
from framework.specs.constraints import limit_problems
from framework.specs.format import DomainFile, OperationRest, OperationSpec, ParamSpec
from framework.specs.model import Domain, Event, Operation, Param
from framework.specs.paths import PLACEHOLDER, path_problems, placeholders
from framework.specs.reserved import OPERATION_NAMES, PARAMETER_NAMES, function_name_problem
from framework.specs.resolution import Resolution
from framework.specs.shape import suggest
from framework.specs.source import Document, KeyPath
from framework.specs.triggers import resolve_trigger
from framework.specs.types import TypeRef

# A method and a path with its parameters blanked: `/{id}` and `/{book_id}` are one route.
_Route = tuple[str, str]


@dataclass
class _ServiceNames:
    """What the domains of one service must not share: routes, operations, class names."""

    routes: dict[_Route, str] = field(default_factory=dict)
    operations: dict[str, str] = field(default_factory=dict)  # operation -> its domain
    classes: dict[str, str] = field(default_factory=dict)  # CamelCase domain -> its domain


def resolve_domains(
    resolution: Resolution, service: Package, documents: Iterable[Document]
) -> Iterator[Domain]:
    """The domains of one service, from those of its spec documents whose shape is right."""
    names = _ServiceNames()
    package = module_name(service.name, read_pyproject(service.pyproject))
    for document in documents:
        spec = resolution.shape(document, DomainFile)
        if spec is not None:
            yield _DomainFile(resolution, document, names).resolve(service.name, package, spec)


class _DomainFile:
    def __init__(self, resolution: Resolution, document: Document, names: _ServiceNames) -> None:
        self.resolution = resolution
        self.document = document
        self.names = names

    def resolve(self, service: str, package: str, spec: DomainFile) -> Domain:
        self._check_domain_name(spec.domain)
        for problem in path_problems(spec.rest.prefix):
            self._report(("rest", "prefix"), problem)
        operations = tuple(
            self._operation(spec.rest.prefix, name, operation)
            for name, operation in spec.operations.items()
        )
        return Domain(service, package, spec.domain, self.document.file, spec, operations)

    def _check_domain_name(self, domain: str) -> None:
        path = self.document.file
        if domain != path.stem:
            self._report(
                ("domain",), f"domain {domain!r} is in {path.name}; name the file {domain}.yaml"
            )
        other = self.names.classes.setdefault(camel(domain), domain)
        if other != domain:
            self._report(
                ("domain",),
                f"domain {domain!r} and domain {other!r} both make the class"
                f" {camel(domain)}Controller; rename one",
            )

    def _operation(self, prefix: str, name: str, spec: OperationSpec) -> Operation:
        where: KeyPath = ("operations", name)
        self._check_operation_name(where, name)
        path = prefix + spec.rest.path if spec.rest else ""
        params: tuple[Param, ...] = ()
        if spec.rest is not None:
            self._check_rest(where, name, spec.rest, path, spec)
            params = tuple(self._params(where, spec.params, path))
        output = self._output(where, spec)
        event = self._success_event(where, spec.events.publish_on_success, output)
        trigger, error_event = resolve_trigger(self.resolution, self.document, where, spec)
        line = self.document.keys.get(where, (1, 1))[0]
        return Operation(name, spec, path, params, output, event, line, trigger, error_event)

    def _check_operation_name(self, where: KeyPath, name: str) -> None:
        problem = function_name_problem(name, list(self.resolution.events), OPERATION_NAMES)
        if problem:
            self.resolution.report(self.document, where, problem, at_key=True)
        domain = self.names.operations.setdefault(name, self.document.file.stem)
        if domain != self.document.file.stem:
            self.resolution.report(
                self.document,
                where,
                f"operation {name!r} is also in domain {domain!r} of this service; an operation"
                " name is its OpenAPI operationId and client method, so it must be unique",
                at_key=True,
            )

    def _check_rest(
        self, where: KeyPath, name: str, rest: OperationRest, path: str, spec: OperationSpec
    ) -> None:
        at = (*where, "rest", "path")
        problems = list(path_problems(rest.path))
        for problem in problems:
            self._report(at, problem)
        if not path:
            self._report(at, "the route has no path: give the domain a rest.prefix or a path")
        if not problems:
            self._claim_route(name, rest.method, path)
        if spec.input is not None:
            self._check_input((*where, "input"), rest.method, spec.input)

    def _claim_route(self, name: str, method: str, path: str) -> None:
        """Record operation `name`'s route; report it if another operation serves it already."""
        route = (method, re.sub(PLACEHOLDER, "{}", path))
        if route in self.names.routes:
            self._report(
                ("operations", name, "rest", "path"),
                f"{method} {path} is already served by operation {self.names.routes[route]!r}",
            )
        self.names.routes[route] = name

    def _params(self, where: KeyPath, params: list[ParamSpec], path: str) -> Iterator[Param]:
        in_path = placeholders(path)
        self._check_placeholders_declared(where, params, in_path)
        self._check_params_unique(where, params)
        for index, param in enumerate(params):
            at = (*where, "params", index)
            self._check_param_name(at, param)
            if param.location == "path" and param.name not in in_path:
                self._report(
                    (*at, "name"),
                    f"path parameter {param.name!r} does not appear in the path {path!r};"
                    f" add {{{param.name}}} to rest.path or declare it `in: query`",
                )
            parsed = self._param_type((*at, "type"), param.type)
            if parsed is not None:
                self._check_param_values(at, param, parsed)
                yield Param(param, parsed)

    def _check_param_name(self, at: KeyPath, param: ParamSpec) -> None:
        problem = function_name_problem(param.name, list(self.resolution.events), PARAMETER_NAMES)
        if problem:
            self._report((*at, "name"), problem)

    def _check_param_values(self, at: KeyPath, param: ParamSpec, parsed: TypeRef) -> None:
        """Limits that fit the type, and a default only where one means something."""
        for key, message in limit_problems(param, parsed):
            self._report((*at, key), message)
        if not param.has_default:
            return
        if param.location == "path":
            self._report((*at, "default"), "a path parameter is always given; remove default")
        elif param.default is None:
            self._report(
                (*at, "default"),
                "a query parameter without a default is already optional; remove default",
            )
        else:
            problem = value_default_problem(self.resolution, param, parsed)
            if problem:
                self._report((*at, "default"), problem)

    def _check_placeholders_declared(
        self, where: KeyPath, params: list[ParamSpec], in_path: list[str]
    ) -> None:
        """Every `{name}` in the path needs a path parameter to give it a type."""
        declared = {param.name for param in params if param.location == "path"}
        for placeholder in dict.fromkeys(in_path):
            if placeholder not in declared:
                self._report(
                    (*where, "rest", "path"),
                    f"path parameter {{{placeholder}}} has no entry in params;"
                    f" add {{name: {placeholder}, type: ...}}",
                )

    def _check_params_unique(self, where: KeyPath, params: list[ParamSpec]) -> None:
        seen: set[str] = set()
        for index, param in enumerate(params):
            if param.name in seen:
                self._report(
                    (*where, "params", index, "name"),
                    f"parameter {param.name!r} is declared twice",
                )
            seen.add(param.name)

    def _param_type(self, where: KeyPath, text: str) -> TypeRef | None:
        """The parameter's type if it is one a URL can carry: a scalar or an enum."""
        parsed = self.resolution.parse(self.document, where, text)
        if parsed is None or parsed.kind == "scalar" or self.resolution.is_enum(parsed):
            return parsed
        self._report(where, f"a parameter must be a scalar or an enum, not {parsed}")
        return None

    def _check_input(self, where: KeyPath, method: str, name: str) -> None:
        if method in {"GET", "DELETE"}:
            self._report(
                where, f"{method} requests carry no body; remove input or use POST, PUT or PATCH"
            )

    def _output(self, where: KeyPath, spec: OperationSpec) -> TypeRef | None:
        if spec.input is not None:
            self.resolution.check_model(self.document, (*where, "input"), spec.input)
        if spec.output is None:
            return None
        output = self.resolution.parse(self.document, (*where, "output"), spec.output)
        if output is not None:
            self.resolution.check_names(self.document, (*where, "output"), output)
        if spec.rest is not None and spec.rest.success_status == 204:
            self._report(
                (*where, "rest", "status"),
                f"{spec.rest.method} answers 204 (no body) unless status says otherwise, but the"
                " operation has an output; remove the output or set status: 200",
            )
        return output

    def _success_event(
        self, where: KeyPath, name: str | None, output: TypeRef | None
    ) -> Event | None:
        """The event published on success: declared, publishable, and carrying the output."""
        if name is None:
            return None
        at = (*where, "events", "publish_on_success")
        events = self.resolution.events
        event = events.get(name)
        if event is None:
            self._report(at, f"unknown event {name!r}{suggest(name, list(events))}")
            return None
        if not event.publish:
            self._report(at, f"event {name!r} is declared with publish: false")
        known_message = self.resolution.is_class(event.message)
        if known_message and (output is None or str(output) != event.message):
            self._report(
                at,
                f"event {name!r} carries {event.message}, so the operation's output"
                f" must be {event.message}, not {output or 'nothing'}",
            )
        return event

    def _report(self, where: KeyPath, message: str) -> None:
        self.resolution.report(self.document, where, message)


def read_pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
