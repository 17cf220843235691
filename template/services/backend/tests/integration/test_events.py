"""A registration announced over a real Redis reaches a subscriber as a valid UserRead."""

from __future__ import annotations

import asyncio
from uuid import UUID

from faststream.redis import RedisBroker

from shared.generated.events import subscribe_user_registered
from shared.generated.schemas import UserRead
from tests.integration.conftest import Api


async def test_a_new_user_is_announced_on_redis(api: Api, redis_url: str) -> None:
    received: asyncio.Queue[UserRead] = asyncio.Queue()
    listener = RedisBroker(redis_url)

    @subscribe_user_registered(listener)
    async def collect(message: UserRead) -> None:
        await received.put(message)

    async with listener:
        await listener.start()
        created = await api.create_user("barbara@example.com", "Barbara")
        message = await asyncio.wait_for(received.get(), timeout=10)

    assert message.id == UUID(created["id"])
    assert (message.email, message.name) == ("barbara@example.com", "Barbara")
