"""The FastStream application: one subscriber that welcomes every registered user."""

from __future__ import annotations

from faststream import FastStream
from faststream.redis import RedisBroker

from notifications_worker.notifications import welcome_notification
from notifications_worker.senders import Sender
from shared.generated.events import subscribe_user_registered
from shared.generated.schemas import UserRead


def create_app(sender: Sender, broker: RedisBroker | None = None) -> FastStream:
    """Wire the `user_registered` subscriber to `sender` on `broker` (a default one if omitted).

    The subscriber's argument is typed `UserRead`, so FastStream validates each message
    before the handler runs: a malformed one is rejected and logged, the sender is not called,
    and the worker goes on with the next message.
    """
    broker = broker or RedisBroker()

    @subscribe_user_registered(broker)
    async def welcome(event: UserRead) -> None:
        await sender.send(welcome_notification(event))

    return FastStream(broker)
