"""Limits and defaults of fields and parameters: that they fit the type and each other.

pydantic would accept `min_length` on an int and then ignore it, refuse a regular expression
only when the app imports its schemas, and never look at a default at all (`validate_default`
is off), so a default outside the limits would reach the first client. Each of those is a spec
error here, at the key that causes it. The default itself is checked by pydantic, with the
same limits the generated code gives it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError
from pydantic_core import SchemaError

from framework.specs.format import Constraints
from framework.specs.storable import INT_MAX, INT_MIN, admits_nul
from framework.specs.types import TypeRef

NUMERIC_LIMITS = ("ge", "gt", "le", "lt")
LENGTH_LIMITS = ("min_length", "max_length")
_PYTHON_TYPES: dict[str, Any] = {"int": int, "float": float, "bool": bool, "string": str}
# A fixed timestamp or id as a default is almost always a bug, and the generated class would
# hold the default as text: pydantic does not validate defaults.
NO_DEFAULT = {"datetime", "date", "uuid"}
Problem = tuple[str, str]  # (key of the spec entry, message)
SCALAR_LIMITS = {
    "int": NUMERIC_LIMITS,
    "float": NUMERIC_LIMITS,
    "decimal": NUMERIC_LIMITS,
    "string": (*LENGTH_LIMITS, "pattern"),
}


def applicable(parsed: TypeRef) -> tuple[str, ...]:
    """The limit keys that mean something for values of this type."""
    if parsed.kind == "list":
        return LENGTH_LIMITS
    if parsed.kind != "scalar":
        return ()
    return SCALAR_LIMITS.get(parsed.name, ())


def limit_problems(spec: Constraints, parsed: TypeRef) -> Iterator[Problem]:
    """Limits that cannot apply to the type, that exclude every value, or that do not parse."""
    allowed = applicable(parsed)
    for key in (*NUMERIC_LIMITS, *LENGTH_LIMITS, "pattern"):
        if getattr(spec, key) is not None and key not in allowed:
            takes = f"it takes {', '.join(allowed)}" if allowed else "it takes no limits"
            yield key, f"{key} does not apply to {parsed} values; {takes}"
    yield from _contradictions(spec)
    if parsed.kind == "scalar" and parsed.name == "int":
        yield from _int64_problems(spec)
    if spec.pattern is not None and "pattern" in allowed:
        yield from _pattern_problems(spec.pattern)


def _int64_problems(spec: Constraints) -> Iterator[Problem]:
    """An `int` holds what JSON carries exactly (framework.specs.storable); no limit beyond."""
    for key in NUMERIC_LIMITS:
        value = getattr(spec, key)
        if value is not None and not INT_MIN <= value <= INT_MAX:
            yield key, f"{key} {value} is beyond what an int holds, -(2**53 - 1) to 2**53 - 1"


def _contradictions(spec: Constraints) -> Iterator[Problem]:
    """A lower limit above the upper one: no value could ever be valid."""
    pairs = [("ge", "le", False), ("ge", "lt", True), ("gt", "le", True), ("gt", "lt", True)]
    pairs.append(("min_length", "max_length", False))
    for low, high, strict in pairs:
        lower, upper = getattr(spec, low), getattr(spec, high)
        if (
            lower is not None
            and upper is not None
            and (lower >= upper if strict else lower > upper)
        ):
            yield low, f"{low} {lower} and {high} {upper} leave no valid value"


def _pattern_problems(pattern: str) -> Iterator[Problem]:
    """The pattern must compile in pydantic's regular expression engine, which the app uses."""
    try:
        TypeAdapter(Annotated[str, Field(pattern=pattern)])
    except SchemaError as error:
        reason = str(error).strip().splitlines()[-1].removeprefix("error: ")
        yield "pattern", f"{pattern!r} is not a regular expression pydantic accepts: {reason}"
        return
    if admits_nul(pattern):
        yield (
            "pattern",
            f"{pattern!r} lets NUL (U+0000) through, which PostgreSQL cannot store; exclude it"
            r" from every class and dot, e.g. [^\s\x00] for \S, [^@\x00] for [^@], [^\x00\n] for .",
        )


def default_problem(
    spec: Constraints, parsed: TypeRef, default: Any, enums: dict[str, list[str]]
) -> str | None:
    """Why `default` cannot be the default of a value of this type and these limits."""
    if parsed.kind == "scalar" and parsed.name in NO_DEFAULT:
        return f"{parsed} values cannot have a default; make it optional or leave it required"
    if isinstance(default, float) and not math.isfinite(default):
        return f"default {default!r} is not a finite number"
    python_type = _python_type(parsed, enums)
    if python_type is not None:
        return _validation_problem(spec, parsed, python_type, default)
    if default in ([], {}):
        return None
    return f"{parsed} values cannot have a default other than empty; make it optional"


def _validation_problem(
    spec: Constraints, parsed: TypeRef, python_type: Any, default: Any
) -> str | None:
    """pydantic's verdict on the default, with the limits the generated field has."""
    limits = {key: _number(getattr(spec, key)) for key in applicable(parsed)}
    field = Field(**{key: value for key, value in limits.items() if value is not None})
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[python_type, field])
    try:
        adapter.validate_python(default, strict=_strict(parsed))
    except ValidationError as error:
        reason = error.errors()[0]["msg"]
        return f"default {default!r} is not a valid {parsed}: {reason[0].lower()}{reason[1:]}"
    return None


def _python_type(parsed: TypeRef, enums: dict[str, list[str]]) -> Any:
    """The Python type a default is checked against; None for a model, which has no literal."""
    if parsed.kind == "named":
        members = enums.get(parsed.name)
        return Literal[tuple(members)] if members else None
    if parsed.kind == "scalar":
        return None if parsed.name in NO_DEFAULT else _PYTHON_TYPES.get(parsed.name, Decimal)
    assert parsed.item is not None
    item = _python_type(parsed.item, enums)
    return _container(parsed.kind, item) if item is not None else None


def _container(kind: str, item: Any) -> Any:
    return list[item] if kind == "list" else dict[str, item]


def _strict(parsed: TypeRef) -> bool:
    """YAML gives every scalar its own type, so only a decimal may arrive as text or a float."""
    return "decimal" not in str(parsed)


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value
