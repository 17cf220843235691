"""The generated GitHub workflow follows the noxfile: its per-package jobs are listed at run time.

Slow (renders a project), so marked `slow`. actionlint itself runs for every module combination
in test_template.py.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.projects import git, nox, render, run_ok
from tests.helpers.workflow import WORKFLOW, load, nox_commands, run_step

PACKAGES = ("shared", "backend", "notifications_worker", "tg_bot")
NEW_SERVICE = """\
[project]
name = "payments"
version = "0.1.0"
requires-python = ">=3.11"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(
        tmp_path_factory.mktemp("ci") / "demo-shop", ["backend", "tg_bot", "notifications"]
    )


@pytest.fixture
def new_service(project: Path) -> Iterator[Path]:
    """`services/payments/` with nothing but a pyproject: enough for nox to see a service."""
    service = project / "services" / "payments"
    service.mkdir()
    (service / "pyproject.toml").write_text(NEW_SERVICE)
    yield service
    shutil.rmtree(service)


def matrix(project: Path, tmp_path: Path) -> list[str]:
    """The session list the `sessions` job hands to the `services` matrix, from its own script."""
    outputs = run_step(project, "sessions", "list", tmp_path / "github_output")
    sessions = json.loads(outputs["sessions"])
    assert isinstance(sessions, list)
    return sessions


def test_the_matrix_has_one_job_per_package_typecheck_and_test_and_per_api_contract(
    project: Path, tmp_path: Path
) -> None:
    expected = {f"{name}({package})" for name in ("typecheck", "test") for package in PACKAGES}
    expected.add("contract(backend)")
    assert set(matrix(project, tmp_path)) == expected
    services = load(project)["jobs"]["services"]
    assert services["needs"] == "sessions"
    assert services["strategy"]["fail-fast"] is False


def test_a_new_service_gets_its_jobs_without_a_workflow_edit(
    project: Path, new_service: Path, tmp_path: Path
) -> None:
    sessions = matrix(project, tmp_path)
    assert {"typecheck(payments)", "test(payments)"} <= set(sessions)
    assert git(project, "status", "--porcelain", "--", str(WORKFLOW)) == ""


def test_every_session_the_workflow_names_exists(project: Path) -> None:
    commands = nox_commands(project)
    assert "nox -s setup" in commands
    assert "nox -s integration" in commands
    for command in commands:
        listed = run_ok(project, *shlex.split(command)[1:], "-l", "--json")
        assert json.loads(listed), f"`{command}` selects no session"
    missing = nox(project, "-s", "no-such-session", "-l", "--json")
    assert missing.returncode != 0, "nox lists sessions that do not exist: this test proves nothing"


def test_the_workflow_installs_the_nox_the_noxfile_asks_for(project: Path) -> None:
    needs = re.search(r'^nox\.needs_version = "(.+)"$', (project / "noxfile.py").read_text(), re.M)
    assert needs is not None, "the noxfile does not set nox.needs_version"
    assert load(project)["env"]["NOX_REQUIREMENT"] == f"nox{needs.group(1)}"
