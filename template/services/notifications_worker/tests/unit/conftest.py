from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from faststream.redis import RedisBroker

from notifications_worker.app import create_app
from notifications_worker.notifications import Notification
from notifications_worker.senders import Sender
from shared.generated.schemas import UserRead

SETTINGS_ENV = ("REDIS_URL", "NOTIFICATIONS_SENDER", "NOTIFICATIONS_WEBHOOK_URL")


class RecordingSender:
    """A `Sender` that keeps what it was asked to deliver in a list the test can read."""

    def __init__(self, delivered: list[Notification]) -> None:
        self.delivered = delivered

    async def send(self, notification: Notification) -> None:
        self.delivered.append(notification)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's environment and `.env` file out of the settings under test."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def delivered() -> list[Notification]:
    return []


@pytest.fixture
def sender(delivered: list[Notification]) -> Sender:
    return RecordingSender(delivered)


@pytest.fixture
def broker(sender: Sender) -> RedisBroker:
    broker = RedisBroker()
    create_app(sender, broker)
    return broker


@pytest.fixture
def make_event() -> Callable[[str], UserRead]:
    def make(name: str) -> UserRead:
        return UserRead(
            id=uuid4(),
            email=f"{name.split()[0].lower()}@example.com",
            name=name,
            created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
        )

    return make
