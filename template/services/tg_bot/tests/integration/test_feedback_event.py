"""/feedback over a real Redis: the message another service receives is a valid CommandReceived."""

from __future__ import annotations

import asyncio

from faststream.redis import RedisBroker
from telegram import Update

from shared.generated.events import subscribe_command_received
from shared.generated.schemas import CommandReceived
from tests.offline_telegram import CHAT_ID, USER_ID, OfflineTelegram, message_update
from tg_bot.bot import create_application


async def test_feedback_reaches_a_subscriber_on_redis(redis_url: str) -> None:
    received: asyncio.Queue[CommandReceived] = asyncio.Queue()
    listener = RedisBroker(redis_url)

    @subscribe_command_received(listener)
    async def collect(message: CommandReceived) -> None:
        await received.put(message)

    telegram = OfflineTelegram()
    async with listener, RedisBroker(redis_url) as broker:
        await listener.start()
        async with create_application("42:TEST", broker, request=telegram) as application:
            update = Update.de_json(message_update("/feedback search is slow"), application.bot)
            await application.process_update(update)
        message = await asyncio.wait_for(received.get(), timeout=10)

    assert (message.chat_id, message.user_id, message.username) == (CHAT_ID, USER_ID, "ada")
    assert (message.command, message.text) == ("feedback", "search is slow")
    assert telegram.sent_texts[-1].startswith("Thanks!")
