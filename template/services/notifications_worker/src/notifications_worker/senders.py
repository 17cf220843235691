"""Ways to deliver a notification; the worker only knows the `Sender` protocol.

Adding a channel (e-mail, SMS) means a class with an async `send` and a branch in
`build_sender`; the subscriber does not change.
"""

from __future__ import annotations

import logging
from typing import Protocol

import httpx

from notifications_worker.config import WEBHOOK_URL_MISSING, Settings
from notifications_worker.notifications import Notification

logger = logging.getLogger(__name__)


class Sender(Protocol):
    """Delivers a notification, raising when it could not be delivered."""

    async def send(self, notification: Notification) -> None:
        """Deliver `notification` or raise."""
        ...


class LogSender:
    """Writes each notification to the log: enough for development, and nothing to set up."""

    async def send(self, notification: Notification) -> None:
        """Log one line naming the recipient and the subject."""
        logger.info("notification to %s: %s", notification.recipient, notification.subject)


class WebhookSender:
    """POSTs each notification as JSON to a URL that does the actual delivery.

    The client is given, not created, so the caller owns its lifetime and tests can hand in
    one with a mock transport.
    """

    def __init__(self, client: httpx.AsyncClient, url: str) -> None:
        self._client = client
        self._url = url

    async def send(self, notification: Notification) -> None:
        """POST the notification; a non-2xx answer raises `httpx.HTTPStatusError`."""
        response = await self._client.post(self._url, json=notification.model_dump())
        response.raise_for_status()


def build_sender(settings: Settings, client: httpx.AsyncClient) -> Sender:
    """The sender `NOTIFICATIONS_SENDER` asks for; `client` is used only by the webhook."""
    if settings.notifications_sender == "log":
        return LogSender()
    if settings.notifications_webhook_url is None:
        raise ValueError(WEBHOOK_URL_MISSING)
    return WebhookSender(client, str(settings.notifications_webhook_url))
