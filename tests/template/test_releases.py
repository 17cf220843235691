"""Releases, release notes and the context packer in a generated project, on a real git history.

The project is generated the way a predecessor's script asks for one (`project_name` with an
underscore, `modules` as a comma string, a `task_description`), so the same project also proves
that such a name still gives a project whose sessions, workflow and documented commands work.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from tests.helpers.documented import assert_documented_commands_are_valid
from tests.helpers.projects import GIT_IDENTITY, copy_template, git, run_fails, run_ok
from tests.helpers.workflow import actionlint, run_step

TASK = "Let users search each other by name."
# The release runs the docs quote, made here for real (test_generated_docs leaves them to us).
RELEASE_RUNS = {("release", ()), ("release", ("--dry-run",))}
IDENTITY: dict[str, str | None] = dict(GIT_IDENTITY)  # a release commits and tags
BACKEND_SOURCE = Path("services/backend/src/backend/search.py")
WORKER_README = Path("services/notifications_worker/README.md")


def state(project: Path) -> tuple[str, str, str, dict[str, bytes]]:
    """What a release may change: HEAD, the tags, the status, and every tracked file's bytes."""
    tracked = git(project, "ls-files", "-z").split("\0")
    files = {name: (project / name).read_bytes() for name in tracked if (project / name).is_file()}
    return (
        git(project, "rev-parse", "HEAD"),
        git(project, "tag"),
        git(project, "status", "-s"),
        files,
    )


def commit(project: Path, path: Path, text: str, message: str) -> None:
    with (project / path).open("a") as file:
        file.write(text)
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`my_shop`, with backend and notifications, generated, committed and set up."""
    project = copy_template(
        tmp_path_factory.mktemp("releases") / "my_shop",
        project_name="my_shop",
        modules="backend,notifications",
        task_description=TASK,
        python_version="3.11",
    )
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "feat: the generated project")
    run_ok(project, "-s", "setup")
    return project


def test_the_predecessors_answers_give_a_project_that_works(project: Path) -> None:
    assert sorted(path.name for path in (project / "services").iterdir()) == [
        "backend",
        "notifications_worker",
    ]
    assert (project / "README.md").read_text().startswith("# my_shop\n")
    assert TASK in (project / "TASK.md").read_text()
    assert (
        "**Your task is in [TASK.md](TASK.md): read it first.**"
        in (project / "AGENTS.md").read_text()
    )
    actionlint(project)
    assert_documented_commands_are_valid(project)


def test_a_dry_run_prints_the_plan_and_changes_nothing(project: Path) -> None:
    before = state(project)
    output = run_ok(project, "-s", "release", "--", "--dry-run")
    assert state(project) == before
    assert "Release plan (dry run: nothing is written, committed or tagged)" in output
    assert "  backend               0.1.0  first release: 1 commit so far" in output
    assert "1. run `nox -s lint test`; the release stops if it fails" in output
    assert "4. tag: backend/v0.1.0, notifications_worker/v0.1.0" in output


def test_releases_follow_the_conventional_commits(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_ok(project, "-s", "release", env=IDENTITY)
    assert git(project, "tag").split() == ["backend/v0.1.0", "notifications_worker/v0.1.0"]
    commit(project, BACKEND_SOURCE, '"""Search."""\n', "feat(users): search by name")
    commit(project, WORKER_README, "\nMore.\n", "docs: the worker")

    plan = run_ok(project, "-s", "release", "--", "--dry-run")
    assert "  backend  0.1.0 -> 0.2.0  minor: 1 feat since backend/v0.1.0" in plan
    assert "skipped notifications_worker: its commits since notifications_worker/v0.1.0" in plan

    output = run_ok(project, "-s", "release", env=IDENTITY)
    assert "released backend 0.2.0: tagged backend/v0.2.0" in output
    assert git(project, "status", "--short") == ""
    assert git(project, "log", "-1", "--format=%s") == "chore(release): backend 0.2.0\n"
    changelog = (project / "services" / "backend" / "CHANGELOG.md").read_text()
    assert "## [0.2.0] - " in changelog
    assert "- **users:** search by name (" in changelog
    # the lock records the new version, so every venv still syncs with --locked
    locked = subprocess.run(
        ["uv", "lock", "--check", "--project", "services/backend"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert locked.returncode == 0, locked.stderr
    # what CI's release job publishes for the tag: that version's changelog section
    monkeypatch.setenv("GITHUB_REF_NAME", "backend/v0.2.0")
    notes = run_step(project, "release", "notes", tmp_path / "output")
    assert notes == {"title": "backend 0.2.0"}
    assert "- **users:** search by name (" in (project / "release-notes.md").read_text()
    (project / "release-notes.md").unlink()


def test_a_release_refuses_in_one_line_and_leaves_everything_as_it_was(project: Path) -> None:
    before = state(project)
    output = run_fails(project, "-s", "release")
    assert "Session release aborted: nothing to release (backend: no change since" in output
    (project / "stray.txt").write_text("not committed\n")
    output = run_fails(project, "-s", "release")
    assert "aborted: the working tree has uncommitted changes (stray.txt changed)" in output
    (project / "stray.txt").unlink()
    assert state(project) == before

    # a commit that does not pass `nox -s lint` (committed past the pre-commit hook)
    (project / BACKEND_SOURCE).write_text("import os\n")
    git(project, "commit", "--quiet", "--no-verify", "--all", "--message", "fix: unused import")
    before = state(project)
    output = run_fails(project, "-s", "release")
    assert "`nox -s lint test` failed, so nothing was released" in output
    assert state(project) == before
    git(project, "reset", "--quiet", "--hard", "HEAD~1")


def test_release_notes_are_written_where_git_ignores_them(project: Path) -> None:
    commit(project, BACKEND_SOURCE, "\nLIMIT = 10\n", "fix: a limit")
    output = run_ok(project, "-s", "release-notes")
    assert "wrote .llm/release-notes/backend.md: about " in output
    text = (project / ".llm" / "release-notes" / "backend.md").read_text()
    assert "### " in text
    assert "fix: a limit" in text
    assert "+LIMIT = 10" in text
    assert git(project, "status", "--short") == ""
    git(project, "reset", "--quiet", "--hard", "HEAD~1")


def test_the_context_of_a_service(project: Path) -> None:
    output = run_ok(project, "-s", "context", "--", "backend", "--for", "search users by name")
    assert "wrote .llm/context/backend.md: about " in output
    text = (project / ".llm" / "context" / "backend.md").read_text()
    assert "## Task\n\nsearch users by name\n" in text
    assert "## services/backend/spec/users.yaml" in text
    assert "class UsersControllerProtocol(Protocol):" in text
    assert "## shared/shared/generated/schemas.py (outline of UserCreate, UserPage" in text
    assert "ruff check:\n  none" in text
    assert "mypy:\n  none" in text
    # every session the file tells the agent to run exists
    block = text.split("## Sessions", 1)[1].split("```")[1]
    for line in filter(None, block.splitlines()):
        words = shlex.split(line.split("  #")[0])
        run_ok(project, *words[1 : words.index("--") if "--" in words else None], "-l")
    assert git(project, "status", "--short") == ""
    refused = run_fails(project, "-s", "context", "--", "payments")
    assert "aborted: no package 'payments' in this project" in refused
