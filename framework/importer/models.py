"""models.yaml of the seeds' system: nested types flattened, inline enums named.

An inline enum `{type: enum, values: [...]}` on field `status` of model `Order` becomes the
enum `OrderStatus` in `enums:`; its `default` moves to the field. `{type: optional, of: T}`
becomes type T with `optional: true`. A field that is only a type is written in shorthand.
"""

from __future__ import annotations

import re
from typing import Any

from framework.importer.output import Conversion, mapping
from framework.importer.types import type_text
from framework.specs.source import KeyPath

_MEMBER = re.compile(r"[a-z][a-z0-9_]*")


def convert_models(data: Any, conversion: Conversion) -> None:
    data = mapping(data)
    enums: dict[str, Any] = dict(mapping(data.get("enums")))
    models = {
        name: _model(name, mapping(model), conversion, enums)
        for name, model in mapping(data.get("models")).items()
    }
    conversion.data = ({"enums": enums} if enums else {}) | {"models": models}


def _model(name: str, model: dict[str, Any], conversion: Conversion, enums: dict[str, Any]) -> Any:
    converted = dict(model)
    converted["fields"] = {
        field: _field(name, field, spec, conversion, enums)
        for field, spec in mapping(model.get("fields")).items()
    }
    variants = mapping(model.get("variants"))
    if variants:
        converted["variants"] = {variant: spec or {} for variant, spec in variants.items()}
    return converted


def _field(model: str, name: str, spec: Any, conversion: Conversion, enums: dict[str, Any]) -> Any:
    where: KeyPath = ("models", model, "fields", name)
    if isinstance(spec, str):
        return type_text(spec, where, conversion) or spec
    converted = dict(mapping(spec))
    kind = mapping(converted.get("type")).get("type")
    if kind == "optional":
        converted["type"] = mapping(converted["type"]).get("of")
        converted["optional"] = True
        conversion.change(where, "{type: optional, of: T} became T with optional: true")
    if mapping(converted.get("type")).get("type") == "enum":
        _inline_enum(f"{model}{_camel(name)}", where, converted, conversion, enums)
    else:
        converted["type"] = type_text(converted.get("type"), (*where, "type"), conversion)
    if "default" in converted and converted["default"] is None:
        del converted["default"]
        conversion.change(where, "default: null left out (no default is the same here)")
    return converted["type"] if list(converted) == ["type"] else converted


def _inline_enum(
    enum: str,
    where: KeyPath,
    converted: dict[str, Any],
    conversion: Conversion,
    enums: dict[str, Any],
) -> None:
    """Name the enum after its model and field; carry its default over to the field."""
    spec = mapping(converted["type"])
    values = spec.get("values") or []
    for index, value in enumerate(values):
        if not (isinstance(value, str) and _MEMBER.fullmatch(value)):
            conversion.refuse(
                (*where, "type", "values", index),
                f"enum member {value!r} is not a lowercase name, which members must be here",
            )
    if enum in enums:
        conversion.refuse((*where, "type"), f"the enum name {enum} is already taken")
    enums[enum] = values
    converted["type"] = enum
    if spec.get("default") is not None:
        converted["default"] = spec["default"]
    conversion.change(where, f"inline enum became enum {enum}")


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
