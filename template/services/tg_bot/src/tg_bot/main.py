"""The running bot: connect Redis, poll Telegram until stopped, close both on the way out."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack

from faststream.redis import RedisBroker

from tg_bot.bot import BotApplication, create_application, publish_command_menu
from tg_bot.config import Settings

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def run(application: BotApplication, broker: RedisBroker) -> None:
    """Poll until SIGINT or SIGTERM, with the broker connected before the first update.

    This is the manual form of PTB's `run_polling`, which wants the event loop to itself; here
    the FastStream broker shares it. Each step that succeeded is undone in reverse order on the
    way out, also when a later one fails, so the Telegram HTTP client and the Redis connection
    are always closed, and updates already fetched are handled before the application stops.
    """
    updater = application.updater
    if updater is None:  # only when the builder is told `.updater(None)`
        raise ValueError("the application has no updater to poll Telegram with")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as running:
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, stop.set)
            running.callback(loop.remove_signal_handler, signum)
        await running.enter_async_context(broker)
        await running.enter_async_context(application)
        await publish_command_menu(application.bot)
        await application.start()
        running.push_async_callback(application.stop)
        await updater.start_polling()
        running.push_async_callback(updater.stop)
        await stop.wait()


def serve(settings: Settings) -> None:
    """Run the bot with `settings` until the process is stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # httpx logs every request at INFO: a line per long poll, with the bot token in the URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    broker = RedisBroker(settings.redis_url)
    application = create_application(
        settings.bot_token.get_secret_value(), broker, api_url=str(settings.telegram_api_url)
    )
    asyncio.run(run(application, broker))
