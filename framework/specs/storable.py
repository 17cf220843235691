"""What every generated model and route refuses because no database can store it.

A fuzzer found both on the template's backend: a NUL character in any string (`"a\\u0000b"`)
is accepted by pydantic and refused by PostgreSQL, and an integer beyond 64 bits
(`?offset=9223372036854775808`) is accepted by pydantic and overflows in PostgreSQL and SQLite;
each was a 500. So the generated code refuses them at the edge, with a 422 that says why, and the
OpenAPI document says so, so clients and contract tests know:

- `int` fields and parameters hold what JSON carries exactly: -(2**53 - 1) to 2**53 - 1, the
  safe integers of a JavaScript client, well inside a bigint column. (Not the full 64 bits:
  FastAPI publishes a model's limits as floats, and 2**63 - 1 as a float is 2**63, a value the
  app would refuse.) A limit the spec leaves out is filled in with these.
- `string` fields and parameters hold no NUL: one without a `pattern` gets `^[^\\x00]*$`, and a
  spec's own pattern must exclude NUL itself (`framework.specs.constraints` refuses one that
  does not). Items of a list and values of a dict are left as they are.

Every generator asks `effective_limits` instead of reading the spec's limits, so the schemas,
the routers and openapi.json agree.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from framework.specs.format import Constraints
from framework.specs.types import TypeRef

INT_MAX = 2**53 - 1
INT_MIN = -INT_MAX
NO_NUL = "^[^\\x00]*$"
_NUL = 0


def effective_limits(limits: Constraints | None, parsed: TypeRef) -> Constraints | None:
    """The limits of a field or parameter (never None for one) plus the storable range of its
    scalar type; None, for a list item or a dict value, stays None: pydantic would make a class
    of every constrained item, with a name the spec never chose."""
    if limits is None or parsed.kind != "scalar" or parsed.name not in {"int", "string"}:
        return limits
    given = limits
    if parsed.name == "string":
        return given if given.pattern is not None else given.model_copy(update={"pattern": NO_NUL})
    filled: dict[str, Any] = {}
    if given.ge is None and given.gt is None:
        filled["ge"] = INT_MIN
    if given.le is None and given.lt is None:
        filled["le"] = INT_MAX
    return given.model_copy(update=filled)


def admits_nul(pattern: str) -> bool:
    """Whether some part of the pattern can match NUL (U+0000), which no database stores.

    A conservative reading of the parsed expression: a dot, a negated class (`\\S`, `[^@]`) or
    a class or literal naming NUL counts, wherever it stands. Patterns that pydantic accepts
    parse here too; one that does not is reported elsewhere, so it counts as admitting nothing.
    """
    try:
        parsed = _parser().parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return False
    return _admits(list(parsed))


def _parser() -> Any:
    """The standard library's own parser of regular expressions (no public API parses one)."""
    return importlib.import_module("re._parser")


def _admits(items: list[tuple[Any, Any]]) -> bool:
    return any(_item_admits(str(op), argument) for op, argument in items)


def _item_admits(op: str, argument: Any) -> bool:
    if op == "ANY":
        return True
    if op == "LITERAL":
        return bool(argument == _NUL)
    if op == "NOT_LITERAL":
        return bool(argument != _NUL)
    if op == "IN":
        return _class_admits(list(argument))
    return any(_admits(list(part)) for part in _subpatterns(argument))


def _subpatterns(argument: Any) -> list[Any]:
    """The nested expressions of a group, a repeat or a branch (empty for anything else)."""
    if not isinstance(argument, tuple | list):
        return []
    found = []
    for part in argument:
        if hasattr(part, "data"):  # a SubPattern
            found.append(part)
        elif isinstance(part, list):  # a branch's alternatives
            found += [alternative for alternative in part if hasattr(alternative, "data")]
    return found


def _class_admits(items: list[tuple[Any, Any]]) -> bool:
    """Whether a character class (`[...]`, `\\S`) contains NUL."""
    negated = bool(items) and str(items[0][0]) == "NEGATE"
    members = items[1:] if negated else items
    contains = any(_member_contains_nul(str(op), argument) for op, argument in members)
    return contains != negated


def _member_contains_nul(op: str, argument: Any) -> bool:
    if op == "LITERAL":
        return bool(argument == _NUL)
    if op == "RANGE":
        return bool(argument[0] == _NUL)
    if op == "CATEGORY":
        # NUL is no digit, no space and no word character: only the negated categories hold it.
        return str(argument).startswith("CATEGORY_NOT_")
    return False
