"""Fixtures of the end-to-end scenarios (see system.py for what `nox -s e2e` hands over)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.system import Channel, Telegram, request


@pytest.fixture
def telegram() -> Telegram:
    return Telegram(os.environ["TELEGRAM_FAKE_URL"])


@pytest.fixture
def subscribe() -> Iterator[Callable[[str], Channel]]:
    """`subscribe("command.received")`: a subscription to a channel, closed after the test."""
    opened: list[Channel] = []

    def open_channel(name: str) -> Channel:
        opened.append(Channel(os.environ["REDIS_URL"], name))
        return opened[-1]

    yield open_channel
    for channel in opened:
        channel.close()


@pytest.fixture
def webhook_received() -> Callable[[], list[Any]]:
    """What the webhook sink has received so far."""
    return lambda: request("GET", f"{os.environ['WEBHOOK_SINK_URL']}/e2e/received")[1]
