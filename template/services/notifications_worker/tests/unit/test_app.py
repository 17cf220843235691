from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from faststream.redis import RedisBroker, TestRedisBroker
from pydantic import ValidationError

from notifications_worker.app import create_app
from notifications_worker.notifications import Notification, welcome_notification
from notifications_worker.senders import Sender
from shared.generated.events import (
    USER_REGISTERED,
    publish_user_registered,
    subscribe_welcome_failed,
)
from shared.generated.schemas import UserRead, WelcomeFailed

EventFactory = Callable[[str], UserRead]


async def test_a_registered_user_is_welcomed(
    broker: RedisBroker, delivered: list[Notification], make_event: EventFactory
) -> None:
    event = make_event("Ada Lovelace")
    async with TestRedisBroker(broker):
        await publish_user_registered(broker, event)
    assert delivered == [welcome_notification(event)]


async def test_each_user_gets_their_own_welcome(
    broker: RedisBroker, delivered: list[Notification], make_event: EventFactory
) -> None:
    async with TestRedisBroker(broker):
        await publish_user_registered(broker, make_event("Ada Lovelace"))
        await publish_user_registered(broker, make_event("Grace Hopper"))
    assert [n.recipient for n in delivered] == ["ada@example.com", "grace@example.com"]


async def test_a_user_without_email_gets_no_welcome_and_the_log_says_why(
    broker: RedisBroker,
    delivered: list[Notification],
    make_event: EventFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from_telegram = make_event("Ada Lovelace").model_copy(update={"email": None})
    with caplog.at_level(logging.INFO, logger="notifications_worker"):
        async with TestRedisBroker(broker):
            await publish_user_registered(broker, from_telegram)
    assert delivered == []
    assert caplog.messages == [
        f"no welcome for user {from_telegram.id}: no e-mail address to send it to"
    ]


@pytest.mark.parametrize(
    "message",
    [
        {"id": "not-a-uuid", "email": "ada@example.com", "name": "Ada"},
        {"email": "ada@example.com", "name": "Ada", "created_at": "2026-01-01T00:00:00Z"},
        "just a string",
    ],
    ids=["bad-fields", "missing-user-id", "not-an-object"],
)
async def test_a_malformed_message_is_rejected_without_sending(
    broker: RedisBroker, delivered: list[Notification], message: object
) -> None:
    async with TestRedisBroker(broker):
        with pytest.raises(ValidationError):
            await broker.publish(message, channel=USER_REGISTERED.channel)
    assert delivered == []


async def test_the_worker_keeps_welcoming_after_a_malformed_message(
    broker: RedisBroker, delivered: list[Notification], make_event: EventFactory
) -> None:
    event = make_event("Grace Hopper")
    async with TestRedisBroker(broker):
        with pytest.raises(ValidationError):
            await broker.publish({"name": "no one"}, channel=USER_REGISTERED.channel)
        await publish_user_registered(broker, event)
    assert delivered == [welcome_notification(event)]


async def test_the_app_brings_its_own_broker_when_given_none(
    sender: Sender, delivered: list[Notification], make_event: EventFactory
) -> None:
    broker = create_app(sender).broker
    assert isinstance(broker, RedisBroker)
    event = make_event("Ada Lovelace")
    async with TestRedisBroker(broker):
        await publish_user_registered(broker, event)
    assert delivered == [welcome_notification(event)]


class DeliveryError(Exception):
    """What a sender raises when the notification cannot leave."""


class FailingSender:
    """A `Sender` whose every delivery fails."""

    async def send(self, notification: Notification) -> None:
        raise DeliveryError(f"mail server refused {notification.recipient}")


async def test_a_failed_welcome_is_published_as_welcome_failed_and_raised(
    make_event: EventFactory,
) -> None:
    broker = RedisBroker()
    failures: list[WelcomeFailed] = []

    @subscribe_welcome_failed(broker)
    async def keep(failure: WelcomeFailed) -> None:
        failures.append(failure)

    create_app(FailingSender(), broker)
    event = make_event("Ada Lovelace")
    async with TestRedisBroker(broker):
        with pytest.raises(DeliveryError):  # FastStream logs it; the test broker raises it
            await publish_user_registered(broker, event)
    assert failures == [WelcomeFailed(message=event, error="mail server refused ada@example.com")]
