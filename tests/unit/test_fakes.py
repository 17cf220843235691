"""The fake Telegram Bot API and webhook sink of `nox -s e2e`, driven as the bot and tests do."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

import pytest

from framework.nox_support.fakes import BOT_TOKEN, Fakes, running_fakes


def call(url: str, body: bytes | None = None, kind: str = "application/json") -> Any:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (a local fake)
        return json.loads(response.read())


def bot(fakes: Fakes, method: str, **params: object) -> Any:
    """A Bot API call as python-telegram-bot makes it: a form, non-text values as JSON."""
    form = {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()
    }
    url = f"{fakes.telegram_url}/bot{BOT_TOKEN}/{method}"
    return call(url, urlencode(form).encode(), "application/x-www-form-urlencoded")["result"]


def test_a_message_a_test_sends_reaches_the_bot_and_its_reply_is_recorded() -> None:
    with running_fakes() as fakes:
        assert bot(fakes, "getMe")["is_bot"] is True
        assert bot(fakes, "getUpdates", offset=0, timeout=0) == []
        body = json.dumps({"text": "/feedback slow", "user_id": 7, "username": "ada"}).encode()
        call(f"{fakes.telegram_url}/e2e/messages", body)
        (update,) = bot(fakes, "getUpdates", offset=0, timeout=5)
        message = update["message"]
        assert (message["text"], message["chat"]["id"], message["from"]["username"]) == (
            "/feedback slow",
            7,
            "ada",
        )
        assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 9}]
        assert bot(fakes, "getUpdates", offset=update["update_id"] + 1, timeout=0) == []
        bot(fakes, "sendMessage", chat_id=7, text="Thanks!")
        assert bot(fakes, "setMyCommands", commands=[]) is True
        assert call(f"{fakes.telegram_url}/e2e/sent") == [{"chat_id": 7, "text": "Thanks!"}]


def test_a_wrong_token_is_refused_and_an_unknown_path_is_404() -> None:
    with running_fakes() as fakes:
        with pytest.raises(urllib.error.HTTPError, match="401"):
            call(f"{fakes.telegram_url}/bot1:other/getMe", b"")
        with pytest.raises(urllib.error.HTTPError, match="404"):
            call(f"{fakes.telegram_url}/nothing")


def test_the_sink_keeps_every_body_in_order_and_the_env_points_at_the_fakes() -> None:
    with running_fakes() as fakes:
        call(f"{fakes.sink_url}/notifications", b'{"recipient": "a@example.com"}')
        call(f"{fakes.sink_url}/notifications", b"plain text")
        assert call(f"{fakes.sink_url}/e2e/received") == [
            {"recipient": "a@example.com"},
            "plain text",
        ]
        services = fakes.service_env()
        assert services["TELEGRAM_API_URL"] == fakes.telegram_url
        assert services["NOTIFICATIONS_WEBHOOK_URL"] == f"{fakes.sink_url}/notifications"
        assert services["NOTIFICATIONS_SENDER"] == "webhook"
        assert fakes.test_env() == {
            "TELEGRAM_FAKE_URL": fakes.telegram_url,
            "WEBHOOK_SINK_URL": fakes.sink_url,
        }
