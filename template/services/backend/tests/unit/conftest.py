"""The backend as a client sees it, on SQLite, with the broker replaced by FastStream's test broker.

Building the app, its schema and its test broker costs more than most tests themselves, so one
app serves the whole run (every test and fixture shares one event loop, see pyproject.toml) and
each test starts from empty tables and an empty list of events instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from faststream.redis import RedisBroker, TestRedisBroker
from sqlalchemy import Engine, delete, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from backend.app import create_app
from backend.config import Settings
from backend.db import Base, create_engine
from shared.generated.events import subscribe_user_registered
from shared.generated.schemas import UserRead


@event.listens_for(Engine, "connect")
def _skip_fsync(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """The tests' SQLite files are thrown away: durability would only cost fsyncs."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous = OFF")
    cursor.close()


@dataclass
class Api:
    """The running app as a client sees it, plus the events it published."""

    app: FastAPI
    client: httpx.AsyncClient
    events: list[UserRead] = field(default_factory=list)

    async def create_user(self, email: str, name: str = "Ada") -> dict[str, str]:
        response = await self.client.post("/users", json={"email": email, "name": name})
        assert response.status_code == 201, response.text
        body: dict[str, str] = response.json()
        return body

    async def reset(self) -> None:
        """Empty every table and forget the events: what each test starts from."""
        async with self.app.state.sessionmaker() as session:
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(delete(table))
            await session.commit()
        self.events.clear()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'backend.db'}"


async def create_schema(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    await engine.dispose()


@pytest.fixture(scope="session")
async def running_api(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    """The app with its lifespan entered, for the whole run."""
    database_url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('api') / 'backend.db'}"
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
        yield Api(app=app, client=client, events=events)


@pytest.fixture
async def api(running_api: Api) -> Api:
    """The shared app, with no users and no events yet."""
    await running_api.reset()
    return running_api
