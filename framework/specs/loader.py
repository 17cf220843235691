"""Load every spec of a project, check them together, and resolve them for the generators.

The files:

    shared/spec/models.yaml            enums and models (each model's variants become classes)
    shared/spec/events.yaml            events: a message model and a Redis channel each
    services/<service>/spec/*.yaml     one domain of operations per file
    services/<service>/spec/consumes.yaml  the operations it calls on other services

`.yml` is read like `.yaml`; a stem spelled both ways is a problem, not a silent choice.

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
from framework.specs.consumers import CONSUMES, resolve_consumers
from framework.specs.format import EventsFile, EventSpec, ModelsFile
from framework.specs.model import EVENTS_FILE, MODELS_FILE, Consumer, Domain, Event, Specs
from framework.specs.operations import resolve_domains
from framework.specs.resolution import Resolution
from framework.specs.source import Document, SpecError, load_document

SPEC_SUFFIXES = (".yaml", ".yml")


def spec_files(project: Project) -> list[Path]:
    """Every spec file of the project, relative to its root, in a stable order."""
    shared = [
        path.relative_to(project.root)
        for stem in (MODELS_FILE.stem, EVENTS_FILE.stem)
        for path in _spelled_both_ways(project.root / MODELS_FILE.parent, stem)
    ]
    domains = [
        path.relative_to(project.root)
        for service in project.services
        for path in _yaml_files(service.path / "spec")
    ]
    return shared + domains


def _yaml_files(directory: Path) -> list[Path]:
    """`*.yaml` and `*.yml` in `directory`, by name."""
    return sorted(path for path in directory.glob("*.y*ml") if path.suffix in SPEC_SUFFIXES)


def _spelled_both_ways(directory: Path, stem: str) -> list[Path]:
    return [
        directory / f"{stem}{suffix}"
        for suffix in SPEC_SUFFIXES
        if (directory / f"{stem}{suffix}").is_file()
    ]


def _twins(files: list[Path]) -> list[Problem]:
    """`books.yaml` beside `books.yml`: both would claim one domain (or models, or events)."""
    seen: dict[Path, Path] = {}
    problems = []
    for path in files:
        first = seen.setdefault(path.with_suffix(""), path)
        if first != path:
            problems.append(
                Problem(
                    path, 1, f"{path.name} and {first.name} hold the same specs; keep one", column=1
                )
            )
    return problems


def load_specs(project: Project) -> Specs:
    """Read, check and resolve every spec; raise SpecError listing all problems."""
    files = spec_files(project)
    documents: dict[Path, Document] = {}
    problems: list[Problem] = _twins(files)
    twins = {problem.path for problem in problems}
    for path in (path for path in files if path not in twins):
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
    models_file = _shared_file(files, MODELS_FILE)
    events_file = _shared_file(files, EVENTS_FILE)
    models = _shape(resolution, documents, models_file, ModelsFile)
    resolution.models_known = models is not None or models_file is None
    events = _shape(resolution, documents, events_file, EventsFile)
    if models is not None and models_file is not None:
        resolve_models(resolution, documents[models_file], models)
    if events is not None and events_file is not None:
        _resolve_events(resolution, documents[events_file], events)
    domains, consumers = _services(project, documents, resolution)
    return Specs(
        files,
        resolution.enums,
        resolution.all_classes(),
        resolution.events,
        tuple(domains),
        tuple(consumers),
    )


def _services(
    project: Project, documents: dict[Path, Document], resolution: Resolution
) -> tuple[list[Domain], list[Consumer]]:
    """Each service's domains, then the consumers, which refer to the domains of others."""
    domains: list[Domain] = []
    consumes: list[tuple[Package, Document]] = []
    for service in project.services:
        service_documents = _spec_documents(project, service, documents)
        consumes += [(service, d) for d in service_documents if d.file.stem == CONSUMES]
        domains += resolve_domains(
            resolution, service, [d for d in service_documents if d.file.stem != CONSUMES]
        )
    return domains, resolve_consumers(resolution, consumes, domains)


def _shared_file(files: tuple[Path, ...], default: Path) -> Path | None:
    """The models or events file as spelled in this project (`.yaml` or `.yml`), if any."""
    return next((path for path in files if path.with_suffix("") == default.with_suffix("")), None)


def _shape(
    resolution: Resolution, documents: dict[Path, Document], path: Path | None, model: Any
) -> Any:
    return resolution.shape(documents[path], model) if path in documents else None


def _resolve_events(resolution: Resolution, document: Document, events: EventsFile) -> None:
    channels: dict[str, str] = {}
    for name, spec in events.events.items():
        where = ("events", name)
        _check_event_name(resolution, document, name)
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


def _check_event_name(resolution: Resolution, document: Document, name: str) -> None:
    """The event's constant (`BOOK_ADDED`) shares the events module with every message class."""
    constant = name.upper()
    if constant == "EVENTS":
        taken = "the tuple of every event"
    elif (
        constant in resolution.classes
        or constant in resolution.bases
        or constant in resolution.enums
    ):
        taken = f"the class {constant}"
    else:
        return
    resolution.report(
        document,
        ("events", name),
        f"event {name!r} would be the constant {constant}, which is {taken} in the generated"
        " events module; choose another name",
    )


def _event(name: str, channel: str, spec: EventSpec) -> Event:
    return Event(name, channel, spec.message, spec.description, spec.publish, spec.subscribe)


def _spec_documents(
    project: Project, service: Package, documents: dict[Path, Document]
) -> list[Document]:
    """The documents of the service's domain specs, in the order they were read."""
    spec_dir = service.path.relative_to(project.root) / "spec"
    return [document for path, document in documents.items() if path.parent == spec_dir]
