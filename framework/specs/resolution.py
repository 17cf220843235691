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
    bases_with_variants: dict[str, list[str]] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    # When models.yaml is broken, every reference to a model would be reported too.
    models_known: bool = True

    def report(self, document: Document, where: KeyPath, message: str) -> None:
        self.problems.append(document.problem(where, message))

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

    def check_model(self, document: Document, where: KeyPath, name: str) -> None:
        """`name` must be a class: an event's message or an operation's input."""
        if self.models_known and name not in self.classes:
            self.report(document, where, f"unknown model {name!r}{self._class_hint(name)}")

    def check_names(self, document: Document, where: KeyPath, parsed: TypeRef) -> None:
        """Every class or enum a type expression names must be declared."""
        if not self.models_known:
            return
        for name in parsed.names():
            if name not in self.classes and name not in self.enums:
                self.report(document, where, f"unknown type {name!r}{self._class_hint(name)}")

    def _class_hint(self, name: str) -> str:
        if name in self.bases_with_variants:
            variants = ", ".join(self.bases_with_variants[name])
            return f" ({name} has variants; use one of: {variants})"
        if name in self.enums and name not in self.classes:
            return f" ({name} is an enum, not a model)"
        return suggest(name, [*self.classes, *self.enums, *SCALARS])
