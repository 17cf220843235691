"""How events travel: the runtime behind the typed functions in `shared.generated.events`.

An `Event` names a Redis channel and the pydantic model of its messages. `publish` refuses a
message of another model; `subscriber` registers a handler whose argument type FastStream uses
to validate every message before the handler runs. Services normally call the generated
`publish_<event>` and `subscribe_<event>` functions, which fix the model for each event.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

from faststream.redis import RedisBroker
from pydantic import BaseModel

Message = TypeVar("Message", bound=BaseModel)
Handler: TypeAlias = Callable[[Message], Awaitable[None]]


@dataclass(frozen=True)
class Event(Generic[Message]):
    """An event's name, the Redis channel it travels on, and the model of its message."""

    name: str
    channel: str
    message: type[Message]


async def publish(broker: RedisBroker, event: Event[Message], message: Message) -> None:
    """Publish `message` on the event's channel; the message must be the event's model."""
    if not isinstance(message, event.message):
        raise TypeError(
            f"event {event.name!r} carries {event.message.__name__}, not {type(message).__name__}"
        )
    await broker.publish(message, channel=event.channel)


def subscriber(
    broker: RedisBroker, event: Event[Message]
) -> Callable[[Handler[Message]], Handler[Message]]:
    """A decorator that subscribes a handler to the event's channel and returns it unchanged."""

    def register(handler: Handler[Message]) -> Handler[Message]:
        broker.subscriber(event.channel)(handler)
        return handler

    return register
