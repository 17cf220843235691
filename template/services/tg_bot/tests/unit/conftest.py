from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from faststream.redis import RedisBroker, TestRedisBroker
from telegram import Update
from telegram.ext import ContextTypes

from shared.generated.events import subscribe_command_received
from shared.generated.schemas import CommandReceived
from tests.offline_telegram import OfflineTelegram, message_update
from tg_bot.bot import BotApplication, create_application

Send = Callable[..., Awaitable[list[str]]]


@pytest.fixture
def broker() -> RedisBroker:
    return RedisBroker()


@pytest.fixture
async def published(broker: RedisBroker) -> AsyncIterator[list[CommandReceived]]:
    """Every `command_received` message the bot publishes while the test runs."""
    received: list[CommandReceived] = []

    @subscribe_command_received(broker)
    async def collect(message: CommandReceived) -> None:
        received.append(message)

    async with TestRedisBroker(broker):
        yield received


@pytest.fixture
def telegram() -> OfflineTelegram:
    return OfflineTelegram()


@pytest.fixture
def application(telegram: OfflineTelegram, broker: RedisBroker) -> BotApplication:
    return create_application("42:TEST", broker, request=telegram)


@pytest.fixture
async def send(
    application: BotApplication, telegram: OfflineTelegram, published: list[CommandReceived]
) -> AsyncIterator[Send]:
    """Feed one message through the application and return the texts the bot replied.

    PTB hands a handler's exception to error handlers, and logs it when there are none; here
    it fails the test instead, as a crash must not pass for a bot that stays quiet.
    """
    errors: list[BaseException] = []

    async def keep(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error or RuntimeError("an error handler ran without an error"))

    application.add_error_handler(keep)

    async def send(text: str, chat_type: str = "private", edited: bool = False) -> list[str]:
        before = len(telegram.sent_texts)
        data = message_update(text, chat_type=chat_type, edited=edited)
        update = Update.de_json(data, application.bot)
        await application.process_update(update)
        if errors:
            raise errors[0]
        return telegram.sent_texts[before:]

    async with application:  # fetches the bot's username, which commands like /x@bot need
        yield send
