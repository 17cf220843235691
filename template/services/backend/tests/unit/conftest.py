from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from faststream.redis import RedisBroker, TestRedisBroker

from backend.app import create_app
from backend.config import Settings
from backend.db import Base, create_engine
from shared.generated.events import subscribe_user_registered
from shared.generated.schemas import UserRead


@dataclass
class Api:
    """The running app as a client sees it, plus the events it published."""

    client: httpx.AsyncClient
    events: list[UserRead] = field(default_factory=list)

    async def create_user(self, email: str, name: str = "Ada") -> dict[str, str]:
        response = await self.client.post("/users", json={"email": email, "name": name})
        assert response.status_code == 201, response.text
        body: dict[str, str] = response.json()
        return body


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'backend.db'}"


async def create_schema(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    await engine.dispose()


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[Api]:
    await create_schema(database_url)
    app = create_app(Settings(database_url=database_url, redis_url="redis://unused:6379/0"))
    broker: RedisBroker = app.state.broker
    events: list[UserRead] = []

    @subscribe_user_registered(broker)
    async def collect(message: UserRead) -> None:
        events.append(message)

    transport = httpx.ASGITransport(app=app)
    async with (
        TestRedisBroker(broker),
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://backend") as client,
    ):
        yield Api(client=client, events=events)
