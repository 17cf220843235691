from __future__ import annotations

import pytest

from shared.settings import RedisSettings


def test_redis_url_defaults_to_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert RedisSettings().redis_url == "redis://localhost:6379/0"


def test_redis_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    assert RedisSettings().redis_url == "redis://cache:6380/2"
