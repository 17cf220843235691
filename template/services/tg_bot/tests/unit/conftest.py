from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiogram import Bot
from faststream.redis import RedisBroker, TestRedisBroker

from shared.generated.events import subscribe_command_received
from shared.generated.schemas import CommandReceived
from tests.offline_telegram import RecordingSession, message_update
from tg_bot.bot import create_dispatcher

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
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def bot(session: RecordingSession) -> Bot:
    return Bot(token="42:TEST", session=session)


@pytest.fixture
def send(
    bot: Bot, session: RecordingSession, broker: RedisBroker, published: list[CommandReceived]
) -> Send:
    """Feed one message through a fresh dispatcher and return the texts the bot replied."""
    dispatcher = create_dispatcher(broker)

    async def send(text: str, chat_type: str = "private") -> list[str]:
        before = len(session.sent_texts)
        await dispatcher.feed_update(bot, message_update(text, chat_type=chat_type))
        return session.sent_texts[before:]

    return send


@pytest.fixture
def queue_message(session: RecordingSession) -> Callable[[str], None]:
    """Make the next `getUpdates` call return a private message with this text."""

    def queue(text: str) -> None:
        update_id = len(session.pending_updates) + 1
        session.pending_updates.append(message_update(text, update_id=update_id))

    return queue
