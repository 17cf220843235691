"""The notifications domain (services/notifications_worker/spec/notifications.yaml).

The generated subscriber validates each `user_registered` message, calls `on_user_registered`
and, when it raises, publishes `welcome_failed` with the message and the error before FastStream
logs the failure with the message id. Redis pub/sub does not redeliver: the event is the record.
"""

from __future__ import annotations

import logging
from typing import Annotated

from faststream import Context

from notifications_worker.notifications import welcome_notification
from notifications_worker.senders import Sender
from shared.generated.schemas import UserRead

SENDER = "sender"  # where the app keeps its sender in FastStream's context

logger = logging.getLogger(__name__)


class NotificationsController:
    """Implements NotificationsControllerProtocol with a pluggable sender."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    async def on_user_registered(self, data: UserRead) -> None:
        """Welcome the new user; raises when the sender could not deliver.

        A user without an e-mail address gets no welcome, and the log says so in one line, so
        a missing welcome is explained rather than silent.
        """
        notification = welcome_notification(data)
        if notification is None:
            logger.info("no welcome for user %s: no e-mail address to send it to", data.id)
            return
        await self._sender.send(notification)


def provide_event_controller(
    sender: Annotated[Sender, Context(SENDER)],
) -> NotificationsController:
    """The controller for one message, with the sender the app put in the context."""
    return NotificationsController(sender)
