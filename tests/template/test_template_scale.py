"""A generated project grows: new services from the scaffold, and runs of only what changed.

Slow (a rendered project, real uv venvs, mypy and pytest), so marked `slow`: `nox -s template`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.projects import git, nox, render, run_fails, run_ok

NEW_SERVICES = {"api_gw": "fastapi", "jobs": "worker", "tools": "plain"}
REGENERATED = {".env.example", "compose.yaml"}


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tg_bot project that got one service of each kind through `nox -s new_service`."""
    project = render(tmp_path_factory.mktemp("grown") / "demo-shop", ["tg_bot"])
    for name, kind in NEW_SERVICES.items():
        output = run_ok(project, "-s", "new_service", "--", name, "--kind", kind)
        assert f'services/{name} is ready: nox -s "test({name})"' in output
        assert (project / "services" / name / ".venv").is_dir()
    return project


def test_each_kind_of_new_service_passes_every_session_without_edits(grown: Path) -> None:
    status = git(grown, "status", "--porcelain", "--untracked-files=normal").splitlines()
    added = sorted(line for line in status if line.startswith("?? services/"))
    assert added == [f"?? services/{name}/" for name in sorted(NEW_SERVICES)]
    # new_service regenerates what lists the services, and changes nothing else.
    regenerated = [line[3:] for line in status if not line.startswith("?? services/")]
    assert all(path in REGENERATED or path.startswith("deploy/") for path in regenerated), status
    listed = {entry["session"] for entry in json.loads(run_ok(grown, "-l", "--json"))}
    sessions = [f"{check}({name})" for name in NEW_SERVICES for check in ("typecheck", "test")]
    assert set(sessions) <= listed
    builds = json.loads(run_ok(grown, "-s", "build", "-l", "--json"))
    assert {f"build({name})" for name in NEW_SERVICES} <= {entry["session"] for entry in builds}
    output = run_ok(grown, "-s", "lint", "complexity", *sessions)
    for session in ("lint", "complexity", *sessions):
        assert f"* {session}: success" in output
    for name in NEW_SERVICES:
        assert (grown / "services" / name / "uv.lock").is_file()


def test_a_bad_name_is_refused_by_the_session_and_nothing_is_created(grown: Path) -> None:
    before = sorted(path.name for path in (grown / "services").iterdir())
    output = run_fails(grown, "-s", "new_service", "--", "tg_bot", "--kind", "worker")
    assert "error: cannot create service 'tg_bot': services/tg_bot already exists" in output
    assert "Traceback" not in output
    assert sorted(path.name for path in (grown / "services").iterdir()) == before


def test_only_the_changed_service_runs_and_the_choice_is_printed_once(grown: Path) -> None:
    git(grown, "add", "--all")
    git(grown, "commit", "--quiet", "--message", "three new services")
    main = grown / "services" / "tools" / "src" / "tools" / "main.py"
    original = main.read_text()
    main.write_text(original + "\n\nSERVICE = 'tools'\n")
    try:
        output = run_ok(grown, "-j", "auto", "-s", "test", "typecheck", "--", "--changed")
        selected = run_ok(grown, "-s", "test", "--", "--changed", "HEAD", "-k", "greeting")
    finally:
        main.write_text(original)
    assert output.count("--changed: comparing the working tree with ") == 1
    assert "runs   tools: services/tools/src/tools/main.py changed" in output
    for name in ("shared", "tg_bot", "api_gw", "jobs"):
        assert f"* test({name}): skipped (none of the files of {name} changed since" in output
        assert f"* typecheck({name}): skipped" in output
    assert "* test(tools): success" in output
    assert "* typecheck(tools): success" in output
    assert "2 passed, 2 deselected" in selected


def test_without_git_everything_runs_and_an_unknown_ref_is_refused(
    grown: Path, tmp_path: Path
) -> None:
    result = nox(grown, "-s", "typecheck(tools)", "--", "--changed", "no-such-branch")
    assert result.returncode != 0
    assert "--changed no-such-branch: no commit, branch or tag of that name" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    shutil.move(grown / ".git", tmp_path / "git")
    try:
        output = run_ok(grown, "-s", "typecheck(tools)", "--", "--changed")
    finally:
        shutil.move(tmp_path / "git", grown / ".git")
    no_git = "--changed: not a git repository, so nothing tells what changed; every package runs"
    assert no_git in output
    assert "Session typecheck(tools) was successful" in output
