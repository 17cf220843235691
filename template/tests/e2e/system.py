"""What the end-to-end scenarios stand on: the running system, and the outside world it talks to.

`nox -s e2e` starts PostgreSQL, Redis and every service as a real process, the bot pointed at a
fake Telegram Bot API and the notifications worker's webhook at a local sink, then runs these
tests with, in the environment: `<SERVICE>_URL` for each HTTP service, `REDIS_URL`,
`SYSTEM_SERVICES` (the services running), `TELEGRAM_FAKE_URL` and `WEBHOOK_SINK_URL`. A
scenario whose services this project does not have is skipped, by design.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import time
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest

RUNNING = set(os.environ.get("SYSTEM_SERVICES", "").split())
TIMEOUT = 20.0
T = TypeVar("T")
Reply = bytes | int | list["Reply"] | None  # what Redis answers
# FastStream's binary message format (v1): this magic, a version, then where the body starts.
FASTSTREAM_MAGIC = b"\x89BIN\r\n\x1a\n"


def needs(*services: str) -> pytest.MarkDecorator:
    """Skip a scenario, saying why, unless all of these services run in this project."""
    missing = sorted(set(services) - RUNNING)
    return pytest.mark.skipif(bool(missing), reason=f"this project runs no {', '.join(missing)}")


def request(method: str, url: str, body: object = None) -> tuple[int, Any]:
    """One JSON request; the status and the decoded body."""
    data = json.dumps(body).encode() if body is not None else None
    message = urllib.request.Request(  # noqa: S310 (the system's own local URLs)
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(message, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read() or b"null")


def eventually(probe: Callable[[], T | None], what: str, timeout: float = TIMEOUT) -> T:
    """The first non-empty answer of `probe`, asked until `timeout`; else the test fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := probe():
            return found
        time.sleep(0.1)
    pytest.fail(f"no {what} within {timeout:.0f} s")


class Telegram:
    """The fake Telegram Bot API: send the bot a message as a user, read what the bot sent."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(
        self, text: str, *, user_id: int, username: str = "ada", first_name: str = "Ada"
    ) -> None:
        body = {
            "text": text,
            "user_id": user_id,
            "chat_id": user_id,
            "username": username,
            "first_name": first_name,
        }
        assert request("POST", f"{self.url}/e2e/messages", body)[0] == 200

    def replies_to(self, chat_id: int) -> list[str]:
        sent = request("GET", f"{self.url}/e2e/sent")[1]
        return [str(call["text"]) for call in sent if int(call["chat_id"]) == chat_id]


class Channel:
    """A Redis pub/sub subscription, read over Redis's own protocol: the test is a consumer."""

    def __init__(self, redis_url: str, channel: str) -> None:
        parts = urlsplit(redis_url)
        self.socket = socket.create_connection((parts.hostname, parts.port or 6379), timeout=5)
        self.stream = self.socket.makefile("rb")
        if parts.password:
            self._call("AUTH", *([parts.username] if parts.username else []), parts.password)
        self._call("SUBSCRIBE", channel)

    def _call(self, *words: str) -> Reply:
        encoded = [word.encode() for word in words]
        command = b"".join(b"$%d\r\n%s\r\n" % (len(word), word) for word in encoded)
        self.socket.sendall(b"*%d\r\n%s" % (len(encoded), command))
        return self._reply()

    def _reply(self) -> Reply:
        line = self.stream.readline().rstrip(b"\r\n")
        kind, rest = line[:1], line[1:]
        if kind == b"*":
            return [self._reply() for _ in range(int(rest))]
        if kind == b"$":
            return self.stream.read(int(rest) + 2)[:-2] if int(rest) >= 0 else None
        if kind == b"-":
            raise RuntimeError(f"Redis refused: {rest.decode()}")
        return rest

    def next_message(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The body of the next message published on the channel, as FastStream sent it."""
        self.socket.settimeout(timeout)
        try:
            reply = self._reply()
        except TimeoutError:
            pytest.fail(f"no message on the channel within {timeout:.0f} s")
        assert isinstance(reply, list), reply
        assert reply[0] == b"message", reply
        assert isinstance(reply[2], bytes), reply
        return decode_faststream(reply[2])

    def close(self) -> None:
        self.stream.close()
        self.socket.close()


def decode_faststream(raw: bytes) -> dict[str, Any]:
    """A FastStream message's JSON body: in its binary format, or its older JSON envelope."""
    if raw.startswith(FASTSTREAM_MAGIC):
        (data_start,) = struct.unpack(">I", raw[14:18])
        body: dict[str, Any] = json.loads(raw[data_start:])
        return body
    envelope = json.loads(raw)
    decoded: dict[str, Any] = json.loads(envelope["data"])
    return decoded
