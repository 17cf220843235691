"""A Telegram user sends /start: the bot registers them in the backend, and welcomes them back.

The backend runs on PostgreSQL; with the notifications worker, the registration reaches it too,
and it logs that a user without an e-mail address gets no welcome.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from tests.e2e.system import Telegram, eventually, needs, request

GRACE = 7_123_456_789  # Telegram ids outgrow 32 bits
LINUS = 7_123_456_790


def registered(telegram_id: int) -> list[dict[str, Any]]:
    """The backend's users with this Telegram id, from every page of the list."""
    found, offset, total = [], 0, 1
    while offset < total:
        url = f"{os.environ['BACKEND_URL']}/users?limit=100&offset={offset}"
        page = request("GET", url)[1]
        found += [user for user in page["items"] if user["telegram_id"] == telegram_id]
        offset, total = offset + page["limit"], page["total"]
    return found


def logged(service: str, text: str) -> list[str]:
    """The lines of the service's log (SYSTEM_LOGS) that contain `text`."""
    log = Path(os.environ["SYSTEM_LOGS"]) / f"{service}.log"
    return [line for line in log.read_text(errors="replace").splitlines() if text in line]


@needs("tg_bot", "backend")
def test_start_registers_the_telegram_user_once_and_welcomes_them_back(
    telegram: Telegram,
) -> None:
    started = time.monotonic()
    telegram.send("/start", user_id=GRACE, username="grace", first_name="Grace")
    [reply] = eventually(lambda: telegram.replies_to(GRACE), "reply to the first /start")
    assert reply.startswith("Hello, Grace! You are registered.")
    [user] = registered(GRACE)
    assert (user["email"], user["name"]) == (None, "Grace")
    print(f"registration: Telegram to the backend and back in {time.monotonic() - started:.2f} s")

    telegram.send("/start", user_id=GRACE, username="grace", first_name="Grace")
    replies = eventually(lambda: telegram.replies_to(GRACE)[1:], "reply to the second /start")
    assert replies == ["Welcome back, Grace! Send /help to see what I can do."]
    assert registered(GRACE) == [user]


@needs("tg_bot", "backend", "notifications_worker")
def test_a_user_from_telegram_gets_no_email_welcome_and_the_worker_says_why(
    telegram: Telegram,
) -> None:
    telegram.send("/start", user_id=LINUS, username="linus", first_name="Linus")
    eventually(lambda: telegram.replies_to(LINUS), "reply to /start")
    [user] = registered(LINUS)
    line = f"no welcome for user {user['id']}: no e-mail address to send it to"
    eventually(lambda: logged("notifications_worker", line), "the worker's line for the user")
