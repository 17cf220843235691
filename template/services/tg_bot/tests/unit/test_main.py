from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.methods import SetMyCommands
from faststream.redis import RedisBroker

from shared.generated.schemas import CommandReceived
from tg_bot.bot import create_dispatcher
from tg_bot.handlers import COMMANDS, FEEDBACK_THANKS
from tg_bot.main import run

if TYPE_CHECKING:
    from tests.offline_telegram import RecordingSession


def test_dispatcher_hands_the_broker_to_handlers() -> None:
    broker = RedisBroker()
    dispatcher = create_dispatcher(broker)
    assert dispatcher["broker"] is broker
    assert [router.name for router in dispatcher.sub_routers] == ["tg_bot"]


def test_two_dispatchers_in_one_process_do_not_share_a_router() -> None:
    # aiogram raises "Router is already attached" when one router gets a second parent.
    broker = RedisBroker()
    first, second = create_dispatcher(broker), create_dispatcher(broker)
    assert first.sub_routers[0] is not second.sub_routers[0]


async def test_run_polls_publishes_and_closes_the_session(
    bot: Bot,
    session: RecordingSession,
    queue_message: Callable[[str], None],
    broker: RedisBroker,
    published: list[CommandReceived],
) -> None:
    queue_message("/feedback works end to end")
    dispatcher = create_dispatcher(broker)
    polling = asyncio.create_task(run(dispatcher, bot, broker))
    async with asyncio.timeout(5):
        await session.replied.wait()
        await dispatcher.stop_polling()
        await polling
    assert session.sent_texts == [FEEDBACK_THANKS]
    assert [message.text for message in published] == ["works end to end"]
    [menu] = [request for request in session.requests if isinstance(request, SetMyCommands)]
    assert menu.commands == list(COMMANDS)
    assert session.closed
