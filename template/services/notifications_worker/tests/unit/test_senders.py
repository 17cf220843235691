from __future__ import annotations

import json
import logging

import httpx
import pytest

from notifications_worker.config import Settings
from notifications_worker.notifications import Notification
from notifications_worker.senders import LogSender, WebhookSender, build_sender

WEBHOOK_URL = "https://hooks.example.com/notify"
NOTIFICATION = Notification(recipient="ada@example.com", subject="Welcome, Ada!", body="Hi Ada")


def client_answering(status: int, requests: list[httpx.Request]) -> httpx.AsyncClient:
    """A client whose every request is recorded and answered with `status`, offline."""

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(status)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


async def test_log_sender_logs_recipient_and_subject(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="notifications_worker"):
        await LogSender().send(NOTIFICATION)
    assert caplog.messages == ["notification to ada@example.com: Welcome, Ada!"]


async def test_webhook_posts_the_notification_as_json() -> None:
    requests: list[httpx.Request] = []
    async with client_answering(200, requests) as client:
        await WebhookSender(client, WEBHOOK_URL).send(NOTIFICATION)
    [request] = requests
    assert request.method == "POST"
    assert str(request.url) == WEBHOOK_URL
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "recipient": "ada@example.com",
        "subject": "Welcome, Ada!",
        "body": "Hi Ada",
    }


@pytest.mark.parametrize("status", [500, 404, 302])
async def test_webhook_raises_when_the_answer_is_not_2xx(status: int) -> None:
    async with client_answering(status, []) as client:
        with pytest.raises(httpx.HTTPStatusError, match=str(status)):
            await WebhookSender(client, WEBHOOK_URL).send(NOTIFICATION)


async def test_build_sender_logs_by_default(caplog: pytest.LogCaptureFixture) -> None:
    requests: list[httpx.Request] = []
    async with client_answering(200, requests) as client:
        sender = build_sender(Settings(), client)
        with caplog.at_level(logging.INFO, logger="notifications_worker"):
            await sender.send(NOTIFICATION)
    assert isinstance(sender, LogSender)
    assert requests == []
    assert "ada@example.com" in caplog.text


async def test_build_sender_posts_to_the_configured_webhook() -> None:
    settings = Settings(notifications_sender="webhook", notifications_webhook_url=WEBHOOK_URL)
    requests: list[httpx.Request] = []
    async with client_answering(200, requests) as client:
        sender = build_sender(settings, client)
        await sender.send(NOTIFICATION)
    assert isinstance(sender, WebhookSender)
    assert [str(request.url) for request in requests] == [WEBHOOK_URL]


async def test_build_sender_refuses_a_webhook_without_url() -> None:
    unchecked = Settings.model_construct(notifications_sender="webhook")
    async with httpx.AsyncClient() as client:
        with pytest.raises(ValueError, match="NOTIFICATIONS_WEBHOOK_URL is required"):
            build_sender(unchecked, client)
