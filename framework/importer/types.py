"""Types of the seeds' system: shorthand strings, Python annotations and nested mappings.

int, string, list[string], dict[string, int]        the same here
str, UUID, ... (parameters' Python annotations)      string, uuid, ...
{type: list, of: T}                                  list[T]
{type: dict, key: {type: string}, value: T}          dict[string, T]
{type: optional, of: T}                              T, with `optional: true` on the field
{type: enum, values: [...], default: x}              a named enum (see models.py)
"""

from __future__ import annotations

from typing import Any

from framework.importer.output import Conversion, mapping
from framework.specs.source import KeyPath

ANNOTATIONS = {
    "str": "string",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "UUID": "uuid",
    "uuid.UUID": "uuid",
    "datetime": "datetime",
    "date": "date",
    "Decimal": "decimal",
}


def type_text(value: Any, where: KeyPath, conversion: Conversion) -> str | None:
    """This format's type expression for a type of the seeds' system, or None if refused."""
    if isinstance(value, str):
        return ANNOTATIONS.get(value, value)
    kind = mapping(value).get("type")
    if kind in NESTED:
        return NESTED[kind](mapping(value), where, conversion)
    if isinstance(kind, str) and kind not in {"optional", "enum"}:
        return ANNOTATIONS.get(kind, kind)
    conversion.refuse(where, f"a {kind or 'type without a name'} type can only be a field's type")
    return None


def _list_text(value: dict[str, Any], where: KeyPath, conversion: Conversion) -> str | None:
    item = type_text(value.get("of"), (*where, "of"), conversion)
    return None if item is None else f"list[{item}]"


def _dict_text(value: dict[str, Any], where: KeyPath, conversion: Conversion) -> str | None:
    key = type_text(value.get("key"), (*where, "key"), conversion)
    item = type_text(value.get("value"), (*where, "value"), conversion)
    if key is None or item is None:
        return None
    if key != "string":
        conversion.refuse((*where, "key"), f"dict keys must be strings here, not {key}")
        return None
    return f"dict[string, {item}]"


NESTED = {"list": _list_text, "dict": _dict_text}
