"""`shared/shared/generated/schemas.py`: pydantic models for every model, variant and enum.

The framework turns the spec into a JSON Schema and lets datamodel-code-generator write the
classes, so constraints, enums, optional fields and defaults follow that project's well-tested
mapping rather than one written here.
"""

from __future__ import annotations

import json
import warnings
from decimal import Decimal
from typing import Any

from framework.specs.format import Constraints
from framework.specs.model import Field, SchemaClass, Specs
from framework.specs.storable import effective_limits
from framework.specs.types import TypeRef

SCALAR_SCHEMAS: dict[str, dict[str, str]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "string": {"type": "string"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "uuid": {"type": "string", "format": "uuid"},
    "decimal": {"type": "string", "format": "decimal"},
}
NUMERIC_LIMITS = {
    "ge": "minimum",
    "gt": "exclusiveMinimum",
    "le": "maximum",
    "lt": "exclusiveMaximum",
}


def json_schema(specs: Specs) -> dict[str, Any]:
    """Every enum and class of the specs as JSON Schema definitions, in declaration order."""
    definitions: dict[str, Any] = {}
    for name, members in specs.enums.items():
        definitions[name] = {"title": name, "type": "string", "enum": members}
    for schema_class in specs.classes.values():
        definitions[schema_class.name] = class_schema(schema_class)
    return {"$defs": definitions}


def class_schema(schema_class: SchemaClass) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": schema_class.name, "type": "object"}
    if schema_class.description:
        schema["description"] = schema_class.description
    schema["properties"] = {field.name: field_schema(field) for field in schema_class.fields}
    schema["required"] = [field.name for field in schema_class.fields if field.required]
    schema["additionalProperties"] = False
    return schema


def field_schema(field: Field) -> dict[str, Any]:
    """The field's type with the limits its value must keep, then what documents it."""
    return type_schema(field.type, field.spec) | _annotations(field)


def _constraints(limits: Constraints | None, is_array: bool) -> dict[str, Any]:
    """Limits as JSON Schema keywords; a length limits a list's items, not characters."""
    if limits is None:
        return {}
    schema: dict[str, Any] = {
        keyword: _json_number(getattr(limits, key))
        for key, keyword in NUMERIC_LIMITS.items()
        if getattr(limits, key) is not None
    }
    if limits.min_length is not None:
        schema["minItems" if is_array else "minLength"] = limits.min_length
    if limits.max_length is not None:
        schema["maxItems" if is_array else "maxLength"] = limits.max_length
    if limits.pattern is not None:
        schema["pattern"] = limits.pattern
    return schema


def _annotations(field: Field) -> dict[str, Any]:
    """Description, default and readOnly: what the value means, not which values are valid."""
    spec = field.spec
    schema: dict[str, Any] = {}
    if spec.description:
        schema["description"] = spec.description
    if spec.has_default and field.keeps_default:
        schema["default"] = spec.default
    if spec.readonly:
        schema["readOnly"] = True
    return schema


def type_schema(parsed: TypeRef, limits: Constraints | None = None) -> dict[str, Any]:
    """A value's schema: a field's limits, and what every database can store
    (framework.specs.storable); a list's item or a dict's value has no limits of its own."""
    if parsed.kind == "scalar":
        return dict(SCALAR_SCHEMAS[parsed.name]) | _constraints(
            effective_limits(limits, parsed), is_array=False
        )
    if parsed.kind == "named":
        return {"$ref": f"#/$defs/{parsed.name}"}
    assert parsed.item is not None
    if parsed.kind == "list":
        items = {"type": "array", "items": type_schema(parsed.item)}
        return items | _constraints(limits, is_array=True)
    return {"type": "object", "additionalProperties": type_schema(parsed.item)}


def render_schemas(specs: Specs, header: str) -> str:
    """The Python source of the schemas module (unformatted)."""
    from datamodel_code_generator import (
        DefaultValueType,
        InputFileType,
        PythonVersion,
        generate,
    )
    from datamodel_code_generator.enums import DataModelType

    with warnings.catch_warnings():
        # The generator announces future default changes; the options below pin every one.
        warnings.simplefilter("ignore")
        source = generate(
            json.dumps(json_schema(specs)),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            custom_file_header=header.rstrip("\n"),
            disable_timestamp=True,
            skip_root_model=True,
            collapse_root_models=True,
            use_annotated=True,
            field_constraints=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_schema_description=True,
            use_title_as_name=True,
            strict_nullable=True,
            set_default_enum_member=True,
            deserialize_default_values=[DefaultValueType.Decimal],
            extra_fields="forbid",
            use_double_quotes=True,
            formatters=[],
        )
    assert isinstance(source, str)
    return source


def _json_number(value: int | Decimal) -> int | float:
    return value if isinstance(value, int) else float(value)
