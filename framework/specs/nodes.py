"""Composed YAML nodes turned into plain data, defensively: a spec file is untrusted input.

`yaml.safe_load` would expand a billion-laughs alias bomb until memory runs out, loop on a
recursive alias, and raise tracebacks for a complex key, a custom tag or `2024-02-30`. This
builder walks the composed nodes itself and turns each of those into a problem at its place:

- aliases are followed, but the data may hold at most `MAX_NODES` values once expanded and
  nest at most `MAX_DEPTH` levels, so an alias bomb stops after a bounded amount of work;
- an alias that contains itself is reported, not followed;
- only the tags plain YAML resolves to (strings, numbers, booleans, null, dates, mappings,
  lists, merge keys) are accepted; keys must be scalars;
- merge keys (`<<: *defaults`) are applied: the mapping's own keys win, and a key written
  twice in the mapping itself is still a duplicate.

A plain scalar that YAML reads as a boolean or null (`yes`, `on`, `null`, `~`) keeps its text
in `literals`, so a message can say to quote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

KeyPath = tuple[Any, ...]
Position = tuple[int, int]
MAX_NODES = 50_000
MAX_DEPTH = 64
_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {
    f"{_TAG}{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
}
_QUOTABLE = {f"{_TAG}bool", f"{_TAG}null"}
_SCALARS = yaml.constructor.SafeConstructor()


class ShallowLoader(yaml.SafeLoader):
    """PyYAML's safe composer, stopped at MAX_DEPTH levels of nesting.

    Its scanner slows down with the square of the nesting depth (a file of 3000 `[` takes
    seconds, then overflows the stack); stopping early keeps a hostile file cheap to refuse.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", self._mark()
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _mark(self) -> Any:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        return event.start_mark


class TooLargeError(Exception):
    """The expanded data passed MAX_NODES or MAX_DEPTH: building stops at once."""


@dataclass
class Positions:
    """Where each key and value of the built data stands, and what the unquoted words said."""

    keys: dict[KeyPath, Position] = field(default_factory=dict)
    values: dict[KeyPath, Position] = field(default_factory=dict)
    literals: dict[KeyPath, str] = field(default_factory=dict)
    key_literals: dict[KeyPath, str] = field(default_factory=dict)


Report = Callable[[Position, KeyPath, str], None]


@dataclass
class Builder:
    """Builds the data of one document, reporting problems through `report`."""

    positions: Positions
    report: Report
    count: int = 0
    open_nodes: set[int] = field(default_factory=set)

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self._count(path)
        self.positions.values[path] = _position(node)
        if node.tag not in ALLOWED_TAGS:
            self.report(
                _position(node), path, f"the tag {node.tag!r} is not allowed in specs; remove it"
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _QUOTABLE and not node.style:
                self.positions.literals[path] = node.value
            return self._scalar(node, path)
        if id(node) in self.open_nodes:
            self.report(
                _position(node), path, "this alias refers to a node that contains it (recursion)"
            )
            return None
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.open_nodes.discard(id(node))

    def _count(self, path: KeyPath) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise TooLargeError(
                f"more than {MAX_NODES} values once aliases are expanded (an alias bomb?);"
                " a spec needs far fewer"
            )
        if len(path) > MAX_DEPTH:
            raise TooLargeError(f"nested more than {MAX_DEPTH} levels deep")

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        """Own keys first in their order, then keys merged in through `<<` that are not own."""
        mapping: dict[Any, Any] = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merged += self._merge_sources(value_node, path)
                continue
            self._entry(mapping, key_node, value_node, path, own=True)
        for key_node, value_node in merged:
            self._entry(mapping, key_node, value_node, path, own=False)
        return mapping

    def _merge_sources(
        self, node: yaml.Node, path: KeyPath
    ) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """The pairs `<<: *a` or `<<: [*a, *b]` brings in; earlier sources win, as in YAML."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode) or id(source) in self.open_nodes:
                self.report(
                    _position(source),
                    path,
                    "`<<` merges mappings only: give it *alias of a mapping",
                )
                continue
            yield from source.value

    def _entry(
        self,
        mapping: dict[Any, Any],
        key_node: yaml.Node,
        value_node: yaml.Node,
        path: KeyPath,
        *,
        own: bool,
    ) -> None:
        if not isinstance(key_node, yaml.ScalarNode):
            self.report(
                _position(key_node), path, "a key must be a plain name, not a list or a mapping"
            )
            return
        key = self._scalar(key_node, path)
        key_path = (*path, key)
        if key in mapping:
            if own:
                self.report(
                    _position(key_node),
                    key_path,
                    "duplicate key; YAML would silently keep only the last one",
                )
            return
        self.positions.keys[key_path] = _position(key_node)
        if key_node.tag in _QUOTABLE and not key_node.style:
            self.positions.key_literals[key_path] = key_node.value
        mapping[key] = self.build(value_node, key_path)

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        """The Python value of a scalar: str, int, float, bool, None, date or datetime."""
        try:
            value = _SCALARS.construct_object(node)
            if isinstance(value, str):
                value.encode("utf-8")  # a "\ud800" escape makes text no file can hold
            return value
        except (ValueError, yaml.YAMLError) as error:
            shown = node.value if len(node.value) <= 40 else f"{node.value[:40]}..."
            self.report(_position(node), path, f"{shown!r} is not a valid value: {error}")
            return None


def _position(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
