from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from shared.generated.schemas import CommandReceived
from tests.offline_telegram import CHAT_ID, OfflineTelegram
from tg_bot.handlers import FEEDBACK_THANKS, FEEDBACK_USAGE, UNKNOWN_HINT

# The `send` fixture (conftest.py) delivers the text from Ada (@ada, id 2002) in chat 1001.
Send = Callable[..., Awaitable[list[str]]]


async def test_start_greets_by_first_name_and_points_at_help(send: Send) -> None:
    [reply] = await send("/start")
    assert "Ada" in reply
    assert "/help" in reply


async def test_help_lists_every_command_on_its_own_line(send: Send) -> None:
    [reply] = await send("/help")
    lines = reply.splitlines()
    for command in ("/start", "/help", "/feedback"):
        assert sum(line.startswith(f"{command} ") for line in lines) == 1, command


async def test_feedback_publishes_one_event_and_confirms(
    send: Send, published: list[CommandReceived]
) -> None:
    replies = await send("/feedback  the export button is slow ")
    assert replies == [FEEDBACK_THANKS]
    assert published == [
        CommandReceived(
            chat_id=1001,
            user_id=2002,
            username="ada",
            command="feedback",
            text="the export button is slow",
            received_at=datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC),
        )
    ]


async def test_feedback_keeps_the_line_breaks_of_its_text(
    send: Send, published: list[CommandReceived]
) -> None:
    assert await send("/feedback\nfirst point\nsecond point") == [FEEDBACK_THANKS]
    assert [message.text for message in published] == ["first point\nsecond point"]


async def test_editing_a_message_publishes_and_answers_nothing(
    send: Send, published: list[CommandReceived]
) -> None:
    assert await send("/feedback changed my mind", edited=True) == []
    assert await send("hello again", edited=True) == []
    assert published == []


@pytest.mark.parametrize("text", ["/feedback", "/feedback    "])
async def test_feedback_without_text_shows_usage_and_publishes_nothing(
    send: Send, published: list[CommandReceived], text: str
) -> None:
    assert await send(text) == [FEEDBACK_USAGE]
    assert published == []


async def test_feedback_addressed_to_this_bot_by_name_works(
    send: Send, published: list[CommandReceived]
) -> None:
    assert await send("/feedback@nox_test_bot love it", chat_type="group") == [FEEDBACK_THANKS]
    assert [message.text for message in published] == ["love it"]


async def test_replies_in_a_group_do_not_quote_the_command(
    send: Send, telegram: OfflineTelegram
) -> None:
    assert await send("/help@nox_test_bot", chat_type="group") != []
    [reply] = [params for method, params in telegram.calls if method == "sendMessage"]
    assert reply["chat_id"] == CHAT_ID
    assert "reply_parameters" not in reply


async def test_feedback_addressed_to_another_bot_is_ignored(
    send: Send, published: list[CommandReceived]
) -> None:
    assert await send("/feedback@other_bot love it", chat_type="group") == []
    assert published == []


@pytest.mark.parametrize("text", ["/weather", "hello there", "/feedbackx now"])
async def test_anything_else_in_a_private_chat_gets_a_hint(
    send: Send, published: list[CommandReceived], text: str
) -> None:
    assert await send(text) == [UNKNOWN_HINT]
    assert published == []


async def test_plain_text_in_a_group_gets_no_reply(send: Send) -> None:
    assert await send("hello everyone", chat_type="group") == []
