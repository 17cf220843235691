"""Events of events.yaml and the operations of each service's domain specs, old against new."""

from __future__ import annotations

from collections.abc import Iterator

from framework.compat.change import Change, additive, breaking, matched, presence
from framework.compat.limits import limit_changes
from framework.specs.model import Event, Operation, Param, Specs


def compare_events(old: Specs, new: Specs) -> Iterator[Change]:
    for name, before, after in matched(old.events, new.events):
        where = f"event {name}"
        if before is None or after is None:
            yield presence(where, "event", before)
        else:
            yield from compare_event(where, before, after)


def compare_event(where: str, old: Event, new: Event) -> Iterator[Change]:
    if new.channel != old.channel:
        yield breaking(where, f"channel changed from {old.channel} to {new.channel}")
    if new.message != old.message:
        yield breaking(where, f"message changed from {old.message} to {new.message}")


def _operations(specs: Specs) -> dict[str, Operation]:
    return {
        f"{domain.service}.{operation.name}": operation
        for domain in specs.domains
        for operation in domain.operations
    }


def compare_operations(old: Specs, new: Specs) -> Iterator[Change]:
    for name, before, after in matched(_operations(old), _operations(new)):
        if before is None or after is None:
            yield presence(name, "operation", before)
        else:
            yield from compare_operation(name, before, after)


def route(operation: Operation) -> str | None:
    rest = operation.rest
    return f"{rest.method} {operation.path or '/'} -> {rest.success_status}" if rest else None


def _trigger(operation: Operation) -> str | None:
    return operation.trigger.name if operation.trigger else None


def compare_operation(where: str, old: Operation, new: Operation) -> Iterator[Change]:
    aspects = {
        "route": (route(old), route(new)),
        "input": (old.spec.input, new.spec.input),
        "output": (str(old.output), str(new.output)),
        "triggering event": (_trigger(old), _trigger(new)),
    }
    for aspect, (before, after) in aspects.items():
        if before != after:
            yield breaking(where, f"{aspect} changed from {before} to {after}")
    params_before = {param.spec.name: param for param in old.params}
    params_after = {param.spec.name: param for param in new.params}
    for name, before_param, after_param in matched(params_before, params_after):
        yield from compare_param(f"{where}({name})", before_param, after_param)


def compare_param(where: str, old: Param | None, new: Param | None) -> Iterator[Change]:
    if old is None:
        assert new is not None
        required = new.spec.location == "path"
        yield (
            breaking(where, "required parameter added")
            if required
            else additive(where, "parameter added")
        )
        return
    if new is None:
        yield breaking(where, "parameter removed")
        return
    if (str(old.type), old.spec.location) != (str(new.type), new.spec.location):
        yield breaking(
            where,
            f"changed from {old.spec.location} {old.type} to {new.spec.location} {new.type}",
        )
    yield from limit_changes(where, old.spec, new.spec)
