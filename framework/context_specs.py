"""The shared spec entries a package uses, cut out of the YAML as written (comments included).

A service names shared models in its operation specs (`output: UserRead`) and in its code
(`from shared.generated.schemas import UserRead`); `UserRead` is the `Read` variant of the model
`User`. So an entry of a shared spec file is used when one of its names (the entry's own, or
entry + variant) occurs as a word in the package's specs or code, or in an entry already used
(`UserPage` lists `UserRead`, which brings `User`). Events count by their name as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_]\w*):")
_ENTRY = re.compile(r"^  (?P<key>[A-Za-z_]\w*):")


@dataclass(frozen=True)
class Entry:
    """One entry (a model, an enum, an event) of a shared spec file, with its text."""

    file: str
    section: str
    name: str
    names: tuple[str, ...]
    text: str


def entries(root: Path, files: Iterable[Path]) -> list[Entry]:
    """Every second-level entry of the given YAML files, in file order."""
    found: list[Entry] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for (section, name), block in _blocks(text).items():
            variants = _variants(_lookup(data, section, name))
            names = (name, *(f"{name}{variant}" for variant in variants))
            found.append(Entry(str(path.relative_to(root)), section, name, names, block))
    return found


def used(all_entries: list[Entry], usage: str) -> list[Entry]:
    """The entries whose names occur in `usage`, and those the used ones name, to a fixpoint."""
    chosen: set[Entry] = set()
    text = usage
    while text:
        new = [entry for entry in all_entries if entry not in chosen and _mentioned(entry, text)]
        chosen.update(new)
        text = "\n".join(entry.text for entry in new)
    return [entry for entry in all_entries if entry in chosen]


def _mentioned(entry: Entry, text: str) -> bool:
    return any(_occurs(name, text) for name in entry.names)


def _occurs(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text) is not None


def _lookup(data: object, section: str, name: str) -> object:
    """`data[section][name]`, or None where the YAML is shaped otherwise."""
    table = data.get(section) if isinstance(data, dict) else None
    return table.get(name) if isinstance(table, dict) else None


def _variants(spec: object) -> list[str]:
    variants = spec.get("variants") if isinstance(spec, dict) else None
    return [str(name) for name in variants] if isinstance(variants, dict) else []


def _blocks(text: str) -> dict[tuple[str, str], str]:
    """`(section, name)` -> the lines of that entry, for entries indented by two spaces."""
    blocks: dict[tuple[str, str], list[str]] = {}
    section = ""
    current: list[str] | None = None
    for line in text.splitlines():
        if top := _TOP_KEY.match(line):
            section, current = top["key"], None
        elif (entry := _ENTRY.match(line)) and section:
            current = blocks.setdefault((section, entry["key"]), [])
            current.append(line)
        elif current is not None and _continues(line):
            current.append(line)
        else:
            current = None
    return {key: "\n".join(lines).rstrip() + "\n" for key, lines in blocks.items()}


def _continues(line: str) -> bool:
    """A line inside an entry: indented deeper than its key, or blank."""
    return line.startswith("   ") or not line.strip()
