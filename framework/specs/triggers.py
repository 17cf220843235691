"""Event-driven operations: `events.subscribe` and `events.publish_on_error`, checked.

An operation may be triggered by an event instead of (or as well as) an HTTP request. Its input
is then the event's message, which is all a handler receives, so it takes no parameters. When it
fails on a message, `publish_on_error` names an event whose model carries the message and the
error text: the fields `message` (the operation's input) and `error` (a string).
"""

from __future__ import annotations

from framework.specs.format import OperationSpec
from framework.specs.model import Event, SchemaClass
from framework.specs.resolution import Resolution
from framework.specs.shape import suggest
from framework.specs.source import Document, KeyPath


def resolve_trigger(
    resolution: Resolution, document: Document, where: KeyPath, spec: OperationSpec
) -> tuple[Event | None, Event | None]:
    """The event that triggers the operation and the one it publishes when it fails."""
    checker = _Triggers(resolution, document, where)
    trigger = checker.trigger(spec)
    error_event = checker.error_event(spec, trigger)
    return trigger, error_event


class _Triggers:
    def __init__(self, resolution: Resolution, document: Document, where: KeyPath) -> None:
        self.resolution = resolution
        self.document = document
        self.where = where

    def trigger(self, spec: OperationSpec) -> Event | None:
        name = spec.events.subscribe
        if name is None:
            if spec.rest is None:
                self._report(
                    self.where,
                    "the operation has no transport: add rest (an HTTP route) or"
                    " events.subscribe (the event that triggers it)",
                )
            return None
        at = (*self.where, "events", "subscribe")
        event = self._event(at, name, "subscribe")
        if event is None:
            return None
        if spec.input is None:
            self._report(at, f"event {name!r} carries {event.message}; add input: {event.message}")
        elif spec.input != event.message and self.resolution.is_class(event.message):
            self._report(
                (*self.where, "input"),
                f"the operation is triggered by event {name!r}, which carries {event.message},"
                f" so its input must be {event.message}, not {spec.input}",
            )
        if spec.params:
            self._report(
                (*self.where, "params"),
                "an operation triggered by an event receives only the message; remove params",
            )
        return event

    def error_event(self, spec: OperationSpec, trigger: Event | None) -> Event | None:
        name = spec.events.publish_on_error
        if name is None:
            return None
        at = (*self.where, "events", "publish_on_error")
        if spec.events.subscribe is None:
            self._report(
                at,
                "publish_on_error is for operations triggered by events.subscribe; an HTTP"
                " request gets its error as the response",
            )
            return None
        event = self._event(at, name, "publish")
        if event is None or trigger is None or not self.resolution.is_class(trigger.message):
            return event
        schema_class = self.resolution.classes.get(event.message) or self.resolution.bases.get(
            event.message
        )
        if schema_class is not None and not _carries_error(schema_class, trigger.message):
            self._report(
                at,
                f"event {name!r} carries {event.message}, but an error event's model needs the"
                f" fields message: {trigger.message} and error: string (the failed message and"
                " the error text), and no other required field",
            )
        return event

    def _event(self, at: KeyPath, name: str, direction: str) -> Event | None:
        events = self.resolution.events
        event = events.get(name)
        if event is None:
            self._report(at, f"unknown event {name!r}{suggest(name, list(events))}")
            return None
        if not getattr(event, direction):
            self._report(at, f"event {name!r} is declared with {direction}: false")
        return event

    def _report(self, where: KeyPath, message: str) -> None:
        self.resolution.report(self.document, where, message)


def _carries_error(schema_class: SchemaClass, message: str) -> bool:
    """Fields `message: <message>` and `error: string`; any other field may be left out."""
    fields = {field.name: field for field in schema_class.fields}
    wanted = {"message": message, "error": "string"}
    if any(name not in fields or str(fields[name].type) != text for name, text in wanted.items()):
        return False
    return all(not field.required for name, field in fields.items() if name not in wanted)
