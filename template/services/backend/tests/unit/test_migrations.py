from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.config import main as alembic_main
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect

from backend import models  # noqa: F401  (registers the tables on Base.metadata)
from backend.db import Base

ALEMBIC_INI = Path(__file__).parents[2] / "alembic.ini"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "migrated.db"


def alembic_config(database: Path) -> Config:
    config = Config(ALEMBIC_INI)
    config.attributes["database_url"] = f"sqlite+aiosqlite:///{database}"
    return config


def sync_engine(database: Path) -> Engine:
    return create_engine(f"sqlite:///{database}")


def test_upgrade_head_builds_the_schema_of_the_models(database: Path) -> None:
    command.upgrade(alembic_config(database), "head")

    engine = sync_engine(database)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        unique = inspect(connection).get_unique_constraints("users")
        checks = inspect(connection).get_check_constraints("users")
    engine.dispose()
    assert [constraint["column_names"] for constraint in unique] == [["email"], ["telegram_id"]]
    # Alembic does not compare check constraints, so the revision's own is asserted here.
    assert [check["name"] for check in checks] == ["ck_users_reachable"]


def test_downgrade_base_drops_the_schema(database: Path) -> None:
    config = alembic_config(database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")

    engine = sync_engine(database)
    with engine.connect() as connection:
        assert inspect(connection).get_table_names() == ["alembic_version"]
    engine.dispose()


def test_command_line_takes_the_database_url_as_x_argument(database: Path) -> None:
    url = f"sqlite+aiosqlite:///{database}"
    alembic_main(["-c", str(ALEMBIC_INI), "-x", f"database_url={url}", "upgrade", "head"])

    engine = sync_engine(database)
    with engine.connect() as connection:
        assert "users" in inspect(connection).get_table_names()
    engine.dispose()


def test_database_url_defaults_to_the_environment(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    command.upgrade(Config(ALEMBIC_INI), "head")

    engine = sync_engine(database)
    with engine.connect() as connection:
        assert "users" in inspect(connection).get_table_names()
    engine.dispose()


def test_offline_mode_prints_the_sql_for_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    config = Config(ALEMBIC_INI)
    config.attributes["database_url"] = "postgresql://nobody@nowhere.invalid/backend"
    command.upgrade(config, "head", sql=True)  # offline: nothing connects
    sql = capsys.readouterr().out
    assert "CREATE TABLE users" in sql
    assert "CONSTRAINT uq_users_email UNIQUE (email)" in sql
    assert "ALTER TABLE users ADD COLUMN telegram_id BIGINT" in sql
    assert "CHECK (email IS NOT NULL OR telegram_id IS NOT NULL)" in sql
