"""What the worker tells a user, kept apart from how it is delivered."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.generated.schemas import UserRead


class Notification(BaseModel):
    """A message for one person; every sender knows how to deliver this shape."""

    model_config = ConfigDict(frozen=True)

    recipient: str
    subject: str
    body: str


def welcome_notification(event: UserRead) -> Notification | None:
    """The greeting a user receives once their account exists, at their e-mail address.

    None for a user without one (registered through the Telegram bot): there is nowhere to
    send it, and the bot has already greeted them.
    """
    if event.email is None:
        return None
    return Notification(
        recipient=event.email,
        subject=f"Welcome, {event.name}!",
        body=(
            f"Hi {event.name},\n\n"
            "Your account is ready. Thanks for signing up, we are glad to have you with us."
        ),
    )
