"""The bot's settings, read from the environment (or a `.env` file) once at startup."""

from __future__ import annotations

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails

from shared.settings import RedisSettings


class Settings(RedisSettings):
    """`BOT_TOKEN` (required, from @BotFather) and `REDIS_URL` (inherited from shared)."""

    bot_token: SecretStr

    @field_validator("bot_token")
    @classmethod
    def _looks_like_a_token(cls, token: SecretStr) -> SecretStr:
        # Telegram would refuse it only at the first request, with a traceback, not the setting.
        bot_id, _, secret = token.get_secret_value().partition(":")
        if not (bot_id.isdigit() and secret) or any(char.isspace() for char in secret):
            raise ValueError("must look like 123456789:AAE..., as @BotFather gives it")
        return token


def load_settings() -> Settings:
    """Read the settings, or stop the process with one line that names what to fix.

    A pydantic traceback at startup buries the one fact an operator needs: which variable.
    """
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(describe(detail) for detail in error.errors())
        raise SystemExit(
            f"tg_bot cannot start: {problems}. Set it in the environment or in .env."
        ) from None


def describe(detail: ErrorDetails) -> str:
    """One problem as `NAME is not set` or `NAME <what is wrong>`, never echoing the value."""
    name = "_".join(str(part) for part in detail["loc"]).upper()
    if detail["type"] == "missing":
        return f"{name} is not set"
    reason = detail["msg"].removeprefix("Value error, ")
    return f"{name} {reason}"
