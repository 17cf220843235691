from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from backend.app import create_app
from backend.config import Settings

ALEMBIC_INI = Path(__file__).parents[2] / "alembic.ini"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No URL from the developer's shell or a local .env file."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.chdir(tmp_path)


def test_urls_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://app:secret@db:5432/app")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    settings = Settings.load()
    assert settings.database_url.get_secret_value() == "postgresql+asyncpg://app:secret@db:5432/app"
    assert settings.redis_url == "redis://cache:6380/2"
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    "given",
    ["postgresql://app:secret@db:5432/app", "postgres://app:secret@db:5432/app"],
)
def test_plain_postgres_urls_use_the_async_driver(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert (
        Settings.load().database_url.get_secret_value()
        == "postgresql+asyncpg://app:secret@db:5432/app"
    )


def test_other_drivers_are_kept() -> None:
    settings = Settings(database_url="sqlite+aiosqlite:///backend.db")
    assert settings.database_url.get_secret_value() == "sqlite+aiosqlite:///backend.db"


def test_redis_url_defaults_to_local_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:secret@db/app")
    assert Settings.load().redis_url == "redis://localhost:6379/0"


def test_without_database_url_the_app_stops_with_one_line_naming_it() -> None:
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == (
        "backend cannot start: DATABASE_URL is not set. Set it in the environment or in .env."
    )


def test_without_database_url_migrations_stop_with_one_line_naming_it() -> None:
    with pytest.raises(SystemExit) as stopped:
        command.upgrade(Config(ALEMBIC_INI), "head")
    assert "DATABASE_URL is not set" in str(stopped.value.code)
    assert "\n" not in str(stopped.value.code)
