"""Alembic environment: runs migrations over the async engine the app itself uses.

The database URL comes from, in order: `config.attributes["database_url"]` (set by code that
drives Alembic), `alembic -x database_url=...`, `sqlalchemy.url` in alembic.ini, and finally
`DATABASE_URL` through the app's `Settings`, which stops with one line when it is not set. A plain
`postgresql://` URL from any of them is used through asyncpg, like the app does.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from alembic.operations.ops import MigrationScript
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from backend import models  # noqa: F401  (registers the tables on Base.metadata)
from backend.config import Settings, async_url
from backend.db import Base, create_engine

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """The URL to migrate, from the most specific source that names one."""
    url = (
        config.attributes.get("database_url")
        or context.get_x_argument(as_dictionary=True).get("database_url")
        or config.get_main_option("sqlalchemy.url")
    )
    return async_url(str(url)) if url else Settings.load().database_url.get_secret_value()


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (`alembic upgrade head --sql`)."""
    context.configure(
        url=database_url(), target_metadata=Base.metadata, literal_binds=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


def skip_empty_revision(
    _context: MigrationContext, _revision: object, directives: list[MigrationScript]
) -> None:
    """Write no revision when autogenerate finds the models and the database equal.

    `nox -s makemigration` then says there is nothing to change, instead of leaving an empty
    revision behind.
    """
    if config.cmd_opts is not None and getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
            directives[:] = []


def run_sync_migrations(connection: Connection) -> None:
    """Run the migrations on one connection (called inside the async engine).

    Autogenerate writes changes to existing tables as batch operations: PostgreSQL runs them as
    plain `ALTER TABLE`s, while SQLite (the unit tests') can alter a column or a constraint only
    by copying the table, which batch mode does.
    """
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=True,
        process_revision_directives=skip_empty_revision,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    """Connect with the app's async driver and migrate."""
    engine = create_engine(database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_sync_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
