"""The worker as deployed: settings from the environment, a real Redis broker, the chosen sender.

`faststream run notifications_worker.main:app` imports `app` from here, and so does
`python -m notifications_worker`. A misconfiguration fails at import, before any message is
consumed.
"""

from __future__ import annotations

import logging

import httpx
from faststream import FastStream
from faststream.redis import RedisBroker

from notifications_worker.app import create_app
from notifications_worker.config import Settings
from notifications_worker.senders import build_sender

WEBHOOK_TIMEOUT_SECONDS = 10.0
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_app(settings: Settings, client: httpx.AsyncClient | None = None) -> FastStream:
    """The application for `settings`; the HTTP client is closed when the worker stops."""
    client = client or httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS)
    app = create_app(build_sender(settings, client), RedisBroker(settings.redis_url))
    app.after_shutdown(client.aclose)
    return app


# FastStream configures only its own loggers; this makes the senders' lines visible too.
logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
app = build_app(Settings.load())
