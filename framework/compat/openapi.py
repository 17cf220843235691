"""The generated OpenAPI documents, old against new: what a client built from the old one calls.

The specs already say most of this; the document is what clients are generated from, so what
it loses is named too: an operation (a path and method), a success status, a parameter, or a
parameter or body that becomes required.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from framework.compat.change import Change, additive, breaking, matched

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
Document = dict[str, Any]


def compare_documents(old: dict[str, Document], new: dict[str, Document]) -> Iterator[Change]:
    """Per service, its `openapi.json` at the ref against the one in the working tree."""
    for service, document in old.items():
        where = f"services/{service}/openapi.json"
        if service not in new:
            yield breaking(where, "document removed (the service serves no HTTP operation)")
            continue
        yield from compare_document(where, document, new[service])
    for service in new.keys() - old.keys():
        yield additive(f"services/{service}/openapi.json", "document added")


def _operations(document: Document) -> dict[str, Document]:
    return {
        f"{method.upper()} {path}": item[method]
        for path, item in document.get("paths", {}).items()
        for method in METHODS
        if method in item
    }


def compare_document(where: str, old: Document, new: Document) -> Iterator[Change]:
    old_operations, new_operations = _operations(old), _operations(new)
    for name, operation in old_operations.items():
        if name not in new_operations:
            yield breaking(f"{where} {name}", "operation removed")
        else:
            yield from compare_operation(f"{where} {name}", operation, new_operations[name])


def _successes(operation: Document) -> set[str]:
    return {code for code in operation.get("responses", {}) if code.startswith("2")}


def _parameters(operation: Document) -> dict[str, bool]:
    return {
        f"{param['in']} {param['name']}": bool(param.get("required"))
        for param in operation.get("parameters", [])
    }


def compare_operation(where: str, old: Document, new: Document) -> Iterator[Change]:
    for code in sorted(_successes(old) - _successes(new)):
        yield breaking(where, f"success status {code} removed")
    yield from compare_parameters(where, _parameters(old), _parameters(new))
    old_body = old.get("requestBody", {}).get("required", False)
    if new.get("requestBody", {}).get("required", False) and not old_body:
        yield breaking(where, "request body made required")


def compare_parameters(where: str, old: dict[str, bool], new: dict[str, bool]) -> Iterator[Change]:
    """Parameters by location and name, each with whether it is required."""
    for name, before, after in matched(old, new):
        if after is None:
            yield breaking(where, f"parameter {name} removed")
        elif after and not before:
            change = "required parameter added" if before is None else "made required"
            yield breaking(where, f"parameter {name}: {change}")
