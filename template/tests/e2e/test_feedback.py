"""A Telegram user sends /feedback: the bot thanks them and `command_received` reaches Redis."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.e2e.system import Channel, Telegram, eventually, needs

ADA = 424242


@needs("tg_bot")
def test_feedback_from_telegram_reaches_its_consumers(
    telegram: Telegram, subscribe: Callable[[str], Channel]
) -> None:
    started = time.monotonic()
    channel = subscribe("command.received")  # before the message: pub/sub keeps nothing
    telegram.send("/feedback the export button is slow", user_id=ADA)

    event = channel.next_message()
    assert event["command"] == "feedback"
    assert event["text"] == "the export button is slow"
    assert (event["user_id"], event["chat_id"], event["username"]) == (ADA, ADA, "ada")
    replies = eventually(lambda: telegram.replies_to(ADA), "reply from the bot")
    assert replies == ["Thanks! Your feedback was passed on to the team."]
    print(f"feedback: Telegram to Redis and back in {time.monotonic() - started:.2f} s")


@needs("tg_bot")
def test_feedback_without_text_is_explained_and_publishes_nothing(
    telegram: Telegram, subscribe: Callable[[str], Channel]
) -> None:
    channel = subscribe("command.received")
    telegram.send("/feedback", user_id=ADA + 1)
    replies = eventually(lambda: telegram.replies_to(ADA + 1), "reply from the bot")
    assert replies[0].startswith("Usage: /feedback <text>")
    telegram.send("/feedback now with text", user_id=ADA + 1)
    assert channel.next_message()["text"] == "now with text"  # the first one published nothing
