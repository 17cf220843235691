from __future__ import annotations

from collections.abc import Callable

from notifications_worker.notifications import Notification, welcome_notification
from shared.generated.schemas import UserRead

EventFactory = Callable[[str], UserRead]


def welcome(event: UserRead) -> Notification:
    notification = welcome_notification(event)
    assert notification is not None
    return notification


def test_welcome_goes_to_the_users_email(make_event: EventFactory) -> None:
    assert welcome(make_event("Ada Lovelace")).recipient == "ada@example.com"


def test_welcome_addresses_the_user_by_name(make_event: EventFactory) -> None:
    notification = welcome(make_event("Grace Hopper"))
    assert notification.subject == "Welcome, Grace Hopper!"
    assert notification.body.startswith("Hi Grace Hopper,")


def test_a_user_without_email_has_no_welcome(make_event: EventFactory) -> None:
    from_telegram = make_event("Ada Lovelace").model_copy(update={"email": None})
    assert welcome_notification(from_telegram) is None
