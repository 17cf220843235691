from __future__ import annotations

from shared.generated.schemas import UserRead
from tests.unit.conftest import Api


async def test_create_announces_the_new_user(api: Api) -> None:
    created = await api.create_user("Ada@Example.com", name="Ada")
    assert api.events == [UserRead.model_validate(created)]
    assert api.events[0].email == "ada@example.com"


async def test_a_refused_registration_announces_nothing(api: Api) -> None:
    await api.create_user("ada@example.com")
    api.events.clear()

    conflict = await api.client.post("/users", json={"email": "ada@example.com", "name": "Eve"})
    invalid = await api.client.post("/users", json={"email": "nope", "name": "Eve"})

    assert (conflict.status_code, invalid.status_code) == (409, 422)
    assert api.events == []


async def test_updates_and_deletes_announce_nothing(api: Api) -> None:
    created = await api.create_user("ada@example.com")
    api.events.clear()
    await api.client.patch(f"/users/{created['id']}", json={"name": "Ada L."})
    await api.client.delete(f"/users/{created['id']}")
    assert api.events == []
