from __future__ import annotations

from uuid import uuid4

import pytest

from tests.unit.conftest import Api


async def test_get_unknown_user_is_404(api: Api) -> None:
    user_id = uuid4()
    response = await api.client.get(f"/users/{user_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"user {user_id} not found"}


async def test_get_with_a_malformed_id_is_422(api: Api) -> None:
    assert (await api.client.get("/users/42")).status_code == 422


async def test_list_is_empty_without_users(api: Api) -> None:
    response = await api.client.get("/users")
    assert response.status_code == 200
    assert response.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}


async def test_list_returns_users_oldest_first(api: Api) -> None:
    created = [await api.create_user(f"user{n}@example.com", name=f"User {n}") for n in range(5)]
    response = await api.client.get("/users")
    assert response.status_code == 200
    assert response.json()["items"] == created
    assert response.json()["total"] == 5


async def test_limit_and_offset_walk_through_the_pages(api: Api) -> None:
    created = [await api.create_user(f"user{n}@example.com") for n in range(5)]
    pages = []
    for offset in (0, 2, 4):
        response = await api.client.get("/users", params={"limit": 2, "offset": offset})
        assert response.status_code == 200
        page = response.json()
        assert (page["limit"], page["offset"], page["total"]) == (2, offset, 5)
        pages.append(page["items"])
    assert [len(items) for items in pages] == [2, 2, 1]
    assert [user for items in pages for user in items] == created


async def test_offset_past_the_end_gives_an_empty_page(api: Api) -> None:
    await api.create_user("ada@example.com")
    response = await api.client.get("/users", params={"offset": 10})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total"] == 1


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"offset": -1}],
    ids=["limit-zero", "limit-too-big", "limit-not-int", "negative-offset"],
)
async def test_list_rejects_bad_paging(api: Api, params: dict[str, str | int]) -> None:
    assert (await api.client.get("/users", params=params)).status_code == 422


async def test_list_accepts_the_largest_limit(api: Api) -> None:
    response = await api.client.get("/users", params={"limit": 100})
    assert response.status_code == 200
    assert response.json()["limit"] == 100
