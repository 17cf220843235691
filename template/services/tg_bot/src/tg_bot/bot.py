"""Assembly of the application: the handlers, the broker they publish to, the command menu."""

from __future__ import annotations

from typing import Any

from faststream.redis import RedisBroker
from telegram import Bot
from telegram.ext import Application, ContextTypes, ExtBot, JobQueue
from telegram.request import BaseRequest

from tg_bot.handlers import COMMANDS, create_handlers

TELEGRAM_API_URL = "https://api.telegram.org"

# What `Application.builder().build()` returns when no custom context types are set.
BotApplication = Application[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


def create_application(
    token: str,
    broker: RedisBroker,
    request: BaseRequest | None = None,
    api_url: str = TELEGRAM_API_URL,
) -> BotApplication:
    """An application whose handlers find `broker` in `bot_data`.

    `request` replaces PTB's HTTP client for every Bot API call, which is how unit tests stay
    offline; `api_url` is the Bot API server it talks to (a local fake in `nox -s e2e`).
    """
    api = api_url.rstrip("/")
    builder = Application.builder().token(token).base_url(f"{api}/bot")
    builder = builder.base_file_url(f"{api}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["broker"] = broker
    application.add_handlers(create_handlers())
    return application


async def publish_command_menu(bot: Bot) -> None:
    """Show the commands in Telegram's menu button, from the same list /help prints."""
    await bot.set_my_commands(COMMANDS)
