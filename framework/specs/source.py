"""YAML files read with the position of every key, so errors can name a line and a column.

PyYAML's composer keeps marks on every node; `yaml.safe_load` throws them away. This module walks
the composed nodes once, builds the plain data, and remembers where each key and item stood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from framework.problems import Problem

KeyPath = tuple[str | int, ...]
_SCALARS = yaml.constructor.SafeConstructor()


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
        return Problem(self.file, line, message, column=column, key_path=dotted(path))


def dotted(path: KeyPath) -> str:
    """`("operations", "create", "params", 0)` as `operations.create.params[0]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def load_document(file: Path, shown_as: Path) -> Document:
    """Parse one file; malformed YAML and duplicate keys are problems, not exceptions."""
    try:
        text = file.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or "cannot be parsed"
        raise SpecError(
            [Problem(shown_as, line, f"malformed YAML: {reason}", column=column)]
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError([Problem(shown_as, 1, f"cannot be read: {error}", column=1)]) from error
    document = Document(shown_as, None)
    problems: list[Problem] = []
    document.data = {} if node is None else _build(node, (), document, problems)
    if problems:
        raise SpecError(problems)
    return document


def _build(node: yaml.Node, path: KeyPath, document: Document, problems: list[Problem]) -> Any:
    document.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            key_path = (*path, key)
            if key in mapping:
                problems.append(
                    Problem(
                        document.file,
                        key_node.start_mark.line + 1,
                        "duplicate key; YAML would silently keep only the last one",
                        column=key_node.start_mark.column + 1,
                        key_path=dotted(key_path),
                    )
                )
            document.keys[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _build(value_node, key_path, document, problems)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), document, problems)
            for index, item in enumerate(node.value)
        ]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node: str, int, float, bool, None, dates."""
    return _SCALARS.construct_object(node)
