"""Classes, fields and enums of models.yaml, old against new."""

from __future__ import annotations

from collections.abc import Iterator

from framework.compat.change import Change, additive, breaking, matched, presence
from framework.compat.limits import limit_changes
from framework.specs.model import Field, SchemaClass, Specs


def compare_models(old: Specs, new: Specs) -> Iterator[Change]:
    for name, members, current in matched(old.enums, new.enums):
        yield from compare_enum(name, members, current)
    for name, old_class, new_class in matched(old.classes, new.classes):
        if old_class is None or new_class is None:
            yield presence(name, "class", old_class)
        else:
            yield from compare_fields(old_class, new_class)


def compare_enum(name: str, old: list[str] | None, new: list[str] | None) -> Iterator[Change]:
    if old is None or new is None:
        yield presence(name, "enum", old)
        return
    for member, before, after in matched(dict.fromkeys(old, 1), dict.fromkeys(new, 1)):
        if before is None or after is None:
            yield presence(name, f"member {member!r}", before)


def compare_fields(old: SchemaClass, new: SchemaClass) -> Iterator[Change]:
    old_fields = {field.name: field for field in old.fields}
    new_fields = {field.name: field for field in new.fields}
    for name, before, after in matched(old_fields, new_fields):
        yield from _field_change(f"{old.name}.{name}", before, after)


def _field_change(where: str, old: Field | None, new: Field | None) -> Iterator[Change]:
    if old is not None and new is not None:
        yield from compare_field(where, old, new)
    elif new is not None and new.required:
        yield breaking(where, "field added as required")
    else:
        yield presence(where, "field", old)


def compare_field(where: str, old: Field, new: Field) -> Iterator[Change]:
    if str(old.type) != str(new.type):
        yield breaking(where, f"type changed from {old.type} to {new.type}")
    yield from _requiredness(where, old, new)
    yield from limit_changes(where, old.spec, new.spec)


def _requiredness(where: str, old: Field, new: Field) -> Iterator[Change]:
    if new.required and not old.required:
        yield breaking(where, "made required")
    elif old.required and not new.required:
        yield additive(where, "no longer required")
    elif old.spec.optional and not new.spec.optional:
        yield breaking(where, "no longer nullable")
