"""What the checks of one `load_specs` run share: the problems so far, and the declared names.

models.yaml declares enums and classes and events.yaml declares events; the domain specs refer
to them by name. Every check reports into one list, so the user sees every problem at once, and
a reference to an unknown name comes with the closest name that does exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from framework.problems import Problem
from framework.specs.model import Event, SchemaClass
from framework.specs.shape import suggest, validate_shape
from framework.specs.source import Document, KeyPath
from framework.specs.types import SCALARS, TypeRef, TypeSyntaxError, parse_type


@dataclass
class Resolution:
    """The problems found so far and the names declared so far."""

    problems: list[Problem]
    enums: dict[str, list[str]] = field(default_factory=dict)
    classes: dict[str, SchemaClass] = field(default_factory=dict)
    # Models with variants as a whole class: generated only once some spec names them.
    bases: dict[str, SchemaClass] = field(default_factory=dict)
    used_bases: set[str] = field(default_factory=set)
    # The first variant of each model with variants, by class name: the base goes before it.
    first_variants: dict[str, str] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    # When models.yaml is broken, every reference to a model would be reported too.
    models_known: bool = True

    def report(
        self, document: Document, where: KeyPath, message: str, *, at_key: bool = False
    ) -> None:
        self.problems.append(document.problem(where, message, at_key=at_key))

    def shape(self, document: Document, model: Any) -> Any:
        """The document as its format model, or None once its shape problems are reported."""
        parsed, problems = validate_shape(document, model)
        self.problems += problems
        return parsed

    def parse(
        self, document: Document, where: KeyPath, text: str, *, report: bool = True
    ) -> TypeRef | None:
        try:
            return parse_type(text)
        except TypeSyntaxError as error:
            if report:
                self.report(document, where, str(error))
            return None

    def is_enum(self, parsed: TypeRef) -> bool:
        return parsed.kind == "named" and parsed.name in self.enums

    def is_class(self, name: str) -> bool:
        """Whether `name` is a class; naming a model with variants makes its whole class exist."""
        if name in self.bases:
            self.used_bases.add(name)
            return True
        return name in self.classes

    def check_model(self, document: Document, where: KeyPath, name: str) -> None:
        """`name` must be a class: an event's message or an operation's input."""
        if self.models_known and not self.is_class(name):
            self.report(document, where, f"unknown model {name!r}{self._class_hint(name)}")

    def check_names(self, document: Document, where: KeyPath, parsed: TypeRef) -> None:
        """Every class or enum a type expression names must be declared."""
        if not self.models_known:
            return
        for name in parsed.names():
            if not self.is_class(name) and name not in self.enums:
                self.report(document, where, f"unknown type {name!r}{self._class_hint(name)}")

    def all_classes(self) -> dict[str, SchemaClass]:
        """The classes to generate, each model's whole class (when used) before its variants."""
        ordered: dict[str, SchemaClass] = {}
        for name, schema_class in self.classes.items():
            base = self.first_variants.get(name)
            if base in self.used_bases:
                ordered[base] = self.bases[base]
            ordered[name] = schema_class
        return ordered

    def _class_hint(self, name: str) -> str:
        if name in self.enums:
            return f" ({name} is an enum, not a model)"
        return suggest(name, [*self.classes, *self.bases, *self.enums, *SCALARS])
