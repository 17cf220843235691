"""An offline Telegram: a Bot API that answers in memory, and updates built locally.

`OfflineTelegram` plugs into python-telegram-bot where its HTTP client would, as a
`telegram.request.BaseRequest`, so everything above the wire (the bot, the updater's long
polling, the handlers) runs for real.
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Nox", "username": "nox_test_bot"}
SENT_AT = 1_760_000_000
CHAT_ID = 1001
USER_ID = 2002

JSONDict = dict[str, Any]


class OfflineTelegram(BaseRequest):
    """A Bot API that answers in memory and records every method the bot calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, JSONDict]] = []
        self.pending_updates: list[JSONDict] = []
        self.replied = asyncio.Event()
        self.closed = False

    @property
    def sent_texts(self) -> list[str]:
        return [str(params["text"]) for method, params in self.calls if method == "sendMessage"]

    def queue_message(self, text: str) -> None:
        """Make the next `getUpdates` call return a private message with this text."""
        update_id = len(self.pending_updates) + 1
        self.pending_updates.append(message_update(text, update_id=update_id))

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        self.closed = True

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append((name, params))
        body = {"ok": True, "result": await self.result(name, params)}
        return HTTPStatus.OK, json.dumps(body).encode()

    async def result(self, name: str, params: JSONDict) -> object:
        match name:
            case "getMe":
                return BOT_USER
            case "setMyCommands" | "deleteWebhook":
                return True
            case "sendMessage":
                self.replied.set()
                chat = {"id": params["chat_id"], "type": "private"}
                text = params["text"]
                return {"message_id": len(self.calls), "date": SENT_AT, "chat": chat, "text": text}
            case "getUpdates":
                updates, self.pending_updates = self.pending_updates, []
                await asyncio.sleep(0 if updates else 0.01)  # a long poll that returns early
                return updates
        raise AssertionError(f"the bot called {name}, which no test expects")


def message_update(
    text: str, *, chat_type: str = "private", update_id: int = 1, edited: bool = False
) -> JSONDict:
    """A message from Ada (@ada, id 2002) in chat 1001, as Telegram sends it.

    Commands carry a `bot_command` entity, as they do from a real client. An edited message
    arrives as `edited_message`, with the time of the edit.
    """
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    message: JSONDict = {
        "message_id": 7,
        "date": SENT_AT,
        "chat": {"id": CHAT_ID, "type": chat_type},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "Ada", "username": "ada"},
        "text": text,
        "entities": entities,
    }
    if edited:
        return {"update_id": update_id, "edited_message": {**message, "edit_date": SENT_AT + 60}}
    return {"update_id": update_id, "message": message}
