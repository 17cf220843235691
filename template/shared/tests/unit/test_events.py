from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from faststream.redis import RedisBroker, TestRedisBroker
from pydantic import ValidationError

from shared.events import publish
from shared.generated.events import (
    COMMAND_RECEIVED,
    EVENTS,
    USER_REGISTERED,
    publish_user_registered,
    subscribe_user_registered,
)
from shared.generated.schemas import CommandReceived, UserCreate, UserRead, UserUpdate


def user() -> UserRead:
    now = datetime.now(UTC)
    return UserRead(id=uuid4(), email="ada@example.com", name="Ada", created_at=now, updated_at=now)


def test_event_names_and_channels_are_unique() -> None:
    assert len({event.name for event in EVENTS}) == len(EVENTS)
    assert len({event.channel for event in EVENTS}) == len(EVENTS)


def test_channels_come_from_the_event_names() -> None:
    assert USER_REGISTERED.channel == "user.registered"
    assert COMMAND_RECEIVED.channel == "command.received"


def test_a_user_round_trips_through_json() -> None:
    message = user()
    assert UserRead.model_validate_json(message.model_dump_json()) == message


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "not-an-email"},
        {"name": ""},
        {"name": " Ada"},
        {"unexpected": 1},
        {"id": "42"},
        {"created_at": "2026-01-01T00:00:00"},  # no time zone
    ],
)
def test_user_read_rejects_bad_fields(changes: dict[str, object]) -> None:
    data = user().model_dump() | changes
    with pytest.raises(ValidationError):
        UserRead.model_validate(data)


def test_create_leaves_out_readonly_fields_and_update_makes_fields_optional() -> None:
    assert set(UserCreate.model_fields) == {"email", "name"}
    assert UserUpdate().model_dump(exclude_unset=True) == {}


def test_command_received_defaults_to_empty_text() -> None:
    message = CommandReceived(
        chat_id=1, user_id=2, command="feedback", received_at=datetime.now(UTC)
    )
    assert message.text == ""
    assert message.username is None


async def test_a_published_event_reaches_its_subscriber() -> None:
    broker = RedisBroker()
    received: list[UserRead] = []

    @subscribe_user_registered(broker)
    async def consume(message: UserRead) -> None:
        received.append(message)

    message = user()
    async with TestRedisBroker(broker):
        await publish_user_registered(broker, message)
    assert received == [message]


async def test_subscribing_returns_the_handler_unchanged() -> None:
    broker = RedisBroker()

    async def consume(message: UserRead) -> None:
        return None

    assert subscribe_user_registered(broker)(consume) is consume


async def test_publish_refuses_a_message_of_another_event() -> None:
    broker = RedisBroker()
    async with TestRedisBroker(broker):
        with pytest.raises(TypeError, match="carries CommandReceived, not UserRead"):
            await publish(broker, COMMAND_RECEIVED, user())  # type: ignore[misc]
