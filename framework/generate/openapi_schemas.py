"""JSON Schemas of spec types as the running app publishes them (pydantic 2 through FastAPI).

The OpenAPI document is built from the specs, without importing the service, yet it must equal
what the app serves, so this module says what pydantic says for each construct the spec can
express: titles from field names, `anyOf` with null for optional values, limits inside the
non-null branch, no title beside a `$ref`, a decimal as a number or a string when validated and
as a string when serialized. FastAPI generates request bodies and parameters in validation mode
and responses in serialization mode; a model used both ways whose two schemas differ is
published twice, as `Name-Input` and `Name-Output`, as FastAPI does.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from framework.generate.schemas import NUMERIC_LIMITS, SCALAR_SCHEMAS
from framework.specs.model import Field, SchemaClass, Specs
from framework.specs.storable import effective_limits
from framework.specs.types import TypeRef

Mode = Literal["validation", "serialization"]
REF = "#/components/schemas/"


def title(name: str) -> str:
    """pydantic's title for a field or parameter: `created_at` is `Created At`."""
    return name.title().replace("_", " ").strip()


@dataclass
class Schemas:
    """Component names and schemas for the specs' classes and enums, per mode."""

    specs: Specs
    split: set[str] = field(default_factory=set)  # classes published as -Input and -Output

    def name(self, schema_class: str, mode: Mode) -> str:
        if schema_class not in self.split:
            return schema_class
        return f"{schema_class}-{'Input' if mode == 'validation' else 'Output'}"

    def ref(self, name: str, mode: Mode) -> dict[str, Any]:
        return {"$ref": REF + (self.name(name, mode) if name in self.specs.classes else name)}

    def type_schema(self, parsed: TypeRef, mode: Mode, limits: Any = None) -> dict[str, Any]:
        """The schema of a value of this type, with the spec's limits where pydantic puts them."""
        if parsed.kind == "named":
            return self.ref(parsed.name, mode)
        if parsed.kind == "list":
            assert parsed.item is not None
            schema = {"type": "array", "items": self.type_schema(parsed.item, mode)}
            return schema | _lengths(limits, "minItems", "maxItems")
        if parsed.kind == "dict":
            assert parsed.item is not None
            return {"type": "object", "additionalProperties": self.type_schema(parsed.item, mode)}
        if parsed.name == "decimal":
            return _decimal(limits, mode)
        limits = effective_limits(limits, parsed)  # what a database can store, too
        schema = dict[str, Any](SCALAR_SCHEMAS[parsed.name]) | _numbers(limits)
        if parsed.name == "string":
            schema |= _lengths(limits, "minLength", "maxLength")
            if limits is not None and limits.pattern is not None:
                schema["pattern"] = limits.pattern
        return schema

    def class_schema(self, schema_class: SchemaClass, mode: Mode) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "properties": {f.name: self.field_schema(f, mode) for f in schema_class.fields},
            "additionalProperties": False,
            "type": "object",
        }
        required = [f.name for f in schema_class.fields if f.required]
        if required:
            schema["required"] = required
        schema["title"] = schema_class.name
        if schema_class.description:
            schema["description"] = inspect.cleandoc(schema_class.description)
        return schema

    def field_schema(self, spec_field: Field, mode: Mode) -> dict[str, Any]:
        schema = self.type_schema(spec_field.type, mode, spec_field.spec)
        has_default = spec_field.spec.has_default and spec_field.keeps_default
        if not spec_field.required and not has_default:
            schema = nullable(schema)
        return annotate(
            schema,
            spec_field.name,
            spec_field.spec.description,
            has_default,
            spec_field.spec.default,
        )

    def enum_schema(self, name: str) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.specs.enums[name]), "title": name}


def annotate(
    schema: dict[str, Any], name: str, description: str | None, has_default: bool, default: Any
) -> dict[str, Any]:
    """Title (not beside a `$ref`), description and default, as pydantic adds them."""
    annotated = dict(schema)
    if not any("$ref" in branch for branch in _branches(schema)):
        annotated["title"] = title(name)
    if description:
        annotated["description"] = description
    if has_default and default is not None:
        annotated["default"] = json_value(default)
    return annotated


def json_value(value: Any) -> Any:
    """A default as pydantic writes it into a schema: decimals as text."""
    return str(value) if isinstance(value, Decimal) else value


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`T | None`: one flat `anyOf`, with null last."""
    return {"anyOf": [*_branches(schema), {"type": "null"}]}


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return list(schema["anyOf"]) if list(schema) == ["anyOf"] else [schema]


def _numbers(limits: Any) -> dict[str, Any]:
    if limits is None:
        return {}
    return {
        keyword: _number(getattr(limits, key))
        for key, keyword in NUMERIC_LIMITS.items()
        if getattr(limits, key) is not None
    }


def _lengths(limits: Any, low: str, high: str) -> dict[str, Any]:
    if limits is None:
        return {}
    found = {low: limits.min_length, high: limits.max_length}
    return {key: value for key, value in found.items() if value is not None}


def _decimal(limits: Any, mode: Mode) -> dict[str, Any]:
    """pydantic takes a number or numeric text and gives back text, without the limits."""
    if mode == "serialization":
        return {"type": "string"}
    return {"anyOf": [{"type": "number"} | _numbers(limits), {"type": "string"}]}


def _number(value: int | Decimal) -> int | float:
    return value if isinstance(value, int) else float(value)
