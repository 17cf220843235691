"""/start registers the Telegram user with the backend: the generated client on an HTTP fake.

`backend_api` (tests/fake_backend.py) answers at the HTTP layer through httpx.MockTransport, so
the real `BackendClient` runs: its requests, retries and typed errors are what is tested here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from telegram import User

from shared.generated.schemas import UserTelegramCreate
from tests.fake_backend import FakeBackend
from tests.offline_telegram import USER_ID
from tg_bot.config import load_settings
from tg_bot.registration import (
    REGISTERED,
    UNAVAILABLE,
    WELCOME_BACK,
    backend_of,
    display_name,
)

# The `send` fixture (conftest.py) delivers the text from Ada (@ada, id 2002) in chat 1001.
Send = Callable[..., Awaitable[list[str]]]
LOGGER = "tg_bot.registration"


async def test_start_registers_the_user_and_says_so(send: Send, backend_api: FakeBackend) -> None:
    assert await send("/start") == [REGISTERED.format(name="Ada")]
    [request] = backend_api.requests
    assert (request.method, request.url.path) == ("POST", "/telegram/users")
    assert json.loads(request.content) == {"telegram_id": USER_ID, "name": "Ada"}


async def test_start_again_is_a_welcome_back(send: Send, backend_api: FakeBackend) -> None:
    await send("/start")
    assert await send("/start") == [WELCOME_BACK.format(name="Ada")]
    assert list(backend_api.registered) == [USER_ID]


async def test_an_unreachable_backend_gets_a_friendly_reply_and_one_log_line(
    send: Send, backend_api: FakeBackend, caplog: pytest.LogCaptureFixture
) -> None:
    refused = httpx.ConnectError("connection refused")
    backend_api.fail_next(refused, refused, refused)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert await send("/start") == [UNAVAILABLE.format(name="Ada")]
    assert len(backend_api.requests) == 3, "a refused connection is tried three times"
    assert caplog.messages == [
        f"could not register Telegram user {USER_ID} with the backend: connection refused"
    ]
    assert backend_api.registered == {}


async def test_a_connection_refused_once_is_retried(send: Send, backend_api: FakeBackend) -> None:
    backend_api.fail_next(httpx.ConnectError("connection refused"))
    assert await send("/start") == [REGISTERED.format(name="Ada")]
    assert list(backend_api.registered) == [USER_ID]


async def test_a_time_out_is_not_retried_since_the_registration_may_have_arrived(
    send: Send, backend_api: FakeBackend, caplog: pytest.LogCaptureFixture
) -> None:
    backend_api.fail_next(httpx.ReadTimeout("timed out"))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert await send("/start") == [UNAVAILABLE.format(name="Ada")]
    assert len(backend_api.requests) == 1
    assert caplog.messages == [
        f"could not register Telegram user {USER_ID} with the backend: timed out"
    ]


async def test_a_failing_backend_gets_the_same_reply_and_the_status_in_the_log(
    send: Send, backend_api: FakeBackend, caplog: pytest.LogCaptureFixture
) -> None:
    backend_api.fail_next(500)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert await send("/start") == [UNAVAILABLE.format(name="Ada")]
    [line] = caplog.messages
    assert "backend answered 500: the fake backend failed, as told" in line


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Ada", "Lovelace", "Ada Lovelace"),
        ("  Ada\n", None, "Ada"),
        ("Ada\x00\x1f", "\u0085Love\tlace\ufeff", "Ada Love lace"),
        ("x" * 64, "y" * 150, "x" * 64 + " " + "y" * 135),
        ("\u200b", None, f"Telegram user {USER_ID}"),
    ],
    ids=["full-name", "spaces", "control-characters", "too-long", "nothing-printable"],
)
def test_the_name_sent_is_one_the_backend_accepts(
    first: str, last: str | None, expected: str
) -> None:
    user = User(id=USER_ID, first_name=first, last_name=last, is_bot=False)
    name = display_name(user)
    assert name == expected
    UserTelegramCreate(telegram_id=USER_ID, name=name)  # the backend's own rules


def test_a_missing_client_is_named_as_the_wiring_mistake_it_is() -> None:
    with pytest.raises(TypeError, match=r"bot_data\['backend'\] must hold a BackendClient"):
        backend_of({})


def test_the_backend_is_the_local_one_unless_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.setenv("BOT_TOKEN", "123456:ABC-def_ghi")
    monkeypatch.delenv("BACKEND_URL", raising=False)
    assert str(load_settings().backend_url) == "http://localhost:8000/"
    monkeypatch.setenv("BACKEND_URL", "http://backend:8000")
    assert str(load_settings().backend_url) == "http://backend:8000/"
