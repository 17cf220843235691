"""The backend's `POST /telegram/users` at the HTTP layer, for the generated client in unit tests.

`FakeBackend.handle` is an `httpx.MockTransport` handler: the real `BackendClient` builds and
sends real requests (its retries and error mapping included) and gets real responses, only
without a server. It keeps who registered and answers 409 when they come again, as the backend
does; `fail_next` makes the next attempts fail with an exception or an error status first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

import httpx

from tg_bot.generated.clients.backend import BackendClient

Failure = httpx.TransportError | int


class FakeBackend:
    """Registered Telegram users in memory, every request received, and failures to come."""

    def __init__(self) -> None:
        self.registered: dict[int, dict[str, object]] = {}
        self.requests: list[httpx.Request] = []
        self.failures: list[Failure] = []

    def fail_next(self, *failures: Failure) -> None:
        """Answer the next requests with these, in order: raise an exception, or send a status."""
        self.failures.extend(failures)

    def client(self) -> BackendClient:
        """The generated client on this fake, retrying at once instead of backing off."""
        return BackendClient(
            "http://backend.test", backoff=0, transport=httpx.MockTransport(self.handle)
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, json={"detail": "the fake backend failed, as told"})
        assert (request.method, request.url.path) == ("POST", "/telegram/users"), request
        body = json.loads(request.content)
        telegram_id = int(body["telegram_id"])
        if telegram_id in self.registered:
            detail = f"telegram account {telegram_id} is already registered"
            return httpx.Response(409, json={"detail": detail})
        now = datetime.now(UTC).isoformat()
        user = {"id": str(uuid4()), "email": None, "created_at": now, "updated_at": now, **body}
        self.registered[telegram_id] = user
        return httpx.Response(201, json=user)
