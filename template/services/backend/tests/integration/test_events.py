"""A registration announced over a real Redis reaches a subscriber as a valid UserRegistered."""

from __future__ import annotations

import asyncio
from uuid import UUID

from faststream.redis import RedisBroker

from shared.events import USER_REGISTERED, UserRegistered
from tests.integration.conftest import Api


async def test_a_new_user_is_announced_on_redis(api: Api, redis_url: str) -> None:
    received: asyncio.Queue[UserRegistered] = asyncio.Queue()
    listener = RedisBroker(redis_url)

    @listener.subscriber(USER_REGISTERED.channel)
    async def collect(message: UserRegistered) -> None:
        await received.put(message)

    async with listener:
        await listener.start()
        created = await api.create_user("barbara@example.com", "Barbara")
        message = await asyncio.wait_for(received.get(), timeout=10)

    assert message.user_id == UUID(created["id"])
    assert (message.email, message.name) == ("barbara@example.com", "Barbara")
