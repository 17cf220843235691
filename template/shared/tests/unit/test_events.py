from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from faststream.redis import RedisBroker, TestRedisBroker
from pydantic import ValidationError

from shared.events import (
    COMMAND_RECEIVED,
    EVENTS,
    USER_REGISTERED,
    CommandReceived,
    UserRegistered,
    publish,
)


def user_registered() -> UserRegistered:
    return UserRegistered(
        user_id=uuid4(), email="ada@example.com", name="Ada", registered_at=datetime.now(UTC)
    )


def test_event_names_and_channels_are_unique() -> None:
    assert len({event.name for event in EVENTS}) == len(EVENTS)
    assert len({event.channel for event in EVENTS}) == len(EVENTS)


def test_user_registered_round_trips_through_json() -> None:
    message = user_registered()
    assert UserRegistered.model_validate_json(message.model_dump_json()) == message


@pytest.mark.parametrize(
    "changes",
    [{"email": "not-an-email"}, {"name": ""}, {"unexpected": 1}, {"user_id": "42"}],
)
def test_user_registered_rejects_bad_fields(changes: dict[str, object]) -> None:
    data = user_registered().model_dump() | changes
    with pytest.raises(ValidationError):
        UserRegistered.model_validate(data)


def test_command_received_defaults_to_empty_text() -> None:
    message = CommandReceived(
        chat_id=1, user_id=2, command="feedback", received_at=datetime.now(UTC)
    )
    assert message.text == ""
    assert message.username is None


async def test_publish_delivers_the_message_on_the_event_channel() -> None:
    broker = RedisBroker()
    received: list[UserRegistered] = []

    @broker.subscriber(USER_REGISTERED.channel)
    async def consume(message: UserRegistered) -> None:
        received.append(message)

    message = user_registered()
    async with TestRedisBroker(broker):
        await publish(broker, USER_REGISTERED, message)
    assert received == [message]


async def test_publish_refuses_a_message_of_another_event() -> None:
    broker = RedisBroker()
    async with TestRedisBroker(broker):
        with pytest.raises(TypeError, match="carries CommandReceived, not UserRegistered"):
            await publish(broker, COMMAND_RECEIVED, user_registered())  # type: ignore[misc]
