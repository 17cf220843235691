"""The worker on a real Redis: what another service publishes is delivered, junk is not."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from faststream.redis import RedisBroker

from notifications_worker.app import create_app
from notifications_worker.notifications import Notification
from shared.generated.events import (
    USER_REGISTERED,
    publish_user_registered,
    subscribe_welcome_failed,
)
from shared.generated.schemas import UserRead, WelcomeFailed


class QueueSender:
    """A `Sender` that hands each notification to the waiting test."""

    def __init__(self) -> None:
        self.delivered: asyncio.Queue[Notification] = asyncio.Queue()

    async def send(self, notification: Notification) -> None:
        await self.delivered.put(notification)


@pytest.fixture
async def sender(redis_url: str) -> AsyncIterator[QueueSender]:
    """The worker, subscribed on the real Redis, delivering into a queue."""
    sender = QueueSender()
    broker = RedisBroker(redis_url)
    create_app(sender, broker)
    async with broker:
        await broker.start()
        yield sender


@pytest.fixture
async def backend(redis_url: str) -> AsyncIterator[RedisBroker]:
    """A broker standing in for the backend: it publishes the way the backend does."""
    async with RedisBroker(redis_url) as broker:
        yield broker


def registration(name: str) -> UserRead:
    return UserRead(
        id=uuid4(),
        email=f"{name.lower()}@example.com",
        name=name,
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )


async def test_a_registration_becomes_a_welcome(sender: QueueSender, backend: RedisBroker) -> None:
    await publish_user_registered(backend, registration("Margaret"))
    notification = await asyncio.wait_for(sender.delivered.get(), timeout=10)
    assert notification.recipient == "margaret@example.com"
    assert "Margaret" in notification.body


async def test_a_malformed_message_is_dropped_and_the_worker_goes_on(
    sender: QueueSender, backend: RedisBroker
) -> None:
    await backend.publish({"id": "not-a-uuid", "email": "x"}, channel=USER_REGISTERED.channel)
    await publish_user_registered(backend, registration("Edsger"))
    notification = await asyncio.wait_for(sender.delivered.get(), timeout=10)
    assert notification.recipient == "edsger@example.com"
    assert sender.delivered.empty()


class RefusingSender:
    """A `Sender` whose every delivery fails, as a webhook that is down would."""

    async def send(self, notification: Notification) -> None:
        raise ConnectionError(f"webhook down for {notification.recipient}")


async def test_a_failed_welcome_is_published_and_logged_with_the_message_id(
    redis_url: str, backend: RedisBroker, caplog: pytest.LogCaptureFixture
) -> None:
    """Redis pub/sub does not redeliver: the failure is an event, and a log line."""
    failures: asyncio.Queue[WelcomeFailed] = asyncio.Queue()
    worker = RedisBroker(redis_url)
    create_app(RefusingSender(), worker)

    @subscribe_welcome_failed(backend)
    async def keep(failure: WelcomeFailed) -> None:
        await failures.put(failure)

    registration_of_alan = registration("Alan")
    with caplog.at_level(logging.ERROR):
        async with worker:
            await worker.start()
            await backend.start()
            await publish_user_registered(backend, registration_of_alan)
            failure = await asyncio.wait_for(failures.get(), timeout=10)
    assert failure == WelcomeFailed(
        message=registration_of_alan, error="webhook down for alan@example.com"
    )
    [logged] = [record for record in caplog.records if record.exc_info]
    assert logged.exc_info is not None
    assert isinstance(logged.exc_info[1], ConnectionError)
    assert getattr(logged, "message_id", "")  # FastStream's log line names the message
