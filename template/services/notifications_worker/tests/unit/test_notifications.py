from __future__ import annotations

from collections.abc import Callable

from notifications_worker.notifications import welcome_notification
from shared.generated.schemas import UserRead

EventFactory = Callable[[str], UserRead]


def test_welcome_goes_to_the_users_email(make_event: EventFactory) -> None:
    event = make_event("Ada Lovelace")
    assert welcome_notification(event).recipient == "ada@example.com"


def test_welcome_addresses_the_user_by_name(make_event: EventFactory) -> None:
    notification = welcome_notification(make_event("Grace Hopper"))
    assert notification.subject == "Welcome, Grace Hopper!"
    assert notification.body.startswith("Hi Grace Hopper,")
