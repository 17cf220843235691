from __future__ import annotations

from tests.unit.conftest import Api


async def test_health_says_ok(api: Api) -> None:
    response = await api.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
