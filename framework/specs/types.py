"""Type expressions of the spec: `int`, `list[BookRead]`, `dict[string, int]`, `BookStatus`..."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SCALARS = ("int", "float", "bool", "string", "datetime", "date", "uuid", "decimal")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TypeSyntaxError(ValueError):
    """A type expression that does not parse."""


@dataclass(frozen=True)
class TypeRef:
    """A parsed type: a scalar, a named model or enum, or a list or dict of another type."""

    kind: str  # "scalar", "named", "list" or "dict"
    name: str = ""
    item: TypeRef | None = None

    def names(self) -> Iterator[str]:
        """Every model or enum name this type refers to."""
        if self.kind == "named":
            yield self.name
        if self.item is not None:
            yield from self.item.names()

    def __str__(self) -> str:
        if self.kind == "list":
            return f"list[{self.item}]"
        if self.kind == "dict":
            return f"dict[string, {self.item}]"
        return self.name


def parse_type(text: str) -> TypeRef:
    """Parse a type expression; raise TypeSyntaxError with what was expected."""
    compact = re.sub(r"\s+", "", str(text))
    parsed, rest = _parse(compact)
    if rest:
        raise TypeSyntaxError(f"unexpected {rest!r} after {parsed} in type {text!r}")
    return parsed


def _parse(text: str) -> tuple[TypeRef, str]:
    match = _NAME.match(text)
    if not match:
        raise TypeSyntaxError(
            f"expected a type name at {text!r}; types are {', '.join(SCALARS)},"
            " list[T], dict[string, T], or a model or enum name"
        )
    name, rest = match.group(0), text[match.end() :]
    if name in {"list", "dict"} and rest.startswith("["):
        return _parse_container(name, rest[1:])
    if name in {"list", "dict"}:
        raise TypeSyntaxError(f"{name} needs an item type, e.g. {name}[int]")
    return TypeRef("scalar" if name in SCALARS else "named", name), rest


def _parse_container(kind: str, text: str) -> tuple[TypeRef, str]:
    if kind == "dict":
        if not text.startswith("string,"):
            raise TypeSyntaxError("dict keys must be strings: write dict[string, T]")
        text = text[len("string,") :]
    item, rest = _parse(text)
    if not rest.startswith("]"):
        raise TypeSyntaxError(f"expected ']' to close {kind}[...]")
    return TypeRef(kind, item=item), rest[1:]
