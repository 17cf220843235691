from __future__ import annotations

import pytest

from backend.config import Settings


def test_defaults_point_at_local_services(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+asyncpg://postgres:postgres@localhost:5432/backend"
    assert settings.redis_url == "redis://localhost:6379/0"


def test_urls_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://app:secret@db:5432/app")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+asyncpg://app:secret@db:5432/app"
    assert settings.redis_url == "redis://cache:6380/2"
