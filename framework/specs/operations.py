"""The domain specs of the services resolved: operations with full paths and parsed types.

What one domain file cannot check alone is checked here: that a route is served once per
service, that the path and the declared parameters agree, that inputs, outputs and events name
what models.yaml and events.yaml declare.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from framework.names import module_name
from framework.project import Package
from framework.specs.format import DomainFile, OperationSpec, ParamSpec
from framework.specs.model import Domain, Event, Operation, Param
from framework.specs.resolution import Resolution
from framework.specs.shape import suggest
from framework.specs.source import Document, KeyPath
from framework.specs.types import TypeRef

_PATH_PARAMETER = re.compile(r"{([^}]*)}")
# A method and a path with its parameters blanked: `/{id}` and `/{book_id}` are one route.
_Route = tuple[str, str]


def resolve_domains(
    resolution: Resolution, service: Package, documents: Iterable[Document]
) -> Iterator[Domain]:
    """The domains of one service, from those of its spec documents whose shape is right."""
    routes: dict[_Route, str] = {}  # one app serves every domain of the service
    package = module_name(service.name, _pyproject(service.pyproject))
    for document in documents:
        spec = resolution.shape(document, DomainFile)
        if spec is not None:
            yield _DomainFile(resolution, document, routes).resolve(service.name, package, spec)


class _DomainFile:
    def __init__(
        self, resolution: Resolution, document: Document, routes: dict[_Route, str]
    ) -> None:
        self.resolution = resolution
        self.document = document
        self.routes = routes

    def resolve(self, service: str, package: str, spec: DomainFile) -> Domain:
        path = self.document.file
        if spec.domain != path.stem:
            self._report(
                ("domain",),
                f"domain {spec.domain!r} is in {path.name}; name the file {spec.domain}.yaml",
            )
        operations = tuple(
            self._operation(spec.rest.prefix, name, operation)
            for name, operation in spec.operations.items()
        )
        return Domain(service, package, spec.domain, path, spec, operations)

    def _operation(self, prefix: str, name: str, spec: OperationSpec) -> Operation:
        where: KeyPath = ("operations", name)
        path = prefix + spec.rest.path
        self._claim_route(name, spec.rest.method, path)
        params = tuple(self._params(where, spec.params, path))
        if spec.input is not None:
            self._check_input((*where, "input"), spec.rest.method, spec.input)
        output = self._output(where, spec)
        event = self._event(where, spec.events.publish_on_success, output)
        line = self.document.keys.get(where, (1, 1))[0]
        return Operation(name, spec, path, params, output, event, line)

    def _claim_route(self, name: str, method: str, path: str) -> None:
        """Record operation `name`'s route; report it if another operation serves it already."""
        route = (method, re.sub(_PATH_PARAMETER, "{}", path))
        if route in self.routes:
            self._report(
                ("operations", name, "rest", "path"),
                f"{method} {path or '/'} is already served by operation {self.routes[route]!r}",
            )
        self.routes[route] = name

    def _params(self, where: KeyPath, params: list[ParamSpec], path: str) -> Iterator[Param]:
        in_path = _PATH_PARAMETER.findall(path)
        self._check_placeholders_declared(where, params, in_path)
        self._check_params_unique(where, params)
        for index, param in enumerate(params):
            at = (*where, "params", index)
            if param.location == "path" and param.name not in in_path:
                self._report(
                    (*at, "name"),
                    f"path parameter {param.name!r} does not appear in the path {path!r};"
                    f" add {{{param.name}}} to rest.path or declare it `in: query`",
                )
            parsed = self._param_type((*at, "type"), param.type)
            if parsed is not None:
                yield Param(param, parsed)

    def _check_placeholders_declared(
        self, where: KeyPath, params: list[ParamSpec], in_path: list[str]
    ) -> None:
        """Every `{name}` in the path needs a path parameter to give it a type."""
        declared = {param.name for param in params if param.location == "path"}
        for placeholder in in_path:
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
        else:
            self.resolution.check_model(self.document, where, name)

    def _output(self, where: KeyPath, spec: OperationSpec) -> TypeRef | None:
        if spec.output is None:
            return None
        output = self.resolution.parse(self.document, (*where, "output"), spec.output)
        if output is not None:
            self.resolution.check_names(self.document, (*where, "output"), output)
        if spec.rest.status == 204:
            self._report(
                (*where, "rest", "status"),
                "status 204 means no body, but the operation has an output; remove one",
            )
        return output

    def _event(self, where: KeyPath, name: str | None, output: TypeRef | None) -> Event | None:
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
        known_message = event.message in self.resolution.classes
        if known_message and (output is None or str(output) != event.message):
            self._report(
                at,
                f"event {name!r} carries {event.message}, so the operation's output"
                f" must be {event.message}, not {output or 'nothing'}",
            )
        return event

    def _report(self, where: KeyPath, message: str) -> None:
        self.resolution.report(self.document, where, message)


def _pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
