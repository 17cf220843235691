"""events.yaml of the seeds' system: directions said outright, channels kept.

There, an event was neither published nor subscribed unless it said so, and it travelled on
a channel named like the event; here both directions default to true and the channel to
`<entity>.<action>`. Each converted event states both, so nothing changes on the wire.
"""

from __future__ import annotations

from typing import Any

from framework.importer.output import Conversion, mapping


def convert_events(data: Any, conversion: Conversion) -> None:
    events = {}
    for name, spec in mapping(mapping(data).get("events")).items():
        converted = dict(mapping(spec))
        converted.setdefault("publish", False)
        converted.setdefault("subscribe", False)
        if "channel" not in converted:
            converted["channel"] = name
            conversion.change(("events", name), f"channel {name} kept (the event's own name)")
        events[name] = converted
    conversion.data = {"events": events}
