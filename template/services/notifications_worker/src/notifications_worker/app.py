"""The FastStream application: one subscriber that welcomes every registered user."""

from __future__ import annotations

from faststream import FastStream
from faststream.redis import RedisBroker

from notifications_worker.notifications import welcome_notification
from notifications_worker.senders import Sender
from shared.events import USER_REGISTERED, UserRegistered


def create_app(sender: Sender, broker: RedisBroker | None = None) -> FastStream:
    """Wire the `user_registered` subscriber to `sender` on `broker` (a default one if omitted).

    The subscriber's argument is typed `UserRegistered`, so FastStream validates each message
    before the handler runs: a malformed one is rejected and logged, the sender is not called,
    and the worker goes on with the next message.
    """
    broker = broker or RedisBroker()

    @broker.subscriber(USER_REGISTERED.channel)
    async def welcome(event: UserRegistered) -> None:
        await sender.send(welcome_notification(event))

    return FastStream(broker)
