"""The worker on a real Redis: what another service publishes is delivered, junk is not."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from faststream.redis import RedisBroker

from notifications_worker.app import create_app
from notifications_worker.notifications import Notification
from shared.generated.events import USER_REGISTERED, publish_user_registered
from shared.generated.schemas import UserRead


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
