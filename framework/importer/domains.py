"""Domain specs and manifests of the seeds' system.

    config: {rest: {prefix, tags}}              rest: {prefix, tags}
    params: [user_id]                           params: [{name: user_id, type: string}]
    params: [{source: query, type: int, ...}]   params: [{in: query, type: int, ...}]
    events.message_model (same as the input)    left out
    spec/manifest.yaml (consumes)               spec/consumes.yaml

A `required: true` query parameter cannot be carried over (a query parameter without a
default is optional here), nor a `message_model` that differs from the operation's input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from framework.importer.output import Conversion, mapping
from framework.importer.types import type_text
from framework.specs.source import KeyPath

EVENT_KEYS = ("subscribe", "publish_on_success", "publish_on_error")


def convert_domain(path: Path, data: Any, conversion: Conversion, events: set[str]) -> None:
    data = dict(mapping(data))
    converted: dict[str, Any] = {"domain": data.pop("domain", path.stem)}
    rest = mapping(mapping(data.pop("config", {})).get("rest"))
    if rest:
        converted["rest"] = rest
        conversion.change(("config",), "config.rest became rest")
    converted["operations"] = {
        name: _operation(("operations", name), dict(mapping(spec)), conversion, events)
        for name, spec in mapping(data.pop("operations", {})).items()
    }
    conversion.data = converted | data


def _operation(
    where: KeyPath, spec: dict[str, Any], conversion: Conversion, events: set[str]
) -> dict[str, Any]:
    if "params" in spec:
        spec["params"] = [
            _param((*where, "params", index), param, conversion)
            for index, param in enumerate(spec["params"] or [])
        ]
    if "events" in spec:
        spec["events"] = _events(
            (*where, "events"), dict(mapping(spec["events"])), spec, conversion
        )
        for key in EVENT_KEYS:
            name = spec["events"].get(key)
            if name is not None and name not in events:
                conversion.refuse((*where, "events", key), f"events.yaml has no event {name!r}")
    return spec


def _param(where: KeyPath, param: Any, conversion: Conversion) -> Any:
    if isinstance(param, str):
        conversion.change(where, f"parameter {param} became {{name: {param}, type: string}}")
        return {"name": param, "type": "string"}
    converted = dict(mapping(param))
    converted["type"] = type_text(converted.get("type", "str"), (*where, "type"), conversion)
    source = converted.pop("source", "path")
    if source != "path":
        converted["in"] = source
    required = converted.pop("required", True)
    if source == "query" and required and converted.get("default") is None:
        conversion.refuse(
            (*where, "required"),
            "a required query parameter: here a query parameter without a default is optional;"
            " give it a default or make it a path parameter",
        )
    if converted.get("default") is None:
        converted.pop("default", None)
    return converted


def _events(
    where: KeyPath, events: dict[str, Any], spec: dict[str, Any], conversion: Conversion
) -> dict[str, Any]:
    model = events.pop("message_model", None)
    if model is not None and model != spec.get("input"):
        conversion.refuse(
            (*where, "message_model"),
            f"message_model {model} differs from the input; here the input is the message",
        )
    return events


def convert_manifest(path: Path, data: Any, conversion: Conversion) -> Path | None:
    """`consumes:` moves to spec/consumes.yaml; an empty manifest is removed."""
    consumes = mapping(data).get("consumes") or []
    if not consumes:
        conversion.change((), "an empty manifest is removed")
        return None
    conversion.data = {"consumes": consumes}
    conversion.change((), f"became {path.with_name('consumes.yaml')}")
    return path.with_name("consumes.yaml")
