"""The FastStream application: the generated subscribers, with the sender in the context."""

from __future__ import annotations

from faststream import FastStream
from faststream.redis import RedisBroker

from notifications_worker.controllers.notifications import SENDER
from notifications_worker.generated.subscribers import include_subscribers
from notifications_worker.senders import Sender


def create_app(sender: Sender, broker: RedisBroker | None = None) -> FastStream:
    """Subscribe every operation of spec/ on `broker` (a default one if omitted).

    Each handler's argument is typed by the spec, so FastStream validates each message before
    the controller runs: a malformed one is rejected and logged, the sender is not called,
    and the worker goes on with the next message.
    """
    broker = broker or RedisBroker()
    include_subscribers(broker)
    app = FastStream(broker)
    broker.context.set_global(SENDER, sender)
    return app
