"""Events that cross service boundaries: the message model and the Redis channel of each.

A service publishes an event with `publish(broker, USER_REGISTERED, message)`; the type checker
then refuses a message of the wrong model. Consumers subscribe to `event.channel` and declare the
message model as their argument type, so FastStream validates every message on arrival.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from faststream.redis import RedisBroker
from pydantic import BaseModel, ConfigDict, Field

Message = TypeVar("Message", bound=BaseModel)


class UserRegistered(BaseModel):
    """A user account was created by the backend."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: UUID
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)
    name: str = Field(min_length=1, max_length=200)
    registered_at: datetime


class CommandReceived(BaseModel):
    """A Telegram user sent the bot a command that other services may act on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chat_id: int
    user_id: int
    username: str | None = None
    command: str = Field(min_length=1, max_length=64)
    text: str = Field(default="", max_length=4096)
    received_at: datetime


@dataclass(frozen=True)
class Event(Generic[Message]):
    """An event's name, the Redis channel it travels on, and the model of its message."""

    name: str
    channel: str
    message: type[Message]


USER_REGISTERED = Event("user_registered", "user.registered", UserRegistered)
COMMAND_RECEIVED = Event("command_received", "command.received", CommandReceived)
EVENTS: tuple[Event[UserRegistered] | Event[CommandReceived], ...] = (
    USER_REGISTERED,
    COMMAND_RECEIVED,
)


async def publish(broker: RedisBroker, event: Event[Message], message: Message) -> None:
    """Publish `message` on the event's channel; the message must be the event's model."""
    if not isinstance(message, event.message):
        raise TypeError(
            f"event {event.name!r} carries {event.message.__name__}, not {type(message).__name__}"
        )
    await broker.publish(message, channel=event.channel)
