"""`python -m framework import-specs DIR`: specs written for the seeds' system, in this format.

The seeds' system (the template this one replaces) kept its specs in the same places with a
different shape: `config.rest` around a domain's prefix, nested type mappings
(`{type: list, of: {type: string}}`), enums declared inline in a field, parameters with
`source` and `required`, events that are neither published nor subscribed unless they say so,
channels named like the event, and `spec/manifest.yaml` for the services a service calls.

`convert` reads every spec under DIR (a project root), computes the new text of each file and
a line per change, and refuses, with file:line:column, whatever this format cannot carry. The
command writes only when nothing was refused: all files or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from framework.importer.domains import convert_domain, convert_manifest
from framework.importer.events import convert_events
from framework.importer.models import convert_models
from framework.importer.output import Conversion
from framework.problems import Problem
from framework.specs.source import Document, SpecError, load_document

MODELS = Path("shared/spec/models.yaml")
EVENTS = Path("shared/spec/events.yaml")
MANIFEST = "manifest.yaml"


@dataclass
class Result:
    """What the import would write and remove, what it changed, and what it refused."""

    writes: dict[Path, str] = field(default_factory=dict)
    removes: list[Path] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def convert(root: Path) -> Result:
    """Every spec under `root` in this format, or the problems that stop the import."""
    result = Result()
    documents = _read(root, result)
    events = documents.get(EVENTS)
    event_names = set((events.data or {}).get("events", {}) or {}) if events else set()
    for path, document in documents.items():
        conversion = Conversion(document)
        new_path = _convert(path, document, conversion, event_names)
        result.changes += [f"{path}: {change}" for change in conversion.changes]
        result.problems += conversion.problems
        if new_path is None:
            result.removes.append(path)
        else:
            result.writes[new_path] = conversion.text()
            if new_path != path:
                result.removes.append(path)
    return result


def _read(root: Path, result: Result) -> dict[Path, Document]:
    paths = [path for path in (MODELS, EVENTS) if (root / path).is_file()]
    paths += sorted(path.relative_to(root) for path in root.glob("services/*/spec/*.yaml"))
    documents = {}
    for path in paths:
        try:
            documents[path] = load_document(root / path, path)
        except SpecError as error:
            result.problems += error.problems
    return documents


def _convert(
    path: Path, document: Document, conversion: Conversion, events: set[str]
) -> Path | None:
    """Fill `conversion` with the new content; return where it goes (None: nowhere)."""
    if path == MODELS:
        convert_models(document.data, conversion)
    elif path == EVENTS:
        convert_events(document.data, conversion)
    elif path.name == MANIFEST:
        return convert_manifest(path, document.data, conversion)
    else:
        convert_domain(path, document.data, conversion, events)
    return path


def write(root: Path, result: Result) -> None:
    """Replace the specs: new files first, then the ones they replace are removed."""
    for path, text in result.writes.items():
        (root / path).write_text(text, encoding="utf-8")
    for path in result.removes:
        if path not in result.writes:
            (root / path).unlink()
