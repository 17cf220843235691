"""A generated project's git hooks (installed by `nox -s setup`), driven by real commits and pushes.

Slow (a real project with venvs, and a push that runs `nox -s lint test`), so marked `slow`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.projects import GIT_IDENTITY, copy_template, git, render, run_ok

BIN = Path(sys.executable).parent  # this repository's venv: nox and shellcheck
HINT = (
    "pre-commit: fix the staged Python files with `nox -s format`, stage the result and commit"
    " again (or skip this check once with `git commit --no-verify`)"
)
NEW_MODULE = Path("services/tg_bot/src/tg_bot/greeting.py")
CLEAN = '"""Greetings."""\n\nGREETING = "hello"\n'
UNFORMATTED = '"""Greetings."""\n\nGREETING="hello"\n'
LINT_ERROR = '"""Greetings."""\n\nimport os\n\nGREETING = "hello"\n'
BOTH = '"""Greetings."""\n\nimport os\n\nGREETING="hello"\n'
NOT_FORMATTED = "File would be reformatted"
UNUSED_IMPORT = "F401"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = render(tmp_path_factory.mktemp("hooks") / "demo-shop", ["tg_bot"])
    run_ok(project, "-s", "setup")
    return project


@pytest.fixture
def repository(project: Path) -> Iterator[Path]:
    """The project, reset to the commit it had (and its untracked files gone) after the test."""
    head = git(project, "rev-parse", "HEAD").strip()
    yield project
    git(project, "reset", "--quiet", "--hard", head)
    git(project, "clean", "--quiet", "--force", "-d")


def run_git(project: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """`git` as a developer runs it, hooks included; `path` replaces PATH when given."""
    search_path = path if path is not None else f"{BIN}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["git", *args],
        cwd=project,
        env={**os.environ, **GIT_IDENTITY, "PATH": search_path},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def stage(project: Path, text: str) -> None:
    (project / NEW_MODULE).write_text(text)
    git(project, "add", str(NEW_MODULE))


def head(project: Path) -> str:
    return git(project, "rev-parse", "HEAD").strip()


def test_setup_points_git_at_the_tracked_executable_hooks(project: Path) -> None:
    assert git(project, "config", "core.hooksPath").strip() == ".githooks"
    tracked = git(project, "ls-files", "--stage", ".githooks").splitlines()
    assert sorted(line.split("\t")[1] for line in tracked) == [
        ".githooks/pre-commit",
        ".githooks/pre-push",
    ]
    assert all(line.startswith("100755 ") for line in tracked), "the hooks are not executable"
    hooks = sorted(str(path) for path in (project / ".githooks").iterdir())
    shellcheck = subprocess.run(
        [str(BIN / "shellcheck"), *hooks], capture_output=True, text=True, check=False
    )
    assert shellcheck.returncode == 0, shellcheck.stdout
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (UNFORMATTED, [NOT_FORMATTED]),
        (LINT_ERROR, [UNUSED_IMPORT]),
        (BOTH, [NOT_FORMATTED, UNUSED_IMPORT]),
    ],
    ids=["unformatted", "lint-error", "both"],
)
def test_a_bad_staged_python_file_stops_the_commit_with_the_hint(
    repository: Path, text: str, reported: list[str]
) -> None:
    before = head(repository)
    stage(repository, text)
    result = run_git(repository, "commit", "--message", "greeting")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == HINT
    assert str(NEW_MODULE) in result.stderr, "ruff's report does not name the file"
    for problem in reported:
        assert problem in result.stderr
    assert head(repository) == before


def test_a_clean_staged_python_file_commits(repository: Path) -> None:
    before = head(repository)
    stage(repository, CLEAN)
    result = run_git(repository, "commit", "--message", "greeting")
    assert result.returncode == 0, result.stderr
    assert head(repository) != before


def test_the_hook_checks_what_is_staged_not_the_working_tree(repository: Path) -> None:
    stage(repository, UNFORMATTED)
    (repository / NEW_MODULE).write_text(CLEAN)  # fixed, but the fix is not staged
    refused = run_git(repository, "commit", "--message", "greeting")
    assert refused.returncode != 0
    assert f"{NEW_MODULE}: the staged version is not formatted" in refused.stderr

    stage(repository, CLEAN)
    (repository / NEW_MODULE).write_text(UNFORMATTED)  # broken again, but not staged
    accepted = run_git(repository, "commit", "--message", "greeting")
    assert accepted.returncode == 0, accepted.stderr


def test_no_verify_skips_the_pre_commit_check(repository: Path) -> None:
    before = head(repository)
    stage(repository, UNFORMATTED)
    result = run_git(repository, "commit", "--no-verify", "--message", "greeting")
    assert result.returncode == 0, result.stderr
    assert head(repository) != before


def test_pre_push_runs_lint_and_test_and_stops_a_failing_push(
    repository: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    pushed = run_git(repository, "push", str(remote), "HEAD:refs/heads/main")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert "lint: success" in pushed.stderr
    assert "test(tg_bot): success" in pushed.stderr

    stage(repository, UNFORMATTED)
    run_git(repository, "commit", "--no-verify", "--message", "unformatted")
    refused = run_git(repository, "push", str(remote), "HEAD:refs/heads/main")
    assert refused.returncode != 0
    assert "Session lint failed." in refused.stderr
    assert "Running session test(" not in refused.stderr, "the hook went on after a failure"
    assert git(remote, "rev-parse", "main") != git(repository, "rev-parse", "HEAD")

    skipped = run_git(repository, "push", "--no-verify", str(remote), "HEAD:refs/heads/main")
    assert skipped.returncode == 0, skipped.stderr
    assert git(remote, "rev-parse", "main") == git(repository, "rev-parse", "HEAD")


def test_pre_push_without_nox_or_uv_says_how_to_get_them(repository: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    only_git_and_bash = tmp_path / "bin"
    only_git_and_bash.mkdir()
    for program in ("git", "bash"):
        found = shutil.which(program)
        assert found is not None
        (only_git_and_bash / program).symlink_to(found)
    result = run_git(
        repository, "push", str(remote), "HEAD:refs/heads/main", path=str(only_git_and_bash)
    )
    assert result.returncode != 0
    assert "pre-push: nox is not on PATH; install it" in result.stderr


def test_setup_installs_hooks_only_in_a_repository_and_never_over_your_own(
    tmp_path: Path,
) -> None:
    project = copy_template(tmp_path / "fresh", project_name="fresh", modules=["tg_bot"])
    assert "git hooks" not in run_ok(project, "-s", "setup"), "setup spoke of hooks without git"
    assert not (project / ".git").exists()

    git(project, "init", "--quiet")
    own_hook = project / ".git" / "hooks" / "pre-commit"
    own_hook.write_text("#!/bin/sh\nexit 0\n")
    own_hook.chmod(0o755)
    output = run_ok(project, "-s", "setup")
    assert "git hooks not installed (own hooks in .git/hooks: ['pre-commit'])" in output
    assert run_git(project, "config", "core.hooksPath").stdout == ""

    own_hook.unlink()
    git(project, "config", "core.hooksPath", "my-hooks")
    output = run_ok(project, "-s", "setup")
    assert "git hooks not installed (core.hooksPath is my-hooks)" in output
    assert git(project, "config", "core.hooksPath").strip() == "my-hooks"

    git(project, "config", "--unset", "core.hooksPath")
    assert "git hooks installed from .githooks/" in run_ok(project, "-s", "setup")
    assert git(project, "config", "core.hooksPath").strip() == ".githooks"
