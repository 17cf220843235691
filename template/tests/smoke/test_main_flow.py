"""The running system's main flow, end to end: `nox -s smoke` starts every service and runs this.

The session hands over where things are: `<SERVICE>_URL` for each HTTP service,
`SYSTEM_SERVICES` (the services running) and `SYSTEM_LOGS` (a directory with one log per
service). A flow whose services this project does not have is skipped, by design.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path
from uuid import uuid4

import pytest

RUNNING = set(os.environ.get("SYSTEM_SERVICES", "").split())
HTTP_SERVICES = sorted(
    name.removesuffix("_URL").lower()
    for name in os.environ
    if name.endswith("_URL") and name.removesuffix("_URL").lower() in RUNNING
)


def request(
    method: str, url: str, body: dict[str, str] | None = None
) -> tuple[int, dict[str, str]]:
    """One JSON request; the status and the decoded body."""
    data = json.dumps(body).encode() if body is not None else None
    message = urllib.request.Request(  # noqa: S310 (the URLs are the local services')
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(message, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read() or b"null")


def wait_for_line(service: str, text: str, timeout: float = 20.0) -> str:
    """The first line of the service's log that contains `text`, waiting for it to appear."""
    log = Path(os.environ["SYSTEM_LOGS"]) / f"{service}.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log.read_text(errors="replace").splitlines():
            if text in line:
                return line
        time.sleep(0.2)
    pytest.fail(f"{service} wrote no line with {text!r} within {timeout:.0f} s ({log})")


@pytest.mark.parametrize(
    "service",
    HTTP_SERVICES or [pytest.param("-", marks=pytest.mark.skip(reason="no HTTP service runs"))],
)
def test_every_http_service_answers_its_health_check(service: str) -> None:
    status, body = request("GET", f"{os.environ[f'{service.upper()}_URL']}/health")
    assert (status, body) == (200, {"status": "ok"})


@pytest.mark.skipif(
    not {"backend", "notifications_worker"} <= RUNNING,
    reason="needs the backend and the notifications worker",
)
def test_a_user_created_over_http_is_welcomed_by_the_worker() -> None:
    email = f"smoke-{uuid4().hex[:12]}@example.com"
    status, user = request(
        "POST", f"{os.environ['BACKEND_URL']}/users", {"email": email, "name": "Smoke"}
    )
    assert status == 201
    assert user["email"] == email
    assert "notification to" in wait_for_line("notifications_worker", email)
