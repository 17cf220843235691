from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from notifications_worker.config import Settings


def test_defaults_log_notifications_and_use_local_redis() -> None:
    settings = Settings()
    assert settings.redis_url == "redis://localhost:6379/0"
    assert settings.notifications_sender == "log"
    assert settings.notifications_webhook_url is None


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    monkeypatch.setenv("NOTIFICATIONS_SENDER", "webhook")
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_URL", "https://hooks.example.com/welcome")
    settings = Settings()
    assert settings.redis_url == "redis://cache:6380/2"
    assert settings.notifications_sender == "webhook"
    assert str(settings.notifications_webhook_url) == "https://hooks.example.com/welcome"


def test_webhook_without_url_fails_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFICATIONS_SENDER", "webhook")
    with pytest.raises(ValidationError, match="NOTIFICATIONS_WEBHOOK_URL is required"):
        Settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [("NOTIFICATIONS_SENDER", "carrier-pigeon"), ("NOTIFICATIONS_WEBHOOK_URL", "not a url")],
)
def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "NOTIFICATIONS_SENDER=webhook\nNOTIFICATIONS_WEBHOOK_URL=https://hooks.example.com/\n"
    )
    settings = Settings()
    assert settings.notifications_sender == "webhook"
    assert str(settings.notifications_webhook_url) == "https://hooks.example.com/"
