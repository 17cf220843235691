"""Limits of a field or parameter, old against new: tightened breaks a client, loosened does not.

A client that sent 150 under `le: 200` is refused under `le: 100`; one that relied on values
below 200 still gets them under `le: 300`. A changed pattern is breaking unless it was dropped:
no one can tell, in general, whether one regular expression accepts all the other did.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

from framework.compat.change import Change, additive, breaking
from framework.specs.format import Constraints

Bound = tuple[float | Decimal | int, bool]  # a value, and whether the bound excludes it


def limit_changes(where: str, old: Constraints, new: Constraints) -> Iterator[Change]:
    """Each limit that moved, as breaking (tightened) or additive (loosened)."""
    yield from _moved(where, "lower limit", _lower(old), _lower(new), tighter_if_greater=True)
    yield from _moved(where, "upper limit", _upper(old), _upper(new), tighter_if_greater=False)
    yield from _length(where, "min_length", old.min_length, new.min_length, tighter_if_greater=True)
    yield from _length(
        where, "max_length", old.max_length, new.max_length, tighter_if_greater=False
    )
    if old.pattern != new.pattern:
        if new.pattern is None:
            yield additive(where, f"pattern {old.pattern!r} dropped")
        else:
            yield breaking(where, f"pattern changed from {old.pattern!r} to {new.pattern!r}")


def _lower(limits: Constraints) -> Bound:
    if limits.gt is not None:
        return limits.gt, True
    return (limits.ge, False) if limits.ge is not None else (-math.inf, False)


def _upper(limits: Constraints) -> Bound:
    if limits.lt is not None:
        return limits.lt, True
    return (limits.le, False) if limits.le is not None else (math.inf, False)


def _moved(
    where: str, name: str, old: Bound, new: Bound, *, tighter_if_greater: bool
) -> Iterator[Change]:
    if old == new:
        return
    greater = new[0] > old[0] or (new[0] == old[0] and new[1] == tighter_if_greater)
    text = f"{name} from {_shown(old)} to {_shown(new)}"
    yield (
        breaking(where, f"{text} (tightened)")
        if greater == tighter_if_greater
        else additive(where, f"{text} (loosened)")
    )


def _length(
    where: str, name: str, old: int | None, new: int | None, *, tighter_if_greater: bool
) -> Iterator[Change]:
    if old == new:
        return
    none = 0 if tighter_if_greater else math.inf  # what a missing length limit allows
    old_value, new_value = none if old is None else old, none if new is None else new
    tightened = (new_value > old_value) == tighter_if_greater
    text = f"{name} from {_none(old)} to {_none(new)}"
    yield (
        breaking(where, f"{text} (tightened)")
        if tightened
        else additive(where, f"{text} (loosened)")
    )


def _shown(bound: Bound) -> str:
    value, strict = bound
    if isinstance(value, float) and math.isinf(value):
        return "none"
    return f"{'exclusive ' if strict else ''}{value}"


def _none(value: int | None) -> str:
    return "none" if value is None else str(value)
