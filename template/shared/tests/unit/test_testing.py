"""The integration-test plugin's behaviour that needs no server: URLs, and the no-engine stop."""

from __future__ import annotations

import pytest

from shared.testing import NO_SERVERS, _interrupt, with_database, without_driver

INNER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"
USES_BOTH_SERVERS = """
def test_servers(postgres_server_url, redis_url):
    print("postgres", postgres_server_url)
    print("redis", redis_url)
"""


def test_driver_is_dropped_from_a_sqlalchemy_url() -> None:
    url = "postgresql+asyncpg://app:secret@db:5432/app"
    assert without_driver(url) == "postgresql://app:secret@db:5432/app"


def test_with_database_changes_only_the_database() -> None:
    url = "postgresql://app:secret@db:5432/postgres"
    assert with_database(url, "test_1") == "postgresql://app:secret@db:5432/test_1"


def test_server_urls_from_the_environment_are_used_as_given(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_POSTGRES_URL", "postgresql+asyncpg://u:p@pg.internal:5433/postgres")
    monkeypatch.setenv("TEST_REDIS_URL", "redis://cache.internal:6380/3")
    pytester.makeini(INNER_INI)
    pytester.makepyfile(USES_BOTH_SERVERS)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*postgres postgresql://u:p@pg.internal:5433/postgres",
            "*redis redis://cache.internal:6380/3",
        ]
    )


def test_without_engine_or_urls_the_run_stops_with_both_ways_out(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TEST_POSTGRES_URL", "TEST_REDIS_URL", "TEST_POSTGRES_IMAGE", "TEST_REDIS_IMAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{pytester.path}/no-engine.sock")
    pytester.makeini(INNER_INI)
    pytester.makepyfile(USES_BOTH_SERVERS)
    pytester.makepyfile(test_second=USES_BOTH_SERVERS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.assert_outcomes(errors=1)  # the run stops at the first test, not one error per test
    output = result.stdout.str() + result.stderr.str()
    assert f"no container engine answers (no socket at {pytester.path}/no-engine.sock)" in output
    assert "point DOCKER_HOST at its socket" in output
    assert "set TEST_POSTGRES_URL=" in output
    assert "postgres:16-alpine" in output
    assert "Traceback" not in output


def test_the_guidance_names_the_images_that_would_start() -> None:
    text = NO_SERVERS.format(reason="refused", postgres="pg:15", redis="rd:7")
    assert "starts pg:15 and rd:7" in text


def test_sigterm_becomes_keyboard_interrupt_so_fixtures_tear_down() -> None:
    with pytest.raises(KeyboardInterrupt):
        _interrupt(15, None)
