"""/start with the backend: register the Telegram user there, or welcome them back.

The generated `BackendClient` (spec/consumes.yaml) does the HTTP: its time-out, its retries of
a refused connection, and the backend's 409 as `RegisterTelegramUserConflictError`. This module
decides what each outcome means to the person in the chat. The application keeps one client
for its whole life in `bot_data[BACKEND]`, as it keeps the broker.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx
from telegram import User

from shared.generated.schemas import UserTelegramCreate
from tg_bot.generated.clients.backend import (
    BackendClient,
    BackendError,
    RegisterTelegramUserConflictError,
)

BACKEND = "backend"  # where the application keeps its BackendClient in `bot_data`
NAME_MAX_LENGTH = 200  # the backend's limit on a user's name (shared/spec/models.yaml)
REGISTERED = "Hello, {name}! You are registered. I pass your feedback on to the team. Send /help."
WELCOME_BACK = "Welcome back, {name}! Send /help to see what I can do."
UNAVAILABLE = (
    "Hello, {name}! I cannot register you with the team's server right now."
    " Please send /start again in a few minutes."
)

logger = logging.getLogger(__name__)


def backend_of(bot_data: Mapping[Any, object]) -> BackendClient:
    """The application's client of the backend; a missing one is a wiring mistake, said so."""
    backend = bot_data.get(BACKEND)
    if not isinstance(backend, BackendClient):
        raise TypeError(f"bot_data[{BACKEND!r}] must hold a BackendClient, not {backend!r}")
    return backend


async def register(backend: BackendClient, user: User) -> str:
    """Register `user` and return the reply: welcome, welcome back, or try again later.

    A backend that cannot be reached (after the client's retries) or answers anything but
    success or 409 gets a friendly reply here and one log line naming the user and the reason;
    the user can send /start again.
    """
    name = display_name(user)
    try:
        await backend.register_telegram_user(UserTelegramCreate(telegram_id=user.id, name=name))
    except RegisterTelegramUserConflictError:
        return WELCOME_BACK.format(name=user.first_name)
    except (httpx.TransportError, BackendError) as error:
        reason = str(error) or type(error).__name__
        logger.warning("could not register Telegram user %s with the backend: %s", user.id, reason)
        return UNAVAILABLE.format(name=user.first_name)
    return REGISTERED.format(name=user.first_name)


def display_name(user: User) -> str:
    """The user's Telegram name as the backend takes it: printable characters, single spaces,
    at most `NAME_MAX_LENGTH` characters; `Telegram user <id>` if nothing is left of it."""
    printable = "".join(char if char.isprintable() else " " for char in user.full_name)
    name = " ".join(printable.split())[:NAME_MAX_LENGTH].rstrip()
    return name or f"Telegram user {user.id}"
