"""The worker's settings, read from the environment so one image serves every deployment."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, HttpUrl, model_validator

from shared.settings import RedisSettings

WEBHOOK_URL_MISSING = (
    "NOTIFICATIONS_WEBHOOK_URL is required when NOTIFICATIONS_SENDER is 'webhook';"
    " set it to the URL that receives the notifications, or use NOTIFICATIONS_SENDER=log"
)


class Settings(RedisSettings):
    """`REDIS_URL`, plus how notifications leave the worker.

    `NOTIFICATIONS_SENDER=log` (the default) only writes them to the log, which is what a
    developer wants locally; `webhook` POSTs them to `NOTIFICATIONS_WEBHOOK_URL`.
    """

    notifications_sender: Literal["log", "webhook"] = "log"
    """How notifications leave the worker: `log` writes them to the log, `webhook` POSTs them."""

    notifications_webhook_url: HttpUrl | None = Field(
        default=None, examples=["https://hooks.example.com/notifications"]
    )
    """Where the `webhook` sender POSTs each notification (JSON); required for that sender."""

    @model_validator(mode="after")
    def _webhook_needs_a_url(self) -> Self:
        """Fail at startup, not at the first delivery, when the webhook has nowhere to go."""
        if self.notifications_sender == "webhook" and self.notifications_webhook_url is None:
            raise ValueError(WEBHOOK_URL_MISSING)
        return self
