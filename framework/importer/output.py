"""One file's conversion: the new data, what changed, what could not be carried over."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from framework.problems import Problem
from framework.specs.source import Document, KeyPath

HEADER = "# Converted from the seeds' system's format by `python -m framework import-specs`.\n"


@dataclass
class Conversion:
    """The new content of one spec file, built key by key."""

    document: Document
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def change(self, where: KeyPath, message: str) -> None:
        self.changes.append(f"{self.document.dotted(where) or '(file)'}: {message}")

    def refuse(self, where: KeyPath, message: str) -> None:
        self.problems.append(self.document.problem(where, f"cannot be carried over: {message}"))

    def text(self) -> str:
        body = yaml.safe_dump(
            {"version": 1, **self.data},
            sort_keys=False,
            default_flow_style=None,
            allow_unicode=True,
            width=100,
        )
        return HEADER + body


def mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a mapping, else an empty one (the loader reports wrong shapes later)."""
    return value if isinstance(value, dict) else {}
