"""Load every spec of a project, check them together, and resolve them for the generators.

The files:

    shared/spec/models.yaml            enums and models (each model's variants become classes)
    shared/spec/events.yaml            events: a message model and a Redis channel each
    services/<service>/spec/*.yaml     one domain of REST operations per file

`load_specs` reports every problem at once, each with file, line, column and key path, and
returns nothing until the specs are consistent. The order matters: models first, since events
and operations name them; events next, since operations publish them. What the result holds is
in `framework.specs.model`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from framework.problems import Problem
from framework.project import Package, Project
from framework.specs.classes import resolve_models
from framework.specs.format import EventsFile, EventSpec, ModelsFile
from framework.specs.model import EVENTS_FILE, MODELS_FILE, Domain, Event, Specs
from framework.specs.operations import resolve_domains
from framework.specs.resolution import Resolution
from framework.specs.source import Document, SpecError, load_document


def spec_files(project: Project) -> list[Path]:
    """Every spec file of the project, relative to its root, in a stable order."""
    shared = [path for path in (MODELS_FILE, EVENTS_FILE) if (project.root / path).is_file()]
    domains = [
        path.relative_to(project.root)
        for service in project.services
        for path in sorted((service.path / "spec").glob("*.yaml"))
    ]
    return shared + domains


def load_specs(project: Project) -> Specs:
    """Read, check and resolve every spec; raise SpecError listing all problems."""
    files = spec_files(project)
    documents: dict[Path, Document] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            documents[path] = load_document(project.root / path, path)
        except SpecError as error:
            problems += error.problems
    specs = _resolve(project, tuple(files), documents, Resolution(problems))
    if problems:
        raise SpecError(problems)
    return specs


def default_channel(event: str) -> str:
    """`book_added` travels on `book.added`: the entity, a dot, the action."""
    entity, _, action = event.rpartition("_")
    return f"{entity}.{action}" if entity else event


def _resolve(
    project: Project,
    files: tuple[Path, ...],
    documents: dict[Path, Document],
    resolution: Resolution,
) -> Specs:
    """The checks that need every file at once: names, references, routes, events."""
    models = _shape(resolution, documents, MODELS_FILE, ModelsFile)
    resolution.models_known = models is not None or MODELS_FILE not in files
    events = _shape(resolution, documents, EVENTS_FILE, EventsFile)
    if models is not None:
        resolve_models(resolution, documents[MODELS_FILE], models)
    if events is not None:
        _resolve_events(resolution, documents[EVENTS_FILE], events)
    domains: list[Domain] = []
    for service in project.services:
        domains += resolve_domains(
            resolution, service, _spec_documents(project, service, documents)
        )
    return Specs(files, resolution.enums, resolution.classes, resolution.events, tuple(domains))


def _shape(resolution: Resolution, documents: dict[Path, Document], path: Path, model: Any) -> Any:
    return resolution.shape(documents[path], model) if path in documents else None


def _resolve_events(resolution: Resolution, document: Document, events: EventsFile) -> None:
    channels: dict[str, str] = {}
    for name, spec in events.events.items():
        where = ("events", name)
        resolution.check_model(document, (*where, "message"), spec.message)
        channel = spec.channel or default_channel(name)
        if channel in channels:
            resolution.report(
                document,
                (*where, "channel"),
                f"channel {channel!r} is already used by event {channels[channel]!r}",
            )
        channels[channel] = name
        resolution.events[name] = _event(name, channel, spec)


def _event(name: str, channel: str, spec: EventSpec) -> Event:
    return Event(name, channel, spec.message, spec.description, spec.publish, spec.subscribe)


def _spec_documents(
    project: Project, service: Package, documents: dict[Path, Document]
) -> list[Document]:
    """The documents of the service's domain specs, in the order they were read."""
    spec_dir = service.path.relative_to(project.root) / "spec"
    return [document for path, document in documents.items() if path.parent == spec_dir]
