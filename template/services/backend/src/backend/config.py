"""The backend's settings, read from the environment (or a `.env` file) once at startup."""

from __future__ import annotations

from shared.settings import RedisSettings


class Settings(RedisSettings):
    """`DATABASE_URL` (an async SQLAlchemy URL) and `REDIS_URL` (inherited from shared)."""

    database_url: str = "postgresql+asyncpg://postgres:postgres@localhost:5432/backend"
