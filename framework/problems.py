"""One type for everything `framework check` reports: layout, spec and code problems alike.

Editors and terminals turn `path:line:column:` into a link, so every problem starts with its
place; a YAML problem adds the dotted key path (`models.Book.fields.title`), which names the spot
even when the line holds several keys. Problems sort by file, then by position, so a report reads
top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import total_ordering
from pathlib import Path


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing to fix, at a place in a file; `column` and `key_path` only where known."""

    path: Path
    line: int
    message: str
    column: int | None = None
    key_path: str = ""

    def __str__(self) -> str:
        column = f":{self.column}" if self.column is not None else ""
        key_path = f" {self.key_path}:" if self.key_path else ""
        return f"{self.path}:{self.line}{column}:{key_path} {self.message}"

    def __lt__(self, other: Problem) -> bool:
        return self._place() < other._place()

    def _place(self) -> tuple[Path, int, int, str, str]:
        """File, line, column, key path, then the message: the order of a report."""
        return (self.path, self.line, self.column or 0, self.key_path, self.message)
