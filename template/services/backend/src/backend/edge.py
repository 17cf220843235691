"""The app's edge: what a request meets before any route, and how a bad one is answered.

Each rule answers a request that fuzzing the app from its OpenAPI document (`nox -s contract`)
turned into a server error or into an answer the document does not describe:

- A body larger than `MAX_BODY_BYTES` is refused with 413 as soon as its size is known, instead
  of being read whole into memory.
- A validation error echoes at most `EXCERPT` characters of each bad input, and the answer is
  ASCII JSON: a 200 MB string is not sent back, and a lone surrogate cannot break the encoding.
- A lone surrogate in a JSON string (`"\\ud800"`) is no Unicode text and no database stores it:
  422, like any other malformed JSON.
- A body that is not UTF-8 is a 422 `json_invalid` too; FastAPI answers 400, which no document
  lists.
- A 405 names in `Allow` every method the path serves; Starlette names only the first route's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024
EXCERPT = 100
METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE")
# FastAPI's words when a body cannot be decoded at all (not UTF-8, for instance).
UNPARSABLE_BODY = "There was an error parsing the body"
# A JSON escape: `\uXXXX` (group 1) or a backslash and any one character.
_ESCAPE = re.compile(rb"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_HIGH, _LOW = range(0xD800, 0xDC00), range(0xDC00, 0xE000)


def install_edge(app: FastAPI) -> None:
    """Add the rules above to the app."""
    app.add_middleware(BodyGuard)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)


def json_response(
    content: object, status_code: int, headers: dict[str, str] | None = None
) -> Response:
    """JSON with every non-ASCII character escaped, so any text, even a lone surrogate, encodes."""
    body = json.dumps(content, ensure_ascii=True, separators=(",", ":"))
    return Response(body, status_code, headers, media_type="application/json")


def invalid_body(message: str) -> Response:
    """The 422 FastAPI gives malformed JSON, for a body that never got that far."""
    detail = [{"type": "json_invalid", "loc": ["body"], "msg": message, "input": None}]
    return json_response({"detail": detail}, status.HTTP_422_UNPROCESSABLE_CONTENT)


# Validation and HTTP errors ------------------------------------------------------------------


async def validation_error(_request: Request, error: Exception) -> Response:
    """FastAPI's 422 with each input and context value cut to an excerpt."""
    assert isinstance(error, RequestValidationError)
    detail = [_bounded(item) for item in jsonable_encoder(error.errors())]
    return json_response({"detail": detail}, status.HTTP_422_UNPROCESSABLE_CONTENT)


def _bounded(item: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {key: item[key] for key in ("type", "loc", "msg") if key in item}
    if "input" in item:
        shown["input"] = excerpt(item["input"])
    if isinstance(item.get("ctx"), dict):
        shown["ctx"] = {key: excerpt(value) for key, value in item["ctx"].items()}
    return shown


def excerpt(value: object) -> object:
    """A JSON value as it is when short; else the start of its text, marked as cut."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) <= EXCERPT:
        return value
    return f"{text[:EXCERPT]}... ({len(text)} characters)"


async def http_error(request: Request, error: Exception) -> Response:
    """A body FastAPI could not decode is a 422; a 405 lists every method."""
    assert isinstance(error, HTTPException)
    if error.status_code == status.HTTP_400_BAD_REQUEST and error.detail == UNPARSABLE_BODY:
        return invalid_body("the body is not JSON in UTF-8")
    if error.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        allow = ", ".join(allowed_methods(request))
        return json_response({"detail": "Method Not Allowed"}, 405, {"Allow": allow})
    return await http_exception_handler(request, error)


def too_large() -> Response:
    """413, saying what the limit is."""
    detail = f"the request body is larger than {MAX_BODY_BYTES} bytes"
    return json_response({"detail": detail}, status.HTTP_413_CONTENT_TOO_LARGE)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this request's path, asked of the router itself (an
    included router is one route to it, whatever it holds)."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]


# The body: its size, and no lone surrogate ----------------------------------------------------


class BodyGuard:
    """Read a request's body before the app does: at most `MAX_BODY_BYTES` of it (413 beyond,
    as soon as Content-Length or the bytes so far say so), and none with a lone surrogate (422).

    A body that passes is handed on unchanged. FastAPI's own `max_body_size` would do the first
    half, but Starlette answers it in plain text whatever the app says.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "DELETE", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        messages = None if _declared_length(scope) > MAX_BODY_BYTES else await _read(receive)
        if messages is None:
            await too_large()(scope, receive, send)
            return
        if has_lone_surrogate(b"".join(message.get("body", b"") for message in messages)):
            response = invalid_body("the body holds a lone surrogate (\\ud800-\\udfff): no text")
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(messages, receive), send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit():
            return int(value)
    return 0


async def _read(receive: Receive) -> list[Message] | None:
    """The body's messages, or None as soon as they exceed the limit."""
    messages, size = [await receive()], 0
    while True:
        size += len(messages[-1].get("body", b""))
        if size > MAX_BODY_BYTES:
            return None
        if messages[-1]["type"] != "http.request" or not messages[-1].get("more_body", False):
            return messages
        messages.append(await receive())


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


def has_lone_surrogate(body: bytes) -> bool:
    """Whether a JSON text escapes a surrogate that is not half of a pair (`\\ud83d\\ude00`)."""
    if b"\\u" not in body:
        return False
    low_expected_at = None  # where the escape after a high surrogate must start
    for match in _ESCAPE.finditer(body):
        code = int(match[1], 16) if match[1] else -1  # -1: an escape of another kind
        if low_expected_at is not None:
            if match.start() != low_expected_at or code not in _LOW:
                return True
            low_expected_at = None
        elif code in _HIGH:
            low_expected_at = match.end()
        elif code in _LOW:
            return True
    return low_expected_at is not None
