"""`services/<service>/openapi.json`: the service's HTTP contract, equal to what the app serves.

Built from the specs rather than exported from the running app, so it needs no service venv and
is byte-for-byte the same on every machine; it is what FastAPI serves for the generated routers
(summary from the operation name, description from the route's docstring, explicit
operationId, parameter titles and limits, FastAPI's validation error), with the schemas of
`framework.generate.openapi_schemas`. Each FastAPI service's tests compare the two, and the app
must call itself `<service>`, version `1`, and keep other routes out of the schema.
"""

from __future__ import annotations

import ast
import inspect
import json
from typing import Any

from framework.generate.openapi_schemas import REF, Mode, Schemas, annotate, nullable, title
from framework.generate.python import docstring, humane
from framework.specs.model import Domain, Operation, Param, Specs
from framework.specs.types import TypeRef

VERSION = "1"
VALIDATION_ERROR = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": f"{REF}HTTPValidationError"}}},
}
FASTAPI_SCHEMAS: dict[str, Any] = {
    "HTTPValidationError": {
        "properties": {
            "detail": {
                "items": {"$ref": f"{REF}ValidationError"},
                "type": "array",
                "title": "Detail",
            }
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
}
NO_BODY = {204, 205, 304}
ROUTE_INDENT = "        "  # a route's docstring in the generated router


def render_openapi(specs: Specs, service: str, domains: list[Domain]) -> str:
    operations = [(domain, op) for domain in domains for op in domain.routes]
    used = _Used(specs)
    for _, operation in operations:
        used.operation(operation)
    schemas = Schemas(specs, used.split())
    paths: dict[str, dict[str, Any]] = {}
    for domain, operation in operations:
        assert operation.rest is not None
        item = paths.setdefault(operation.path, {})
        item[operation.rest.method.lower()] = _operation(schemas, domain, operation)
    components = used.components(schemas)
    if any(_validates(operation) for _, operation in operations):
        components |= FASTAPI_SCHEMAS
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": service, "version": VERSION},
        "paths": paths,
    }
    if components:
        document["components"] = {"schemas": dict(sorted(components.items()))}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class _Used:
    """The classes and enums the operations reach, by mode, and which must be split."""

    def __init__(self, specs: Specs) -> None:
        self.specs = specs
        self.reached: dict[Mode, set[str]] = {"validation": set(), "serialization": set()}

    def operation(self, operation: Operation) -> None:
        for param in operation.params:
            self._reach(param.type, "validation")
        if operation.spec.input:
            self._reach_name(operation.spec.input, "validation")
        if operation.output:
            self._reach(operation.output, "serialization")

    def _reach(self, parsed: TypeRef, mode: Mode) -> None:
        for name in parsed.names():
            self._reach_name(name, mode)

    def _reach_name(self, name: str, mode: Mode) -> None:
        if name in self.reached[mode]:
            return
        self.reached[mode].add(name)
        for spec_field in self.specs.classes[name].fields if name in self.specs.classes else ():
            self._reach(spec_field.type, mode)

    def split(self) -> set[str]:
        """Classes used both ways whose schemas differ; a split may split the classes using it."""
        both = self.reached["validation"] & self.reached["serialization"] & set(self.specs.classes)
        split: set[str] = set()
        while True:
            schemas = Schemas(self.specs, split)
            differ = {
                name
                for name in both
                if schemas.class_schema(self.specs.classes[name], "validation")
                != schemas.class_schema(self.specs.classes[name], "serialization")
            }
            if differ == split:
                return split
            split = differ

    def components(self, schemas: Schemas) -> dict[str, Any]:
        components: dict[str, Any] = {}
        for mode, names in self.reached.items():
            for name in names:
                if name in self.specs.enums:
                    components[name] = schemas.enum_schema(name)
                else:
                    schema = schemas.class_schema(self.specs.classes[name], mode)
                    components[schemas.name(name, mode)] = schema
        return components


def _operation(schemas: Schemas, domain: Domain, operation: Operation) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "tags": list(domain.spec.rest.tags) or [domain.name],
        "summary": operation.name.replace("_", " ").title(),
        "description": route_description(operation),
        "operationId": operation.name,
    }
    if operation.params:
        entry["parameters"] = [_parameter(schemas, param) for param in operation.params]
    if operation.spec.input:
        content = {"application/json": {"schema": schemas.ref(operation.spec.input, "validation")}}
        entry["requestBody"] = {"required": True, "content": content}
    entry["responses"] = _responses(schemas, operation)
    return entry


def route_description(operation: Operation) -> str:
    """What FastAPI reads from the generated route's docstring."""
    source = docstring(operation.spec.description or humane(operation.name), ROUTE_INDENT)
    text = inspect.cleandoc(ast.literal_eval(source.strip()))
    return text.split("\f")[0].strip()


def _parameter(schemas: Schemas, param: Param) -> dict[str, Any]:
    spec = param.spec
    schema = schemas.type_schema(param.type, "validation", spec)
    if spec.location == "query" and not spec.has_default:
        schema = nullable(schema)
    entry: dict[str, Any] = {
        "name": spec.name,
        "in": spec.location,
        "required": spec.location == "path",
        "schema": annotate(schema, spec.name, spec.description, spec.has_default, spec.default),
    }
    if spec.description:
        entry["description"] = spec.description
    return entry


def _responses(schemas: Schemas, operation: Operation) -> dict[str, Any]:
    """Success with its status, the errors the spec lists, and FastAPI's validation error."""
    rest = operation.rest
    assert rest is not None
    success: dict[str, Any] = {"description": "Successful Response"}
    if rest.success_status not in NO_BODY:
        content = {"schema": _response_schema(schemas, operation)}
        success["content"] = {"application/json": content}
    responses: dict[str, Any] = {str(rest.success_status): success}
    for status, text in sorted(rest.errors.items()):
        responses[str(status)] = {"description": text}
    if _validates(operation) and "422" not in responses:
        responses["422"] = VALIDATION_ERROR
    return responses


def _response_schema(schemas: Schemas, operation: Operation) -> dict[str, Any]:
    output = operation.output
    if output is None:
        return {}
    if output.kind == "named":
        return schemas.ref(output.name, "serialization")
    schema = schemas.type_schema(output, "serialization")
    return schema | {"title": title(f"Response_{operation.name}")}


def _validates(operation: Operation) -> bool:
    """FastAPI documents a validation error for routes that take parameters or a body."""
    return bool(operation.params or operation.spec.input)
