"""`shared/shared/generated/events.py`: one typed publisher and subscriber per event.

A service publishes `user_registered` with `publish_user_registered(broker, message)`, which
takes that event's message model and nothing else, and consumes it with
`@subscribe_user_registered(broker)`, whose handler must accept that model.
"""

from __future__ import annotations

from framework.generate.python import SCHEMAS_MODULE, Imports, docstring
from framework.specs.loader import Specs


def render_events(specs: Specs, header: str) -> str:
    imports = Imports()
    imports.add("collections.abc", "Callable")
    imports.add("typing", "Any")
    imports.add("faststream.redis", "RedisBroker")
    imports.add("shared.events", "Event", "Handler", "publish", "subscriber")
    constants: list[str] = []
    functions: list[str] = []
    for event in specs.events.values():
        imports.add(SCHEMAS_MODULE, event.message)
        constant = event.name.upper()
        constants.append(
            f"{constant}: Event[{event.message}] = Event("
            f"{event.name!r}, {event.channel!r}, {event.message})\n"
        )
        about = event.description or f"{event.name} on {event.channel}"
        if event.publish:
            functions.append(
                f"async def publish_{event.name}(broker: RedisBroker, message: {event.message})"
                " -> None:\n"
                + docstring(f"Publish {about}", "    ")
                + f"    await publish(broker, {constant}, message)\n"
            )
        if event.subscribe:
            handler = f"Handler[{event.message}]"
            functions.append(
                f"def subscribe_{event.name}(broker: RedisBroker)"
                f" -> Callable[[{handler}], {handler}]:\n"
                + docstring(f"Decorate the async handler of {about}", "    ")
                + f"    return subscriber(broker, {constant})\n"
            )
    names = ", ".join(event.name.upper() for event in specs.events.values())
    return (
        header
        + '"""Typed publishers and subscribers for the events in shared/spec/events.yaml."""\n\n'
        + "from __future__ import annotations\n\n"
        + imports.render()
        + "\n"
        + "".join(constants)
        + f"EVENTS: tuple[Event[Any], ...] = ({names}{',' if len(specs.events) == 1 else ''})\n\n"
        + "\n\n".join(functions)
    )
