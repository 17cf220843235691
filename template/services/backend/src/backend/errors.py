"""Domain errors: what can go wrong with users, independent of HTTP."""

from __future__ import annotations

from uuid import UUID


class DomainError(Exception):
    """Base of the errors the API turns into a client error with the message as `detail`."""


class UserNotFound(DomainError):  # noqa: N818  (named for the outcome, like HTTP 404)
    """No user has this id (never existed, or was deleted)."""

    def __init__(self, user_id: UUID) -> None:
        super().__init__(f"user {user_id} not found")
        self.user_id = user_id


class EmailAlreadyRegistered(DomainError):  # noqa: N818  (named for the outcome)
    """Another user already has this email; emails identify users, so they must be unique."""

    def __init__(self, email: str) -> None:
        super().__init__(f"email {email} is already registered")
        self.email = email


class TelegramAccountAlreadyRegistered(DomainError):  # noqa: N818  (named for the outcome)
    """Another user already has this Telegram id: one account per Telegram user."""

    def __init__(self, telegram_id: int) -> None:
        super().__init__(f"telegram account {telegram_id} is already registered")
        self.telegram_id = telegram_id
