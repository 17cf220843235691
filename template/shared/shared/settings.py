"""Settings every service reads from its environment."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class RedisSettings(BaseSettings):
    """Where the message broker lives: `REDIS_URL`, e.g. `redis://localhost:6379/0`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    redis_url: str = "redis://localhost:6379/0"
