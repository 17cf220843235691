"""`nox -s e2e` in generated projects: every service a real process, scenarios across them.

Needs a container engine for PostgreSQL and Redis (the `integration` marker: `nox -s
integration` runs it, and `.ci/run` calls that). Afterwards no process of the project and no
container of its own may be left, and the tree is as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.containers.test_run_the_system import containers_named, service_processes, volumes_named
from tests.helpers.projects import git, run_ok, set_up

pytestmark = pytest.mark.integration


def test_the_full_project_runs_its_scenarios_and_leaves_nothing(tmp_path: Path) -> None:
    project = set_up(tmp_path / "demo-shop")
    output = run_ok(project, "-s", "e2e", "--", "-s")
    assert "5 passed" in output
    scenarios = (
        "feedback: Telegram to Redis and back in",
        "welcome: API to webhook in",
        "registration: Telegram to the backend and back in",
    )
    for scenario in scenarios:
        timing = re.search(rf"{scenario} ([\d.]+) s", output)
        assert timing, f"no {scenario!r} line in:\n{output[-3000:]}"
        print(f"{scenario} {timing.group(1)} s")
    assert service_processes(project) == [], "a service outlived `nox -s e2e`"
    assert containers_named("demo-shop-") == [], "a container outlived `nox -s e2e`"
    assert volumes_named("demo-shop-") == [], "e2e made or used the dev database's volume"
    assert git(project, "status", "--porcelain") == ""


def test_without_the_bot_its_scenarios_are_skipped_by_design(tmp_path: Path) -> None:
    project = set_up(tmp_path / "api-only", ["backend", "notifications"])
    output = run_ok(project, "-s", "e2e", "--", "-rs")
    assert "1 passed, 4 skipped" in output
    assert "this project runs no tg_bot" in output
    assert service_processes(project) == []
