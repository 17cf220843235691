"""`framework release`: per-service versions from Conventional Commits, in real git repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from framework.cli import main

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}
LOCK = """\
version = 1

[[package]]
name = "{name}"
version = "0.1.0"
source = {{ editable = "." }}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def commit(repo: Path, path: str, message: str, text: str = "changed\n") -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a") as file:
        file.write(text)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return init_repo(project, monkeypatch)


def init_repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The unit `project` (services api and worker) committed in a git repository."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    (project / "services" / "api" / "uv.lock").write_text(LOCK.format(name="api"))
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "feat: the first services")
    return project


def release(repo: Path, *args: str) -> int:
    return main(["release", "--root", str(repo), "--date", "2025-01-02", *args])


def state(repo: Path) -> tuple[str, str, str, str]:
    """Everything a release could change: HEAD, tags, the status and every file's content."""
    files = git(repo, "ls-files", "-z").split("\0")
    contents = "".join((repo / name).read_text() for name in files if name)
    return (git(repo, "rev-parse", "HEAD"), git(repo, "tag"), git(repo, "status", "-s"), contents)


def released(repo: Path) -> Path:
    """The repository after the first release of both services."""
    assert release(repo) == 0
    return repo


def version(repo: Path, service: str) -> str:
    pyproject = (repo / "services" / service / "pyproject.toml").read_text()
    return pyproject.split('version = "', 1)[1].split('"', 1)[0]


def test_a_dry_run_prints_the_plan_and_changes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(repo)
    assert release(repo, "--dry-run", "--checks", "nox -s lint test") == 0
    assert state(repo) == before
    out = capsys.readouterr().out
    assert out.startswith("Release plan (dry run: nothing is written, committed or tagged)\n")
    assert "  api     0.1.0  first release: 1 commit so far\n" in out
    assert "1. run `nox -s lint test`; the release stops if it fails\n" in out
    assert "     services/api/CHANGELOG.md: section [0.1.0] - 2025-01-02\n" in out
    assert "3. commit: chore(release): api 0.1.0, worker 0.1.0\n" in out
    assert "4. tag: api/v0.1.0, worker/v0.1.0\n" in out


def test_a_first_release_tags_the_version_the_pyproject_names(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    released(repo)
    assert git(repo, "tag").split() == ["api/v0.1.0", "worker/v0.1.0"]
    assert git(repo, "log", "-1", "--format=%s") == "chore(release): api 0.1.0, worker 0.1.0\n"
    assert git(repo, "status", "--short") == ""
    changelog = (repo / "services" / "api" / "CHANGELOG.md").read_text()
    assert "## [Unreleased]\n\n## [0.1.0] - 2025-01-02\n\n### Added\n\n- the first services (" in (
        changelog
    )
    out = capsys.readouterr().out
    assert "released api 0.1.0: tagged api/v0.1.0\n" in out
    assert "git push --follow-tags" in out


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("fix(api): a bug", "0.1.1"),
        ("perf: faster", "0.1.1"),
        ("feat(api): a feature", "0.2.0"),
        ("feat!: a new contract", "1.0.0"),
        ("fix: a bug\n\nBREAKING CHANGE: the reply changed", "1.0.0"),
        ("Reword the greeting", "0.1.1"),
    ],
)
def test_the_next_version_follows_the_commits(repo: Path, message: str, expected: str) -> None:
    released(repo)
    commit(repo, "services/api/src/api/app.py", message)
    assert release(repo) == 0
    assert version(repo, "api") == expected
    assert git(repo, "tag", "--list", "api/*").split()[-1] == f"api/v{expected}"
    lock = (repo / "services" / "api" / "uv.lock").read_text()
    assert f'name = "api"\nversion = "{expected}"' in lock


def test_an_unchanged_service_is_skipped_and_a_shared_change_reaches_every_service(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    released(repo)
    commit(repo, "services/api/src/api/app.py", "feat: only the api")
    assert release(repo, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "  api  0.1.0 -> 0.2.0  minor: 1 feat since api/v0.1.0\n" in out
    assert "  skipped worker: no change since worker/v0.1.0\n" in out
    commit(repo, "shared/shared/models.py", "fix: shared models")
    assert release(repo) == 0
    assert (version(repo, "api"), version(repo, "worker")) == ("0.2.0", "0.1.1")


def test_commits_that_ask_for_no_release_release_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    released(repo)
    before = state(repo)
    commit(repo, "services/api/README.md", "docs: explain")
    commit(repo, "services/api/tests/unit/test_it.py", "test: more")
    capsys.readouterr()
    assert release(repo) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: nothing to release (api: its commits since api/v0.1.0 ask for no release"
        " (1 docs, 1 test);"
        " worker: no change since worker/v0.1.0)\n"
    )
    assert state(repo)[1] == before[1]


def test_a_dirty_tree_and_an_unknown_service_are_refused_in_one_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "notes.txt").write_text("not committed\n")
    assert release(repo) == 1
    err = capsys.readouterr().err
    assert err == (
        "error: the working tree has uncommitted changes (notes.txt changed):"
        " commit or stash them, then release\n"
    )
    assert git(repo, "tag") == ""
    (repo / "notes.txt").unlink()
    assert release(repo, "payments") == 1
    assert capsys.readouterr().err == (
        "error: no service 'payments' in this project (its services: api, worker)\n"
    )


def test_a_dry_run_on_a_dirty_tree_says_the_release_would_refuse(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "notes.txt").write_text("not committed\n")
    assert release(repo, "--dry-run", "api") == 0
    out = capsys.readouterr().out
    assert "  api  0.1.0  first release" in out
    assert "worker" not in out
    assert out.endswith(
        "note: uncommitted changes (notes.txt changed); the release itself refuses them\n"
    )


def test_hand_written_notes_under_unreleased_become_the_section(repo: Path) -> None:
    released(repo)
    changelog = repo / "services" / "api" / "CHANGELOG.md"
    text = changelog.read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n### Added\n\n- Search by name.\n"
    )
    changelog.write_text(text)
    git(repo, "commit", "--quiet", "--all", "--message", "feat(api): search")
    assert release(repo, "api") == 0
    assert (
        "## [Unreleased]\n\n## [0.2.0] - 2025-01-02\n\n### Added\n\n- Search by name.\n\n## [0.1.0]"
        in (changelog.read_text())
    )


def test_verify_only_refuses_like_a_release_and_writes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(repo)
    assert release(repo, "--verify-only", "--checks", "nox -s lint test") == 0
    assert state(repo) == before
    assert capsys.readouterr().out.startswith("Release plan\n")
    (repo / "dirty.txt").write_text("x")
    assert release(repo, "--verify-only") == 1


def test_outside_git_the_release_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "--root", str(project)]) == 1
    assert "is not in a git repository; run `git init` and commit" in capsys.readouterr().err


def test_a_failed_commit_leaves_nothing_behind(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by a hook >&2\nexit 1\n")
    hook.chmod(0o755)
    before = state(repo)
    assert release(repo) == 1
    assert state(repo) == before
    assert not (repo / "services" / "api" / "CHANGELOG.md").exists()
    assert "error: the release was undone: git commit failed: refused by a hook" in (
        capsys.readouterr().err
    )
