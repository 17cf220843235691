"""A real PostgreSQL (migrated once per run) and a real Redis, from `shared.testing`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app import create_app
from backend.config import Settings
from backend.db import create_engine
from backend.dependencies import get_session

ALEMBIC_INI = Path(__file__).parents[2] / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    config = Config(ALEMBIC_INI)
    config.attributes["database_url"] = database_url
    return config


@pytest.fixture(scope="session")
def database_url(postgres_url: str) -> str:
    """This run's database, as the async SQLAlchemy URL the backend reads from DATABASE_URL."""
    return postgres_url.replace("postgresql://", "postgresql+asyncpg://", 1)


@pytest.fixture(scope="session")
def migrated(database_url: str) -> str:
    """The database at the newest migration, the way a deployment leaves it."""
    command.upgrade(alembic_config(database_url), "head")
    return database_url


@dataclass
class Api:
    client: httpx.AsyncClient

    async def create_user(self, email: str, name: str = "Ada") -> dict[str, str]:
        response = await self.client.post("/users", json={"email": email, "name": name})
        assert response.status_code == 201, response.text
        body: dict[str, str] = response.json()
        return body

    async def total(self) -> int:
        response = await self.client.get("/users")
        total: int = response.json()["total"]
        return total


@pytest.fixture
async def api(migrated: str, redis_url: str) -> AsyncIterator[Api]:
    """The real app on the real database, inside a transaction that is rolled back afterwards.

    Requests share one connection whose outer transaction never commits: a request's commit
    only releases a savepoint, so every test starts from the same empty tables.
    """
    app = create_app(Settings(database_url=migrated, redis_url=redis_url))
    engine = create_engine(migrated)
    async with engine.connect() as connection:
        transaction = await connection.begin()

        async def session_in_test_transaction() -> AsyncIterator[AsyncSession]:
            async with AsyncSession(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            ) as session:
                yield session

        app.dependency_overrides[get_session] = session_in_test_transaction
        transport = httpx.ASGITransport(app=app)
        try:
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://backend") as client,
            ):
                yield Api(client)
        finally:
            await transaction.rollback()
    await engine.dispose()
