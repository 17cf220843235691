"""A user created over the API is welcomed: backend, Redis, the worker, and its webhook."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any
from uuid import uuid4

from tests.e2e.system import eventually, needs, request


@needs("backend", "notifications_worker")
def test_a_new_user_gets_the_welcome_through_the_webhook(
    webhook_received: Callable[[], list[Any]],
) -> None:
    started = time.monotonic()
    email = f"e2e-{uuid4().hex[:12]}@example.com"
    status, user = request(
        "POST", f"{os.environ['BACKEND_URL']}/users", {"email": email, "name": "Grace"}
    )
    assert status == 201

    def welcome() -> list[Any]:
        return [body for body in webhook_received() if body.get("recipient") == email]

    delivered = eventually(welcome, f"welcome for {email} at the webhook")
    assert delivered == [
        {
            "recipient": email,
            "subject": "Welcome, Grace!",
            "body": delivered[0]["body"],
        }
    ]
    assert "Your account is ready" in delivered[0]["body"]
    assert request("GET", f"{os.environ['BACKEND_URL']}/users/{user['id']}")[1] == user
    print(f"welcome: API to webhook in {time.monotonic() - started:.2f} s")
