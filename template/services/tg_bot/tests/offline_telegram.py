"""An offline Telegram: a Bot API session that answers in memory, and updates built locally."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import GetMe, GetUpdates, SendMessage, SetMyCommands, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, Update, User

BOT_USER = User(id=42, is_bot=True, first_name="Nox", username="nox_test_bot")
SENT_AT = 1_760_000_000
CHAT_ID = 1001
USER_ID = 2002


class RecordingSession(BaseSession):
    """A Telegram API that answers in memory and records every method the bot calls."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.pending_updates: list[Update] = []
        self.replied = asyncio.Event()
        self.closed = False

    @property
    def sent_texts(self) -> list[str]:
        return [request.text for request in self.requests if isinstance(request, SendMessage)]

    # The `timeout` parameters below are BaseSession's signature, so ASYNC109 does not apply.
    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        self.requests.append(method)
        return cast(TelegramType, await self.result(method))

    async def result(self, method: TelegramMethod[Any]) -> object:
        match method:
            case GetMe():
                return BOT_USER
            case SetMyCommands():
                return True
            case SendMessage(chat_id=chat_id, text=text):
                chat = Chat(id=int(chat_id), type="private")
                date = datetime.now(UTC)
                self.replied.set()
                return Message(message_id=len(self.requests), date=date, chat=chat, text=text)
            case GetUpdates():
                updates, self.pending_updates = self.pending_updates, []
                await asyncio.sleep(0 if updates else 0.01)  # a long poll that returns early
                return updates
        raise AssertionError(f"the bot called {type(method).__name__}, which no test expects")

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise AssertionError(f"the bot downloaded {url}, which no test expects")
        yield b""  # pragma: no cover - makes this an async generator like the base method

    async def close(self) -> None:
        self.closed = True


def message_update(text: str, *, chat_type: str = "private", update_id: int = 1) -> Update:
    """A message from Ada (@ada, id 2002) in chat 1001, as Telegram sends it.

    Commands carry a `bot_command` entity, as they do from a real client.
    """
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": 7,
                "date": SENT_AT,
                "chat": {"id": CHAT_ID, "type": chat_type},
                "from": {"id": USER_ID, "is_bot": False, "first_name": "Ada", "username": "ada"},
                "text": text,
                "entities": entities,
            },
        }
    )
