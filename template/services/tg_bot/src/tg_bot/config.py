"""The bot's settings, read from the environment (or a `.env` file) once at startup."""

from __future__ import annotations

from pydantic import Field, HttpUrl, SecretStr, field_validator

from shared.settings import RedisSettings


class Settings(RedisSettings):
    """`BOT_TOKEN` (required, from @BotFather), `TELEGRAM_API_URL`, and `REDIS_URL` (shared)."""

    bot_token: SecretStr = Field(examples=["123456789:replace-with-the-token-from-BotFather"])
    """The bot's token, which @BotFather gives when the bot is created."""

    telegram_api_url: HttpUrl = Field(
        default=HttpUrl("https://api.telegram.org"), examples=["https://api.telegram.org"]
    )
    """The Telegram Bot API server; `nox -s e2e` points it at a local fake, and a self-hosted
    Bot API server would go here too."""

    @field_validator("bot_token")
    @classmethod
    def _looks_like_a_token(cls, token: SecretStr) -> SecretStr:
        # Telegram would refuse it only at the first request, with a traceback, not the setting.
        bot_id, _, secret = token.get_secret_value().partition(":")
        if not (bot_id.isdigit() and secret) or any(char.isspace() for char in secret):
            raise ValueError("must look like 123456789:AAE..., as @BotFather gives it")
        return token


def load_settings() -> Settings:
    """Read the settings, or stop the process with one line that names what to fix."""
    return Settings.load()
