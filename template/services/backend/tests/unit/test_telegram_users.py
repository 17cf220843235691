"""Users who come through the Telegram bot: no e-mail, a unique Telegram id."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
import pytest

from shared.generated.schemas import UserRead
from tests.unit.conftest import Api

# Telegram's user ids outgrow 32 bits; this one would not fit a plain INTEGER.
TELEGRAM_ID = 7_123_456_789


async def register(api: Api, telegram_id: int = TELEGRAM_ID, name: str = "Ada") -> httpx.Response:
    body = {"telegram_id": telegram_id, "name": name}
    return await api.client.post("/telegram/users", json=body)


async def test_registering_returns_a_user_without_email(api: Api) -> None:
    response = await register(api)
    assert response.status_code == 201
    body = response.json()
    assert UUID(body["id"])
    assert (body["telegram_id"], body["email"], body["name"]) == (TELEGRAM_ID, None, "Ada")
    assert (await api.client.get(f"/users/{body['id']}")).json() == body


async def test_registering_announces_the_new_user(api: Api) -> None:
    body = (await register(api)).json()
    assert api.events == [UserRead.model_validate(body)]
    assert api.events[0].email is None


async def test_the_same_telegram_account_twice_is_a_conflict_that_names_it(api: Api) -> None:
    await register(api)
    api.events.clear()
    again = await register(api, name="Eve")
    assert again.status_code == 409
    assert again.json() == {"detail": f"telegram account {TELEGRAM_ID} is already registered"}
    assert (await api.client.get("/users")).json()["total"] == 1
    assert api.events == []


async def test_users_from_telegram_and_by_email_live_side_by_side(api: Api) -> None:
    await api.create_user("ada@example.com")
    await register(api, telegram_id=1)
    await register(api, telegram_id=2)
    page = (await api.client.get("/users")).json()
    assert [(user["email"], user["telegram_id"]) for user in page["items"]] == [
        ("ada@example.com", None),
        (None, 1),
        (None, 2),
    ]


async def test_a_telegram_user_may_add_an_email_but_not_a_taken_one(api: Api) -> None:
    await api.create_user("ada@example.com")
    user = (await register(api)).json()
    taken = await api.client.patch(f"/users/{user['id']}", json={"email": "ADA@example.com"})
    assert taken.status_code == 409
    assert taken.json() == {"detail": "email ada@example.com is already registered"}
    added = await api.client.patch(f"/users/{user['id']}", json={"email": "eve@example.com"})
    assert added.status_code == 200
    assert (added.json()["email"], added.json()["telegram_id"]) == ("eve@example.com", TELEGRAM_ID)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Ada"},
        {"telegram_id": 0, "name": "Ada"},
        {"telegram_id": 2**53, "name": "Ada"},
        {"telegram_id": 424242},
        {"telegram_id": 424242, "name": " "},
        {"telegram_id": 424242, "name": "Ada", "email": "ada@example.com"},
    ],
    ids=["no-id", "zero", "beyond-json", "no-name", "blank-name", "with-email"],
)
async def test_registering_refuses_invalid_bodies(api: Api, body: dict[str, Any]) -> None:
    response = await api.client.post("/telegram/users", json=body)
    assert response.status_code == 422
    assert (await api.client.get("/users")).json()["total"] == 0


async def test_signing_up_by_email_still_needs_an_email_and_takes_no_telegram_id(
    api: Api,
) -> None:
    without = await api.client.post("/users", json={"name": "Ada"})
    with_id = await api.client.post(
        "/users", json={"email": "ada@example.com", "name": "Ada", "telegram_id": 1}
    )
    assert (without.status_code, with_id.status_code) == (422, 422)
