"""Settings every service reads from its environment, and the one way a service loads them.

Each service's settings class (`services/<name>/src/<package>/config.py`) derives from these, and
`nox -s generate` lists its fields in `.env.example`: the field's docstring is the variable's
description, a field without a default is required, a `SecretStr` is a secret, and
`Field(examples=[...])` gives the example (docs/environment.md).
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from the environment, then `.env`; other services' variables are ignored."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", use_attribute_docstrings=True
    )

    @classmethod
    def load(cls, service: str | None = None) -> Self:
        """The settings, or stop the process with one line naming every variable to fix.

        A pydantic traceback at startup buries the one fact an operator needs: which variable.
        `service` names the process in that line; by default, the package the class lives in.
        """
        try:
            return cls()
        except ValidationError as error:
            problems = "; ".join(describe(cls, detail) for detail in error.errors())
            name = service or cls.__module__.partition(".")[0]
            raise SystemExit(
                f"{name} cannot start: {problems}. Set it in the environment or in .env."
            ) from None


def describe(settings: type[BaseSettings], detail: ErrorDetails) -> str:
    """One problem as `NAME is not set` or `NAME <what is wrong>`, never echoing the value."""
    reason = detail["msg"].removeprefix("Value error, ")
    if not detail["loc"]:  # a check across fields: its message names the variables itself
        return reason
    name = variable_name(settings, str(detail["loc"][0]))
    return f"{name} is not set" if detail["type"] == "missing" else f"{name} {reason}"


def variable_name(settings: type[BaseSettings], field: str) -> str:
    """The environment variable of a field: its alias, or `env_prefix` and its name."""
    config: Any = settings.model_config
    info = settings.model_fields.get(field)
    alias = info and (info.validation_alias or info.alias)
    name = alias if isinstance(alias, str) else f"{config.get('env_prefix', '')}{field}"
    return name if config.get("case_sensitive") else name.upper()


class RedisSettings(ServiceSettings):
    """Where the message broker lives, for every service that publishes or consumes events."""

    redis_url: str = "redis://localhost:6379/0"
    """The Redis server that carries the events between services (`redis://host:port/db`)."""
