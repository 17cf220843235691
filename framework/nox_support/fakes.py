"""The outside world for `nox -s e2e`: a fake Telegram Bot API and a webhook sink, on 127.0.0.1.

The services run for real and talk to these as they would to Telegram and to a notification
provider; the tests drive them over HTTP:

    POST {TELEGRAM_FAKE_URL}/e2e/messages   {"text": "/feedback ...", "chat_id": 1, "user_id": 2}
                                            a user sends the bot a message (the next getUpdates)
    GET  {TELEGRAM_FAKE_URL}/e2e/sent       what the bot sent (sendMessage calls), oldest first
    GET  {WEBHOOK_SINK_URL}/e2e/received    every JSON body POSTed to the sink, oldest first

The bot side of the fake answers `getMe`, `getUpdates` (a long poll that returns as soon as a
message is queued), `sendMessage`, `setMyCommands`, `deleteWebhook` and any other method with
`true`. Both servers are threads of the nox process, so they end with it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_TOKEN = "123456789:e2e-fake-token"  # noqa: S105 (a token only the fake accepts)
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "E2E", "username": "e2e_bot"}
LONG_POLL_CAP = 2.0  # seconds a getUpdates waits at most, so the bot stops quickly


class Recorder:
    """What one fake holds, guarded for its request threads."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.received: list[Any] = []
        self.next_update = 1

    def queue_message(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            update = message_update(body, self.next_update)
            self.next_update += 1
            self.updates.append(update)
            self.lock.notify_all()
            return update

    def take_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, LONG_POLL_CAP)
        with self.lock:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
            while not self.updates and (left := deadline - time.monotonic()) > 0:
                self.lock.wait(left)
            return list(self.updates)


def message_update(body: dict[str, Any], update_id: int) -> dict[str, Any]:
    """A private text message as Telegram delivers it, commands marked as commands."""
    text = str(body["text"])
    user_id = int(body.get("user_id", 2002))
    sender = {"id": user_id, "is_bot": False, "first_name": body.get("first_name", "Ada")}
    if body.get("username"):
        sender["username"] = body["username"]
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    message = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": int(body.get("chat_id", user_id)), "type": "private"},
        "from": sender,
        "text": text,
        "entities": entities,
    }
    return {"update_id": update_id, "message": message}


class _Handler(BaseHTTPRequestHandler):
    recorder: Recorder

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the services' own logs say what happened."""

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # A long poll the bot gave up on while stopping: nobody is left to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


class _TelegramHandler(_Handler):
    def do_GET(self) -> None:
        if self.path == "/e2e/sent":
            with self.recorder.lock:
                self._answer(200, list(self.recorder.sent))
        else:
            self._answer(404, {"ok": False, "description": "Not Found"})

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/e2e/messages":
            self._answer(200, self.recorder.queue_message(json.loads(body)))
            return
        token, _, method = self.path.removeprefix("/bot").partition("/")
        if token != BOT_TOKEN:
            self._answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        self._answer(200, {"ok": True, "result": self._call(method, _parameters(self, body))})

    def _call(self, method: str, params: dict[str, Any]) -> object:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            offset = int(params.get("offset", 0))
            return self.recorder.take_updates(offset, float(params.get("timeout", 0)))
        if method == "sendMessage":
            with self.recorder.lock:
                self.recorder.sent.append(params)
                self.recorder.lock.notify_all()
                count = len(self.recorder.sent)
            chat = {"id": int(params["chat_id"]), "type": "private"}
            return {"message_id": count, "date": int(time.time()), "chat": chat, **params}
        return True


def _parameters(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    """A Bot API call's parameters: JSON, or a form whose values are JSON or plain text."""
    kind = handler.headers.get("Content-Type", "")
    if "json" in kind:
        parsed: dict[str, Any] = json.loads(body or b"{}")
        return parsed
    return {key: _json_or_text(value) for key, value in parse_qsl(body.decode())}


def _json_or_text(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


class _SinkHandler(_Handler):
    def do_GET(self) -> None:
        with self.recorder.lock:
            self._answer(200, list(self.recorder.received))

    def do_POST(self) -> None:
        body = self._body()
        with self.recorder.lock:
            self.recorder.received.append(_json_or_text(body.decode(errors="replace")))
        self._answer(200, {"ok": True})


@dataclass(frozen=True)
class Fakes:
    """Where the fakes listen, and the environment for the services and for the tests."""

    telegram_url: str
    sink_url: str

    def service_env(self) -> dict[str, str]:
        """The bot talks to the fake Telegram; the worker POSTs notifications to the sink."""
        return {
            "BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_URL": self.telegram_url,
            "NOTIFICATIONS_SENDER": "webhook",
            "NOTIFICATIONS_WEBHOOK_URL": f"{self.sink_url}/notifications",
        }

    def test_env(self) -> dict[str, str]:
        return {"TELEGRAM_FAKE_URL": self.telegram_url, "WEBHOOK_SINK_URL": self.sink_url}


@contextmanager
def running_fakes() -> Iterator[Fakes]:
    """Both fakes on free ports of 127.0.0.1 for the `with` block, then shut down."""
    servers = [_serve(_TelegramHandler), _serve(_SinkHandler)]
    try:
        urls = [f"http://127.0.0.1:{server.server_address[1]}" for server in servers]
        yield Fakes(urls[0], urls[1])
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _serve(handler: type[_Handler]) -> ThreadingHTTPServer:
    bound = type(handler.__name__, (handler,), {"recorder": Recorder()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), bound)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
