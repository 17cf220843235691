"""The running bot: connect Redis, poll Telegram until stopped, close both on the way out."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from faststream.redis import RedisBroker

from tg_bot.bot import create_dispatcher
from tg_bot.config import Settings


async def run(dispatcher: Dispatcher, bot: Bot, broker: RedisBroker) -> None:
    """Poll until SIGINT or SIGTERM, with the broker connected before the first update.

    Both the bot's HTTP session and the Redis connection are closed on the way out, also when
    polling fails.
    """
    async with bot, broker:
        await dispatcher.start_polling(bot, close_bot_session=False)


def serve(settings: Settings) -> None:
    """Run the bot with `settings` until the process is stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    broker = RedisBroker(settings.redis_url)
    bot = Bot(token=settings.bot_token.get_secret_value())
    asyncio.run(run(create_dispatcher(broker), bot, broker))
