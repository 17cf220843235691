"""Alembic against real PostgreSQL: up, down and up again, matching the ORM models."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from backend import models  # noqa: F401  (registers the tables on Base.metadata)
from backend.db import Base, create_engine
from tests.integration.conftest import alembic_config


def schema_report(connection: Connection) -> tuple[list[str], list[object]]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return sorted(inspect(connection).get_table_names()), compare_metadata(context, Base.metadata)


async def inspect_schema(database_url: str) -> tuple[list[str], list[object]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(schema_report)
    finally:
        await engine.dispose()


def test_migrations_go_down_to_nothing_and_back_to_the_models(migrated: str) -> None:
    config = alembic_config(migrated)

    command.downgrade(config, "base")
    tables, _ = asyncio.run(inspect_schema(migrated))
    assert tables == ["alembic_version"]

    command.upgrade(config, "head")
    tables, differences = asyncio.run(inspect_schema(migrated))
    assert tables == ["alembic_version", "users"]
    assert differences == []


async def execute(database_url: str, statement: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def test_downgrading_past_telegram_users_is_refused_and_changes_nothing(migrated: str) -> None:
    """0001 requires an email: a user without one stops the downgrade, which rolls back."""
    insert = (
        "INSERT INTO users (id, telegram_id, name, created_at, updated_at)"
        " VALUES (gen_random_uuid(), 42, 'Ada', now(), now())"
    )
    asyncio.run(execute(migrated, insert))
    try:
        with pytest.raises(IntegrityError, match="email"):
            command.downgrade(alembic_config(migrated), "0001")
        tables, differences = asyncio.run(inspect_schema(migrated))
        assert (tables, differences) == (["alembic_version", "users"], [])
    finally:
        asyncio.run(execute(migrated, "DELETE FROM users WHERE telegram_id = 42"))
