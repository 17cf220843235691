from __future__ import annotations

import runpy
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from tg_bot.config import Settings, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token or URL from the developer's shell or a local .env file."""
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("TELEGRAM_API_URL", raising=False)
    monkeypatch.chdir(tmp_path)


def test_token_and_redis_url_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABC-def_ghi")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "123456:ABC-def_ghi"
    assert settings.redis_url == "redis://cache:6380/2"


def test_token_is_read_from_a_dotenv_file_and_never_shown(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=123456:from-dotenv\n")
    settings = Settings()
    assert settings.bot_token.get_secret_value() == "123456:from-dotenv"
    assert settings.redis_url == "redis://localhost:6379/0"
    assert "from-dotenv" not in repr(settings)


def test_missing_token_stops_with_one_line_naming_the_variable() -> None:
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    message = str(stopped.value.code)
    assert "BOT_TOKEN is not set" in message
    assert "\n" not in message


def test_malformed_token_is_refused_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "not-a-token-secret")
    with pytest.raises(SystemExit) as stopped:
        load_settings()
    message = str(stopped.value.code)
    assert "BOT_TOKEN must look like 123456789:" in message
    assert "not-a-token-secret" not in message


NO_TOKEN = "tg_bot cannot start: BOT_TOKEN is not set. Set it in the environment or in .env."


def test_the_tg_bot_script_without_a_token_stops_with_one_line() -> None:
    """What `tg-bot` runs, in this process: Python prints the message and exits with 1."""
    (script,) = entry_points(group="console_scripts", name="tg-bot")
    with pytest.raises(SystemExit) as stopped:
        script.load()()
    assert stopped.value.code == NO_TOKEN


def test_python_m_tg_bot_checks_the_settings_as_the_script_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As `python -m` does: a fresh `__main__`, not the module the script's test imported.
    monkeypatch.delitem(sys.modules, "tg_bot.__main__", raising=False)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("tg_bot", run_name="__main__")
    assert stopped.value.code == NO_TOKEN


def test_the_bot_api_server_is_telegrams_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABC-def_ghi")
    assert str(load_settings().telegram_api_url) == "https://api.telegram.org/"
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081")
    assert str(load_settings().telegram_api_url) == "http://127.0.0.1:8081/"
