"""The users API on real PostgreSQL: CRUD, the unique constraint, ordering and paging."""

from __future__ import annotations

from tests.integration.conftest import Api


async def test_create_read_update_delete(api: Api) -> None:
    assert await api.total() == 0, "an earlier test's rows leaked: rollback failed"
    created = await api.create_user("grace@example.com", "Grace")

    fetched = await api.client.get(f"/users/{created['id']}")
    assert fetched.json() == created

    changed = await api.client.patch(f"/users/{created['id']}", json={"name": "Grace H."})
    assert changed.status_code == 200
    assert changed.json()["name"] == "Grace H."

    deleted = await api.client.delete(f"/users/{created['id']}")
    assert deleted.status_code == 204
    missing = await api.client.get(f"/users/{created['id']}")
    assert missing.status_code == 404


async def test_the_unique_constraint_answers_409_whatever_the_case(api: Api) -> None:
    await api.create_user("linus@example.com", "Linus")
    again = await api.client.post("/users", json={"email": "LINUS@example.com", "name": "L"})
    assert again.status_code == 409
    assert "linus@example.com" in again.json()["detail"]

    other = await api.create_user("ken@example.com", "Ken")
    clash = await api.client.patch(f"/users/{other['id']}", json={"email": "linus@example.com"})
    assert clash.status_code == 409
    assert await api.total() == 2


async def test_pages_follow_registration_order(api: Api) -> None:
    assert await api.total() == 0, "an earlier test's rows leaked: rollback failed"
    emails = [f"user{number}@example.com" for number in range(5)]
    for email in emails:
        await api.create_user(email)

    page = (await api.client.get("/users", params={"limit": 2, "offset": 2})).json()

    assert page["total"] == 5
    assert [user["email"] for user in page["items"]] == emails[2:4]


async def test_telegram_users_keep_their_64_bit_ids_and_register_once(api: Api) -> None:
    telegram_id = 7_123_456_789  # beyond PostgreSQL's INTEGER: the column is a BIGINT
    body = {"telegram_id": telegram_id, "name": "Ada"}
    created = await api.client.post("/telegram/users", json=body)
    assert created.status_code == 201, created.text
    assert (created.json()["telegram_id"], created.json()["email"]) == (telegram_id, None)

    again = await api.client.post("/telegram/users", json=body)
    assert again.status_code == 409
    assert again.json()["detail"] == f"telegram account {telegram_id} is already registered"
    fetched = await api.client.get(f"/users/{created.json()['id']}")
    assert fetched.json() == created.json()
