"""The plugin against real servers (a database and a key prefix per run, both cleaned up), and
its report of an engine that does not answer."""

from __future__ import annotations

import re
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis

from shared.testing import engine_problem

INNER_RUN = """
import asyncpg
from redis.asyncio import Redis


async def test_leaves_traces(postgres_url, redis_url, redis_key_prefix):
    connection = await asyncpg.connect(postgres_url)
    try:
        await connection.execute("CREATE TABLE visits (id int)")
        name = await connection.fetchval("SELECT current_database()")
    finally:
        await connection.close()
    async with Redis.from_url(redis_url) as redis:
        await redis.set(f"{redis_key_prefix}visit", "1")
    print("DATABASE", name)
    print("PREFIX", redis_key_prefix)
"""


async def test_each_run_gets_a_database_of_its_own(
    postgres_url: str, postgres_server_url: str
) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        name = await connection.fetchval("SELECT current_database()")
        tables = await connection.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await connection.close()
    assert name.startswith("test_")
    assert postgres_server_url.rsplit("/", 1)[1] != name
    assert tables == 0


async def test_redis_answers_and_the_prefix_is_unique(
    redis_url: str, redis_key_prefix: str
) -> None:
    async with Redis.from_url(redis_url) as redis:
        await redis.set(f"{redis_key_prefix}probe", "1")
        assert await redis.get(f"{redis_key_prefix}probe") == b"1"
    assert redis_key_prefix.startswith("test:")


async def test_a_run_drops_its_database_and_keys_afterwards(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    postgres_server_url: str,
    redis_url: str,
) -> None:
    monkeypatch.setenv("TEST_POSTGRES_URL", postgres_server_url)
    monkeypatch.setenv("TEST_REDIS_URL", redis_url)
    pytester.makepyfile(INNER_RUN)
    result = pytester.runpytest_subprocess(
        "-s", "-p", "no:cacheprovider", "-o", "asyncio_mode=auto"
    )
    assert result.ret == 0, result.stdout.str()
    output = result.stdout.str()
    database = re.search(r"DATABASE (\S+)", output)
    prefix = re.search(r"PREFIX (\S+)", output)
    assert database, output
    assert prefix, output

    connection = await asyncpg.connect(postgres_server_url)
    try:
        exists = await connection.fetchval(
            "SELECT count(*) FROM pg_database WHERE datname = $1", database[1]
        )
    finally:
        await connection.close()
    assert exists == 0
    async with Redis.from_url(redis_url) as redis:
        assert [key async for key in redis.scan_iter(match=f"{prefix[1]}*")] == []


def test_an_engine_that_does_not_answer_is_reported_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Here, not in tests/unit: asking an engine imports the docker SDK, which they do without
    (a missing socket, their case, is told apart before that import)."""
    not_a_socket = tmp_path / "engine.sock"
    not_a_socket.write_text("")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{not_a_socket}")
    reason = engine_problem()
    assert reason is not None
    assert "Connection refused" in reason
    assert "\n" not in reason
