from __future__ import annotations

import json
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest
from faststream import TestApp
from faststream.redis import RedisBroker, TestRedisBroker

from notifications_worker.config import Settings
from notifications_worker.main import build_app
from shared.generated.events import publish_user_registered
from shared.generated.schemas import UserRead

WEBHOOK_URL = "https://hooks.example.com/notify"


async def test_configured_worker_delivers_to_the_webhook_and_closes_its_client(
    make_event: Callable[[str], UserRead],
) -> None:
    requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(204)

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    settings = Settings(notifications_sender="webhook", notifications_webhook_url=WEBHOOK_URL)
    app = build_app(settings, client)
    broker = app.broker
    assert isinstance(broker, RedisBroker)

    async with TestRedisBroker(broker), TestApp(app):
        await publish_user_registered(broker, make_event("Ada Lovelace"))
    assert [json.loads(request.content)["recipient"] for request in requests] == ["ada@example.com"]
    assert client.is_closed


def test_the_worker_refuses_to_start_with_a_webhook_but_no_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What `notifications-worker` and `python -m notifications_worker` run, in this process:
    Python prints the message and exits with 1."""
    monkeypatch.setenv("NOTIFICATIONS_SENDER", "webhook")
    monkeypatch.delenv("NOTIFICATIONS_WEBHOOK_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # away from a developer's .env
    (script,) = entry_points(group="console_scripts", name="notifications-worker")
    with pytest.raises(SystemExit) as stopped:
        script.load()()
    assert "NOTIFICATIONS_WEBHOOK_URL is required" in str(stopped.value.code)
