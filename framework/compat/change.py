"""One difference between two versions of the specs, and whether it breaks anyone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

BREAKING = "breaking"
ADDITIVE = "additive"
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Change:
    """Where (a spec or document and a dotted name), what happened, and its kind."""

    kind: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def breaking(where: str, what: str) -> Change:
    return Change(BREAKING, where, what)


def additive(where: str, what: str) -> Change:
    return Change(ADDITIVE, where, what)


def matched(old: Mapping[str, T], new: Mapping[str, T]) -> Iterator[tuple[str, T | None, T | None]]:
    """Each key of either side with its old and new value (None where it is missing), in order:
    the old side's keys first, then the new ones."""
    for key, value in old.items():
        yield key, value, new.get(key)
    for key, value in new.items():
        if key not in old:
            yield key, None, value


def presence(where: str, what: str, old: object) -> Change:
    """For something one side lacks: `<what> added` when the old side lacks it, else removed."""
    return additive(where, f"{what} added") if old is None else breaking(where, f"{what} removed")
