"""`shared/shared/generated/events.py`: one typed publisher and subscriber per event.

A service publishes `user_registered` with `publish_user_registered(broker, message)`, which
takes that event's message model and nothing else, and consumes it with
`@subscribe_user_registered(broker)`, whose handler must accept that model.
"""

from __future__ import annotations

from framework.generate.python import SCHEMAS_MODULE, Imports, docstring
from framework.specs.model import Event, Specs


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
        constants.append(_constant(event))
        functions += _functions(event)
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


def _constant(event: Event) -> str:
    """`BOOK_ADDED`: the event's name, channel and message model, which both sides share."""
    return (
        f"{event.name.upper()}: Event[{event.message}] = Event("
        f"{event.name!r}, {event.channel!r}, {event.message})\n"
    )


def _functions(event: Event) -> list[str]:
    """The publisher and the subscriber, unless the spec turned one of them off."""
    constant = event.name.upper()
    about = event.description or f"{event.name} on {event.channel}"
    functions = []
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
    return functions
