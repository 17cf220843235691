"""`services/<service>/openapi.json`: the service's HTTP contract, from its specs alone.

Built from the specs rather than exported from the running app, so it needs no service venv and
is byte-for-byte the same on every machine. A test of the service can compare it with the app.
"""

from __future__ import annotations

import json
from typing import Any

from framework.generate.schemas import json_schema, type_schema
from framework.specs.model import Domain, Operation, Param, Specs
from framework.specs.types import TypeRef

VALIDATION_ERROR = {
    "description": "Validation error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
}
HTTP_ERROR = {
    "title": "HTTPError",
    "type": "object",
    "properties": {"detail": {}},
    "required": ["detail"],
}


def render_openapi(specs: Specs, service: str, domains: list[Domain]) -> str:
    paths: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for domain in domains:
        for operation in domain.routes:
            assert operation.rest is not None
            item = paths.setdefault(operation.path, {})
            item[operation.rest.method.lower()] = _operation(domain, operation, used)
    schemas = _reachable(specs, used)
    schemas["HTTPError"] = HTTP_ERROR
    document = {
        "openapi": "3.1.0",
        "info": {"title": service, "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return text.replace('"#/$defs/', '"#/components/schemas/') + "\n"


def _operation(domain: Domain, operation: Operation, used: set[str]) -> dict[str, Any]:
    """One operation object; `used` collects the schemas it refers to."""
    entry: dict[str, Any] = {
        "operationId": operation.name,
        "tags": list(domain.spec.rest.tags) or [domain.name],
    }
    if operation.spec.description:
        entry["summary"] = operation.spec.description
    if operation.params:
        entry["parameters"] = [_parameter(param, used) for param in operation.params]
    if operation.spec.input:
        used.add(operation.spec.input)
        entry["requestBody"] = _request_body(operation.spec.input)
    entry["responses"] = _responses(operation, used)
    return entry


def _parameter(param: Param, used: set[str]) -> dict[str, Any]:
    return {
        "name": param.spec.name,
        "in": param.spec.location,
        "required": param.spec.location == "path" or not param.spec.has_default,
        "schema": _schema(param.type, used),
    }


def _request_body(model: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/$defs/{model}"}}},
    }


def _responses(operation: Operation, used: set[str]) -> dict[str, Any]:
    """Success with its status, the errors the spec lists, and FastAPI's validation error."""
    rest = operation.rest
    assert rest is not None
    success: dict[str, Any] = {"description": "Success"}
    if operation.output:
        success["content"] = {"application/json": {"schema": _schema(operation.output, used)}}
    responses: dict[str, Any] = {str(rest.success_status): success}
    for status, text in sorted(rest.errors.items()):
        responses[str(status)] = {"description": text}
    responses["422"] = VALIDATION_ERROR
    return responses


def _schema(parsed: TypeRef, used: set[str]) -> dict[str, Any]:
    used.update(parsed.names())
    return type_schema(parsed)


def _reachable(specs: Specs, roots: set[str]) -> dict[str, Any]:
    """The definitions `roots` need, following references, in declaration order."""
    definitions = json_schema(specs)["$defs"]
    needed: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in needed or name not in definitions:
            continue
        needed.add(name)
        pending += _references(definitions[name])
    return {name: schema for name, schema in definitions.items() if name in needed}


def _references(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else []
        return found + [name for value in schema.values() for name in _references(value)]
    if isinstance(schema, list):
        return [name for value in schema for name in _references(value)]
    return []
