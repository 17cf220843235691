"""PostgreSQL and Redis started by a test itself, as a user would run them outside the project."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from testcontainers.community.postgres import PostgresContainer
from testcontainers.community.redis import RedisContainer


@dataclass(frozen=True)
class ServerUrls:
    postgres: str
    redis: str


@contextmanager
def servers_by_hand() -> Iterator[ServerUrls]:
    """Both servers, from the images the project's own tests use, for the `with` block."""
    postgres_image = os.environ.get("TEST_POSTGRES_IMAGE", "postgres:16-alpine")
    redis_image = os.environ.get("TEST_REDIS_IMAGE", "redis:7-alpine")
    with (
        PostgresContainer(postgres_image, driver=None) as postgres,
        RedisContainer(redis_image) as redis,
    ):
        redis_address = f"{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}"
        yield ServerUrls(postgres.get_connection_url(), f"redis://{redis_address}/0")


@contextmanager
def postgres_by_hand() -> Iterator[str]:
    """A PostgreSQL server's URL for the `with` block."""
    with PostgresContainer(
        os.environ.get("TEST_POSTGRES_IMAGE", "postgres:16-alpine"), driver=None
    ) as postgres:
        yield postgres.get_connection_url()
