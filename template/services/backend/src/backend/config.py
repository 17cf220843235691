"""The backend's settings, read from the environment (or a `.env` file) once at startup."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from shared.settings import RedisSettings

# What hosting platforms and `nox -s dev` hand out, and the driver the app's engine uses.
PLAIN_SCHEMES = ("postgresql://", "postgres://")
ASYNC_SCHEME = "postgresql+asyncpg://"


def async_url(url: str) -> str:
    """A plain `postgres://` or `postgresql://` URL in the asyncpg form; any other as it is."""
    for scheme in PLAIN_SCHEMES:
        if url.startswith(scheme):
            return ASYNC_SCHEME + url.removeprefix(scheme)
    return url


class Settings(RedisSettings):
    """`DATABASE_URL` (required), and `REDIS_URL` from shared."""

    database_url: SecretStr = Field(
        examples=["postgresql://postgres:postgres@localhost:5432/backend"]
    )
    """The backend's PostgreSQL database; a plain `postgresql://` URL is used through asyncpg."""

    @field_validator("database_url", mode="before")
    @classmethod
    def _use_the_async_driver(cls, url: object) -> object:
        return async_url(url) if isinstance(url, str) else url
