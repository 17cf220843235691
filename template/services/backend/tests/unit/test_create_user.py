from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from tests.unit.conftest import Api


async def test_create_returns_the_new_user(api: Api) -> None:
    before = datetime.now(UTC)
    response = await api.client.post("/users", json={"email": "ada@example.com", "name": "Ada"})

    assert response.status_code == 201
    body = response.json()
    assert UUID(body["id"])
    assert body["email"] == "ada@example.com"
    assert body["name"] == "Ada"
    created_at = datetime.fromisoformat(body["created_at"])
    assert created_at.utcoffset() == timedelta(0)
    assert before <= created_at <= datetime.now(UTC)
    assert body["updated_at"] == body["created_at"]


async def test_created_user_can_be_read_back(api: Api) -> None:
    created = await api.create_user("ada@example.com")
    response = await api.client.get(f"/users/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "name": "Ada"},
        {"email": "ada@example.com"},
        {"name": "Ada"},
        {"email": "ada@example.com", "name": ""},
        {"email": "ada@example.com", "name": "   "},
        {"email": "ada@example.com", "name": "x" * 201},
        {"email": "ada@example.com", "name": "Ada", "role": "admin"},
    ],
    ids=["bad-email", "no-name", "no-email", "empty-name", "blank-name", "long-name", "extra"],
)
async def test_create_rejects_invalid_bodies(api: Api, body: dict[str, str]) -> None:
    response = await api.client.post("/users", json=body)
    assert response.status_code == 422
    assert (await api.client.get("/users")).json()["total"] == 0


async def test_create_refuses_a_name_with_surrounding_spaces(api: Api) -> None:
    response = await api.client.post("/users", json={"email": "ada@example.com", "name": " Ada "})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


async def test_create_refuses_a_registered_email(api: Api) -> None:
    await api.create_user("ada@example.com", name="Ada")
    response = await api.client.post("/users", json={"email": "ada@example.com", "name": "Eve"})
    assert response.status_code == 409
    assert response.json() == {"detail": "email ada@example.com is already registered"}
    assert (await api.client.get("/users")).json()["total"] == 1


async def test_emails_are_stored_lowercase_and_compared_without_case(api: Api) -> None:
    created = await api.create_user("Ada@X.com")
    assert created["email"] == "ada@x.com"

    response = await api.client.post("/users", json={"email": "ada@x.com", "name": "Eve"})
    assert response.status_code == 409
    assert response.json()["detail"] == "email ada@x.com is already registered"
