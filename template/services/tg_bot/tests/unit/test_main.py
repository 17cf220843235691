from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from types import FrameType

import pytest
from faststream.redis import RedisBroker
from telegram.ext import CommandHandler

from shared.generated.schemas import CommandReceived
from tests.offline_telegram import OfflineTelegram
from tg_bot.bot import BotApplication, create_application
from tg_bot.handlers import COMMANDS, FEEDBACK_THANKS
from tg_bot.main import run


def test_application_hands_the_broker_to_handlers() -> None:
    broker = RedisBroker()
    application = create_application("42:TEST", broker)
    assert application.bot_data["broker"] is broker
    assert application.bot.base_url == "https://api.telegram.org/bot42:TEST"


def test_the_bot_api_server_can_be_another_one() -> None:
    application = create_application("42:TEST", RedisBroker(), api_url="http://127.0.0.1:8081/")
    assert application.bot.base_url == "http://127.0.0.1:8081/bot42:TEST"
    assert application.bot.base_file_url == "http://127.0.0.1:8081/file/bot42:TEST"


def test_every_command_in_the_menu_has_a_handler(application: BotApplication) -> None:
    handled = [
        command
        for handler in application.handlers[0]
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    ]
    assert handled == [item.command for item in COMMANDS]


@pytest.fixture(params=[signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def stop_signal(request: pytest.FixtureRequest) -> Iterator[signal.Signals]:
    """A signal `run` must handle; if it does not, the test fails instead of pytest dying."""
    signum: signal.Signals = request.param

    def unhandled(received: int, frame: FrameType | None) -> None:
        raise AssertionError(f"run() left {signal.Signals(received).name} unhandled")

    previous = signal.signal(signum, unhandled)
    yield signum
    signal.signal(signum, previous)


async def test_run_polls_publishes_and_closes_on_a_stop_signal(
    application: BotApplication,
    telegram: OfflineTelegram,
    broker: RedisBroker,
    published: list[CommandReceived],
    stop_signal: signal.Signals,
) -> None:
    telegram.queue_message("/feedback works end to end")
    polling = asyncio.create_task(run(application, broker))
    async with asyncio.timeout(5):
        await telegram.replied.wait()
        signal.raise_signal(stop_signal)
        await polling
    assert telegram.sent_texts == [FEEDBACK_THANKS]
    assert [message.text for message in published] == ["works end to end"]
    [menu] = [params for method, params in telegram.calls if method == "setMyCommands"]
    assert menu["commands"] == [item.to_dict() for item in COMMANDS]
    assert telegram.closed
    # The loop's handler is gone again; asyncio restores the default, not the previous one.
    assert signal.getsignal(stop_signal) in {signal.SIG_DFL, signal.default_int_handler}
