from __future__ import annotations

from datetime import datetime
from uuid import uuid4

import pytest

from tests.unit.conftest import Api


async def test_patch_changes_only_the_given_fields(api: Api) -> None:
    created = await api.create_user("ada@example.com", name="Ada")
    response = await api.client.patch(f"/users/{created['id']}", json={"name": "Ada Lovelace"})

    assert response.status_code == 200
    updated = response.json()
    assert updated["name"] == "Ada Lovelace"
    assert updated["email"] == "ada@example.com"
    assert updated["created_at"] == created["created_at"]
    assert datetime.fromisoformat(updated["updated_at"]) > datetime.fromisoformat(
        created["updated_at"]
    )
    assert (await api.client.get(f"/users/{created['id']}")).json() == updated


async def test_patch_lowercases_a_new_email(api: Api) -> None:
    created = await api.create_user("ada@example.com")
    response = await api.client.patch(f"/users/{created['id']}", json={"email": "Ada@Lovelace.org"})
    assert response.status_code == 200
    assert response.json()["email"] == "ada@lovelace.org"


async def test_patch_may_keep_the_users_own_email(api: Api) -> None:
    created = await api.create_user("ada@example.com")
    response = await api.client.patch(f"/users/{created['id']}", json={"email": "ADA@example.com"})
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"


async def test_patch_unknown_user_is_404(api: Api) -> None:
    user_id = uuid4()
    response = await api.client.patch(f"/users/{user_id}", json={"name": "Ada"})
    assert response.status_code == 404
    assert response.json() == {"detail": f"user {user_id} not found"}


async def test_patch_to_another_users_email_is_409(api: Api) -> None:
    await api.create_user("ada@example.com", name="Ada")
    eve = await api.create_user("eve@example.com", name="Eve")

    response = await api.client.patch(f"/users/{eve['id']}", json={"email": "Ada@Example.com"})

    assert response.status_code == 409
    assert response.json() == {"detail": "email ada@example.com is already registered"}
    assert (await api.client.get(f"/users/{eve['id']}")).json() == eve


@pytest.mark.parametrize(
    "body",
    [{}, {"name": None}, {"email": None, "name": None}],
    ids=["empty", "null-name", "null-both"],
)
async def test_patch_without_a_change_returns_the_user_as_it_is(
    api: Api, body: dict[str, object]
) -> None:
    created = await api.create_user("ada@example.com")
    response = await api.client.patch(f"/users/{created['id']}", json=body)
    assert response.status_code == 200
    assert response.json() == created


async def test_patch_leaves_a_null_field_as_it_is_and_changes_the_other(api: Api) -> None:
    created = await api.create_user("ada@example.com", name="Ada")
    response = await api.client.patch(
        f"/users/{created['id']}", json={"email": None, "name": "Ada Lovelace"}
    )
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"
    assert response.json()["name"] == "Ada Lovelace"


@pytest.mark.parametrize("body", [{"name": ""}, {"email": "nope"}], ids=["empty-name", "bad-email"])
async def test_patch_rejects_invalid_values(api: Api, body: dict[str, object]) -> None:
    created = await api.create_user("ada@example.com")
    response = await api.client.patch(f"/users/{created['id']}", json=body)
    assert response.status_code == 422
    assert (await api.client.get(f"/users/{created['id']}")).json() == created


async def test_delete_removes_the_user(api: Api) -> None:
    created = await api.create_user("ada@example.com")

    response = await api.client.delete(f"/users/{created['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert (await api.client.get(f"/users/{created['id']}")).status_code == 404
    assert (await api.client.delete(f"/users/{created['id']}")).status_code == 404


async def test_a_deleted_users_email_can_register_again(api: Api) -> None:
    created = await api.create_user("ada@example.com")
    await api.client.delete(f"/users/{created['id']}")
    again = await api.create_user("ada@example.com")
    assert again["id"] != created["id"]
