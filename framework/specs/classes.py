"""models.yaml resolved: its enums, and the classes its models and their variants become.

A model without variants is one class; a model `Book` with variants `Create` and `Read` is the
classes `BookCreate` and `BookRead`, plus the class `Book` with every field as soon as any spec
names `Book` as a type (as the seeds' system always had it; generated only when used, so a
project's own `Book`, such as an ORM class, does not meet it otherwise). `Create` and `Update`
leave out `readonly` fields: a client neither sets nor changes them. Field types, limits and
defaults are checked once every class is known, since a field may name any of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from framework.specs.constraints import default_problem, limit_problems
from framework.specs.format import FieldSpec, ModelsFile, ModelSpec, VariantSpec
from framework.specs.model import Field, SchemaClass
from framework.specs.reserved import class_name_problem
from framework.specs.resolution import Resolution
from framework.specs.shape import suggest
from framework.specs.source import Document, KeyPath
from framework.specs.types import TypeRef

# The Python values YAML may give a default, by scalar name or container kind; a type not
# listed (datetime, date, uuid) takes whatever pydantic can parse.
_DEFAULT_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "string": (str,),
    "decimal": (int, float, str, Decimal),
    "list": (list,),
    "dict": (dict,),
}
# Variants a client sends: the fields the server sets (`readonly`) are not theirs to give.
WRITE_VARIANTS = ("Create", "Update")


def resolve_models(resolution: Resolution, document: Document, models: ModelsFile) -> None:
    """Fill in the resolution's enums and classes; report what is wrong with them."""
    _Models(resolution, document).resolve(models)


class _Models:
    def __init__(self, resolution: Resolution, document: Document) -> None:
        self.resolution = resolution
        self.document = document

    def resolve(self, models: ModelsFile) -> None:
        self.resolution.enums = {name: list(members) for name, members in models.enums.items()}
        for name, members in models.enums.items():
            self._check_members(name, members)
        self._declare_class_names(models)
        for model_name, model in models.models.items():
            self._add_classes(model_name, model)
        for model_name, model in models.models.items():
            for name, field_spec in model.fields.items():
                self._check_field(("models", model_name, "fields", name), field_spec)

    def _declare_class_names(self, models: ModelsFile) -> None:
        """Each enum and class name once: variant `Read` of `Book` may not meet a `BookRead`."""
        declared: dict[str, KeyPath] = {}
        for name in models.enums:
            self._claim(declared, name, ("enums", name))
        for model_name, model in models.models.items():
            for class_name, where in _class_names(model_name, model):
                self._claim(declared, class_name, where)

    def _claim(self, declared: dict[str, KeyPath], class_name: str, where: KeyPath) -> None:
        """`class_name` for the enum or class at `where`, unless it is taken or reserved."""
        reserved = class_name_problem(class_name)
        if reserved:
            self.resolution.report(self.document, where, reserved)
        if class_name in declared:
            taken_by = ".".join(map(str, declared[class_name]))
            self.resolution.report(
                self.document,
                where,
                f"the class name {class_name!r} is already taken by {taken_by}",
            )
        declared[class_name] = where

    def _check_members(self, enum: str, members: list[str]) -> None:
        """Each member once: a repeated member makes the enum class fail at import."""
        seen: set[str] = set()
        for index, member in enumerate(members):
            if member in seen:
                self.resolution.report(
                    self.document, ("enums", enum, index), f"member {member!r} is listed twice"
                )
            seen.add(member)

    def _add_classes(self, model_name: str, model: ModelSpec) -> None:
        """The model as one class, or as one class per variant when it has variants."""
        base = ("models", model_name)
        fields = {
            name: self._field((*base, "fields", name), name, spec)
            for name, spec in model.fields.items()
        }
        classes = self.resolution.classes
        whole = SchemaClass(model_name, model.description, tuple(fields.values()))
        if model.variants:
            self.resolution.bases[model_name] = whole
            self.resolution.first_variants[f"{model_name}{next(iter(model.variants))}"] = model_name
        else:
            classes[model_name] = whole
        for variant, spec in model.variants.items():
            self._check_variant_fields((*base, "variants", variant), model_name, spec, list(fields))
            classes[f"{model_name}{variant}"] = SchemaClass(
                f"{model_name}{variant}",
                model.description,
                _variant_fields(variant, spec, fields.values()),
            )

    def _check_variant_fields(
        self, where: KeyPath, model_name: str, variant: VariantSpec, fields: list[str]
    ) -> None:
        """A variant's `optional` and `exclude` lists may name only fields of its model."""
        for key in ("optional", "exclude"):
            for index, name in enumerate(getattr(variant, key)):
                if name not in fields:
                    self.resolution.report(
                        self.document,
                        (*where, key, index),
                        f"{model_name} has no field {name!r}{suggest(name, fields)}",
                    )

    def _field(self, where: KeyPath, name: str, spec: FieldSpec) -> Field:
        parsed = self.resolution.parse(self.document, (*where, "type"), spec.type)
        required = not spec.optional and not spec.has_default
        return Field(name, spec, parsed or TypeRef("scalar", "string"), required)

    def _check_field(self, where: KeyPath, spec: FieldSpec) -> None:
        parsed = self.resolution.parse(self.document, (*where, "type"), spec.type, report=False)
        if parsed is None:
            return  # _field has reported it
        self.resolution.check_names(self.document, (*where, "type"), parsed)
        for key, message in limit_problems(spec, parsed):
            self.resolution.report(self.document, (*where, key), message)
        problem = value_default_problem(self.resolution, spec, parsed) if spec.has_default else None
        if problem:
            self.resolution.report(self.document, (*where, "default"), problem)


def value_default_problem(resolution: Resolution, spec: Any, parsed: TypeRef) -> str | None:
    """Why a field's or query parameter's `default` does not fit its type and limits."""
    default = spec.default
    if default is None:
        return "a default of null means optional: write `optional: true` and leave default out"
    if resolution.is_enum(parsed):
        return _enum_default_problem(parsed.name, resolution.enums[parsed.name], default)
    return _typed_default_problem(parsed, default) or default_problem(
        spec, parsed, default, resolution.enums
    )


def _class_names(model_name: str, model: ModelSpec) -> Iterator[tuple[str, KeyPath]]:
    """The classes a model may become, each with where it is declared: itself, its variants."""
    yield model_name, ("models", model_name)
    for variant in model.variants:
        yield f"{model_name}{variant}", ("models", model_name, "variants", variant)


def _variant_fields(variant: str, spec: VariantSpec, fields: Iterable[Field]) -> tuple[Field, ...]:
    """The model's fields as the variant has them; `Create` and `Update` leave out readonly ones."""
    return tuple(
        dataclasses.replace(field, required=False, keeps_default=False)
        if field.name in spec.optional
        else field
        for field in fields
        if field.name not in spec.exclude
        and not (variant in WRITE_VARIANTS and field.spec.readonly)
    )


def _enum_default_problem(enum: str, members: list[str], default: Any) -> str | None:
    if default in members:
        return None
    return f"default {default!r} is not a member of {enum} ({', '.join(members)})"


def _typed_default_problem(parsed: TypeRef, default: Any) -> str | None:
    """A default of the wrong kind of value; `true` is no int here, though Python says it is."""
    expected = _DEFAULT_TYPES.get(parsed.name if parsed.kind == "scalar" else parsed.kind)
    wrong_bool = isinstance(default, bool) and parsed.name in {"int", "float"}
    if expected and (not isinstance(default, expected) or wrong_bool):
        return f"default {default!r} is not a valid {parsed}"
    return None
