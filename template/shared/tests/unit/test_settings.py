from __future__ import annotations

from pathlib import Path
from typing import Self

import pytest
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import RedisSettings, ServiceSettings


class NeedsSecrets(ServiceSettings):
    api_token: SecretStr
    """A token."""

    port: int = 8080
    """A port."""


class Prefixed(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="shop_")

    api_token: SecretStr
    """A token."""

    region: str = Field(default="eu", alias="CLOUD_REGION")
    """A region."""

    @model_validator(mode="after")
    def _known_region(self) -> Self:
        if self.region not in ("eu", "us"):
            raise ValueError("CLOUD_REGION must be eu or us")
        return self


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable from the developer's shell or a local .env file."""
    for name in ("REDIS_URL", "API_TOKEN", "PORT", "SHOP_API_TOKEN", "CLOUD_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_redis_url_defaults_to_localhost() -> None:
    assert RedisSettings.load().redis_url == "redis://localhost:6379/0"


def test_redis_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6380/2")
    assert RedisSettings.load().redis_url == "redis://cache:6380/2"


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("API_TOKEN=from-dotenv\nOTHER_SERVICE_VARIABLE=ignored\n")
    assert NeedsSecrets.load().api_token.get_secret_value() == "from-dotenv"


def test_every_problem_is_named_in_one_line_without_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(SystemExit) as stopped:
        NeedsSecrets.load("shop")
    message = str(stopped.value.code)
    assert message.startswith("shop cannot start: API_TOKEN is not set; PORT Input should be")
    assert message.endswith(". Set it in the environment or in .env.")
    assert "not-a-port" not in message
    assert "\n" not in message


def test_the_process_is_named_after_the_settings_package_by_default() -> None:
    with pytest.raises(SystemExit, match=r"^tests cannot start: API_TOKEN is not set"):
        NeedsSecrets.load()


def test_problems_name_prefixed_and_aliased_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit, match="SHOP_API_TOKEN is not set"):
        Prefixed.load()
    monkeypatch.setenv("SHOP_API_TOKEN", "token")
    monkeypatch.setenv("CLOUD_REGION", "mars")
    with pytest.raises(SystemExit, match=r"cannot start: CLOUD_REGION must be eu or us\. Set"):
        Prefixed.load()


def test_field_docstrings_are_the_descriptions() -> None:
    assert RedisSettings.model_fields["redis_url"].description == (
        "The Redis server that carries the events between services (`redis://host:port/db`)."
    )
