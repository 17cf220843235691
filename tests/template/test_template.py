"""Render the template and drive the generated projects through their own sessions.

These tests are slow (minutes: every project gets real uv venvs, mypy and pytest runs), so they
carry the `slow` marker and run in `nox -s template`, not in `nox -s tests`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.documented import assert_documented_commands_are_valid
from tests.helpers.projects import (
    git,
    hadolint,
    render,
    run_fails,
    run_ok,
    set_up,
    with_python_on_path,
)
from tests.helpers.workflow import actionlint

EVERYDAY_SESSIONS = ("setup", "lint", "check-generated", "complexity", "typecheck", "test")
MODULE_SETS = {
    "full": ["backend", "tg_bot", "notifications"],
    "tg_bot": ["tg_bot"],
    "backend": ["backend"],
    # The bot with and without its client of the backend (its /start registers users there).
    "bot_and_backend": ["backend", "tg_bot"],
    "bot_and_worker": ["tg_bot", "notifications"],
}
SERVICE_DIRS = {"backend": "backend", "tg_bot": "tg_bot", "notifications": "notifications_worker"}


def venv_state(project: Path) -> dict[str, float]:
    """Every installed distribution in every venv, with the time it was last written."""
    packages = [project, project / "shared", *project.glob("services/*")]
    return {
        str(path.relative_to(project)): path.stat().st_mtime
        for package in packages
        for path in package.glob(".venv/lib/python*/site-packages/*.dist-info")
    }


@pytest.fixture(scope="module")
def full_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with every module, set up once for the tests that probe its behaviour."""
    return set_up(tmp_path_factory.mktemp("full") / "demo-shop", MODULE_SETS["full"])


# Every module set on the oldest Python offered, and the full project on every newer one.
CASES = [(name, modules, "3.11") for name, modules in MODULE_SETS.items()]
CASES += [("full", MODULE_SETS["full"], version) for version in ("3.12", "3.13")]


def venv_versions(project: Path) -> dict[str, str]:
    """Each venv's Python version as its pyvenv.cfg records it."""
    found = {}
    packages = [project, project / "shared", *sorted(project.glob("services/*"))]
    for config in (package / ".venv" / "pyvenv.cfg" for package in packages):
        fields = dict(
            line.split(" = ", 1) for line in config.read_text().splitlines() if " = " in line
        )
        found[str(config.parent.parent.relative_to(project))] = fields["version_info"]
    return found


@pytest.mark.parametrize(
    ("modules", "python"),
    [(modules, python) for _, modules, python in CASES],
    ids=[f"{name}-py{python}" for name, _, python in CASES],
)
def test_generated_project_passes_its_everyday_sessions(
    modules: list[str], python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_python_on_path(monkeypatch, python)
    project = render(tmp_path / f"project-{'-'.join(modules)}", modules, python)
    actionlint(project)
    hadolint(*project.glob("services/*/Dockerfile"))
    assert_documented_commands_are_valid(project)
    for session in EVERYDAY_SESSIONS:
        run_ok(project, "-s", session)
    versions = venv_versions(project)
    assert len(versions) == len(modules) + 2, versions  # the root, shared and each service
    assert {version.rsplit(".", 1)[0] for version in versions.values()} == {python}, versions
    assert git(project, "status", "--porcelain") == "", "the sessions changed tracked files"
    services = sorted(path.name for path in (project / "services").iterdir())
    assert services == sorted(SERVICE_DIRS[module] for module in modules)


def test_every_session_is_listed_with_a_description(full_project: Path) -> None:
    listing = run_ok(full_project, "-l")
    described = dict(
        line[2:].split(" -> ", 1) for line in listing.splitlines() if line[:2] in {"* ", "- "}
    )
    names = {name.split(" [")[0]: text for name, text in described.items()}
    packages = ["shared", "backend", "notifications_worker", "tg_bot"]
    expected = {"setup", "lint", "format", "complexity", "lock"}
    expected |= {f"typecheck({package})" for package in packages}
    expected |= {f"test({package})" for package in packages}
    assert expected <= names.keys()
    assert all(text.strip() for text in names.values())


def test_bare_nox_and_the_ci_tag_select_the_everyday_checks(full_project: Path) -> None:
    default = {entry["session"] for entry in json.loads(run_ok(full_project, "-l", "--json"))}
    ci = {
        entry["session"] for entry in json.loads(run_ok(full_project, "-t", "ci", "-l", "--json"))
    }
    assert {"lint", "complexity", "typecheck(backend)", "test(tg_bot)"} <= default
    assert not {"setup", "format", "lock"} & default
    assert default <= ci


def test_a_second_setup_changes_nothing(full_project: Path) -> None:
    before = venv_state(full_project)
    assert before, "setup created no venvs"
    run_ok(full_project, "-s", "setup")
    assert venv_state(full_project) == before
    assert git(full_project, "status", "--porcelain") == ""


def test_one_failing_service_fails_the_run_but_the_others_still_run(full_project: Path) -> None:
    broken = full_project / "services" / "tg_bot" / "tests" / "unit" / "test_broken.py"
    broken.write_text("def test_broken() -> None:\n    assert 1 == 2\n")
    try:
        output = run_fails(full_project, "-s", "test")
    finally:
        broken.unlink()
    assert "test(tg_bot): failed" in output
    for package in ("shared", "backend", "notifications_worker"):
        assert f"test({package}): success" in output


def test_pytest_arguments_pass_through_and_select_tests(full_project: Path) -> None:
    output = run_ok(full_project, "-s", "test(backend)", "--", "-k", "health", "-q")
    assert "1 passed" in output or "passed" in output
    assert "deselected" in output


def test_per_service_sessions_run_in_parallel(full_project: Path) -> None:
    output = run_ok(full_project, "-j", "auto", "-s", "test")
    assert "test(backend)" in output


def test_a_session_before_setup_prepares_its_own_venv(tmp_path: Path) -> None:
    project = render(tmp_path / "fresh", ["tg_bot"])
    output = run_ok(project, "-s", "test(tg_bot)")
    assert "creating services/tg_bot/.venv from uv.lock" in output
    assert (project / "services" / "tg_bot" / ".venv").is_dir()
    assert git(project, "status", "--porcelain") == ""


def test_a_missing_interpreter_is_one_line_not_a_hang(tmp_path: Path) -> None:
    project = render(tmp_path / "old-python", ["tg_bot"])
    (project / ".python-version").write_text("3.99\n")
    output = run_fails(project, "-s", "setup")
    assert (
        "Python 3.99 (from .python-version) is not installed; install it"
        " (`uv python install 3.99`, or `pyenv install 3.99`) or write an installed version"
        " into .python-version."
    ) in output
    assert not (project / ".venv").exists()


def test_no_makefile_exec_mode_or_compose_in_a_generated_project(full_project: Path) -> None:
    tracked = git(full_project, "ls-files").splitlines()
    assert not [name for name in tracked if Path(name).name in {"Makefile", "makefile"}]
    # The one compose file is the production system's (docs/deploy.md), not a test stack.
    project_files = [name for name in tracked if not name.startswith(".framework/")]
    assert [name for name in project_files if "compose" in Path(name).name] == ["compose.yaml"]
    texts = (full_project / name for name in tracked if (full_project / name).is_file())
    assert not [path for path in texts if "EXEC_MODE" in path.read_text(errors="ignore")]


def test_integration_without_engine_or_urls_explains_both_ways_out(full_project: Path) -> None:
    no_servers: dict[str, str | None] = {
        "DOCKER_HOST": f"unix://{full_project}/no-engine.sock",
        "TEST_POSTGRES_URL": None,
        "TEST_REDIS_URL": None,
    }
    output = run_fails(full_project, "-s", "integration(backend)", env=no_servers)
    assert "no container engine answers" in output
    assert "point DOCKER_HOST at its socket" in output
    assert "set TEST_POSTGRES_URL=" in output
    assert "Traceback" not in output
