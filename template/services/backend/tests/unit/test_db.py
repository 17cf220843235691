from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import sqlite

from backend.db import UTCDateTime, create_engine

PARIS = timezone(timedelta(hours=1))
# Building an engine connects to nothing; it only picks the asyncpg dialect.
ASYNCPG = create_engine("postgresql+asyncpg://localhost/backend").dialect


def test_timestamps_are_stored_in_utc() -> None:
    stored = UTCDateTime().process_bind_param(
        datetime(2026, 1, 1, 13, tzinfo=PARIS), sqlite.dialect()
    )
    assert stored == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert stored is not None
    assert stored.tzinfo is UTC


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1, 12), sqlite.dialect())


def test_sqlite_values_read_back_as_utc() -> None:
    loaded = UTCDateTime().process_result_value(datetime(2026, 1, 1, 12), sqlite.dialect())
    assert loaded == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert loaded is not None
    assert loaded.tzinfo is UTC


def test_postgresql_values_read_back_as_utc() -> None:
    loaded = UTCDateTime().process_result_value(datetime(2026, 1, 1, 13, tzinfo=PARIS), ASYNCPG)
    assert loaded == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert loaded is not None
    assert loaded.tzinfo is UTC


def test_null_stays_null() -> None:
    assert UTCDateTime().process_bind_param(None, sqlite.dialect()) is None
    assert UTCDateTime().process_result_value(None, sqlite.dialect()) is None
