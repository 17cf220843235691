"""YAML files read with the position of every key, so errors can name a line and a column.

PyYAML's composer keeps marks on every node; `yaml.safe_load` throws them away. This module
composes a file and lets `framework.specs.nodes` build the plain data from the nodes, which
remembers where each key and item stood and refuses hostile input as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from framework.problems import Problem
from framework.specs.nodes import Builder, KeyPath, Positions, ShallowLoader, TooLargeError

__all__ = ["Document", "KeyPath", "SpecError", "dotted", "load_document"]


class SpecError(Exception):
    """Every problem found in the specs; nothing is generated while there is one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Document:
    """The data of one YAML file and the position of everything in it."""

    file: Path
    data: Any
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    # The text of unquoted words YAML read as a boolean or null, by where they stand.
    literals: dict[KeyPath, str] = field(default_factory=dict)
    key_literals: dict[KeyPath, str] = field(default_factory=dict)

    def problem(self, path: KeyPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem at `path`, placed at the nearest position this document knows."""
        positions = self.keys if at_key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in positions:
                line, column = positions[prefix]
                break
        else:
            line, column = 1, 1
        return Problem(self.file, line, message, column=column, key_path=self.dotted(path))

    def dotted(self, path: KeyPath) -> str:
        """The key path as written: a key YAML read as `true` shows as the word it was."""
        shown = [self.key_literals.get(path[: index + 1], part) for index, part in enumerate(path)]
        return dotted(tuple(shown))


def dotted(path: KeyPath) -> str:
    """`("operations", "create", "params", 0)` as `operations.create.params[0]`."""
    text = ""
    for part in path:
        is_index = isinstance(part, int) and not isinstance(part, bool)
        text += f"[{part}]" if is_index else f".{part}" if text else part
    return text


def load_document(file: Path, shown_as: Path) -> Document:
    """Parse one file; malformed or hostile YAML and duplicate keys are problems, not exceptions."""
    try:
        text = file.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=ShallowLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or "cannot be parsed"
        raise SpecError(
            [Problem(shown_as, line, f"malformed YAML: {reason}", column=column)]
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError([Problem(shown_as, 1, f"cannot be read: {error}", column=1)]) from error
    return _document(shown_as, node)


def _document(shown_as: Path, node: yaml.Node | None) -> Document:
    positions = Positions()
    problems: list[Problem] = []

    def report(position: tuple[int, int], path: KeyPath, message: str) -> None:
        line, column = position
        problems.append(Problem(shown_as, line, message, column=column, key_path=dotted(path)))

    data: Any = {}
    if node is not None:
        try:
            data = Builder(positions, report).build(node, ())
        except TooLargeError as error:
            report((node.start_mark.line + 1, node.start_mark.column + 1), (), str(error))
    if problems:
        raise SpecError(problems)
    return Document(
        shown_as, data, positions.keys, positions.values, positions.literals, positions.key_literals
    )
