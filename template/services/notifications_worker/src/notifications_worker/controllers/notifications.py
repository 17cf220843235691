"""The notifications domain (services/notifications_worker/spec/notifications.yaml).

The generated subscriber validates each `user_registered` message, calls `on_user_registered`
and, when it raises, publishes `welcome_failed` with the message and the error before FastStream
logs the failure with the message id. Redis pub/sub does not redeliver: the event is the record.
"""

from __future__ import annotations

from typing import Annotated

from faststream import Context

from notifications_worker.notifications import welcome_notification
from notifications_worker.senders import Sender
from shared.generated.schemas import UserRead

SENDER = "sender"  # where the app keeps its sender in FastStream's context


class NotificationsController:
    """Implements NotificationsControllerProtocol with a pluggable sender."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    async def on_user_registered(self, data: UserRead) -> None:
        """Welcome the new user; raises when the sender could not deliver."""
        await self._sender.send(welcome_notification(data))


def provide_event_controller(
    sender: Annotated[Sender, Context(SENDER)],
) -> NotificationsController:
    """The controller for one message, with the sender the app put in the context."""
    return NotificationsController(sender)
