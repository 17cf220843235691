"""A generated project's integration sessions on real PostgreSQL and Redis.

Needs a container engine (Docker, or Podman's Docker-compatible socket in DOCKER_HOST), so these
tests carry the `integration` marker and run in `nox -s integration`, which `.ci/run` calls after
starting one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from tests.helpers.projects import run_ok, set_up
from tests.helpers.servers import servers_by_hand

pytestmark = pytest.mark.integration

INTEGRATION_SESSIONS = (
    "integration(shared)",
    "integration(backend)",
    "integration(notifications_worker)",
    "integration(tg_bot)",
)


def containers() -> set[str]:
    """The ids of every container the engine knows, running or not."""
    client = docker.from_env()
    try:
        return {container.id for container in client.containers.list(all=True) if container.id}
    finally:
        client.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return set_up(tmp_path_factory.mktemp("integration") / "demo-shop")


@pytest.fixture
def servers_started_by_hand() -> Iterator[dict[str, str | None]]:
    """A PostgreSQL and a Redis started outside the project, as URLs for its tests."""
    with servers_by_hand() as urls:
        yield {"TEST_POSTGRES_URL": urls.postgres, "TEST_REDIS_URL": urls.redis}


def test_integration_runs_twice_and_leaves_no_container(project: Path) -> None:
    before = containers()
    for _ in range(2):
        output = run_ok(project, "-s", "integration")
        for session in INTEGRATION_SESSIONS:
            assert f"{session}: success" in output
        assert containers() == before, "the integration session left containers behind"


def test_url_mode_needs_no_engine(
    project: Path, servers_started_by_hand: dict[str, str | None]
) -> None:
    # With the engine out of reach, only the given URLs can make these tests pass.
    no_engine = {**servers_started_by_hand, "DOCKER_HOST": f"unix://{project}/no-engine.sock"}
    output = run_ok(project, "-s", "integration", env=no_engine)
    for session in INTEGRATION_SESSIONS:
        assert f"{session}: success" in output
