"""`framework release-notes`: commits and diffs since each service's last tag, for an LLM."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.budget import tokens
from framework.cli import main
from tests.unit.test_release import commit, git, init_repo, release

NOTES = Path(".llm", "release-notes")


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return init_repo(project, monkeypatch)


def notes(root: Path, *args: str) -> int:
    return main(["release-notes", "--root", str(root), *args])


def test_notes_hold_commits_uncommitted_changes_and_diffs_in_reading_order(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(repo) == 0
    commit(repo, "services/api/tests/unit/test_it.py", "test: one more", "# more\n")
    commit(
        repo,
        "services/api/src/api/app.py",
        "feat(api): greet\n\nThe greeting names the user.",
        "GREETING = 1\n",
    )
    (repo / "services" / "api" / "src" / "api" / "app.py").write_text("GREETING = 2\n")
    capsys.readouterr()
    assert notes(repo) == 0
    text = (repo / NOTES / "api.md").read_text()
    assert capsys.readouterr().out == f"wrote {NOTES / 'api.md'}: about {tokens(text):,} tokens\n"
    assert text.startswith("# api: changes since api/v0.1.0\n")
    assert "By its commits, the next release is 0.2.0 (a minor release)." in text
    assert "feat(api): greet\n\nThe greeting names the user." in text
    assert "## Uncommitted changes\n\nIn the diff below (new files are named only):\n\n" in text
    assert "- services/api/src/api/app.py" in text
    assert text.index("## services/api/src/api/app.py") < text.index(
        "## services/api/tests/unit/test_it.py"
    )
    assert "+GREETING = 2" in text
    assert not (repo / NOTES / "worker.md").exists(), "worker did not change"


def test_lock_files_are_named_not_shown_and_a_budget_lists_what_it_left_out(repo: Path) -> None:
    assert release(repo) == 0
    commit(repo, "services/api/uv.lock", "fix: relock", "# lock\n" * 50)
    commit(repo, "services/api/src/api/big.py", "fix: big", "X = 1\n" * 2000)
    assert notes(repo, "api", "--budget", "1000") == 0
    text = (repo / NOTES / "api.md").read_text()
    assert "# lock" not in text
    left_out = text.split("## Left out\n", 1)[1]
    assert "- services/api/src/api/big.py (about" in left_out
    assert "- services/api/uv.lock (a lock file)" in left_out


def test_before_any_release_every_service_is_described(repo: Path) -> None:
    assert notes(repo) == 0
    assert sorted(path.name for path in (repo / NOTES).iterdir()) == ["api.md", "worker.md"]
    text = (repo / NOTES / "worker.md").read_text()
    assert text.startswith("# worker: changes since the beginning\n")
    assert "its first release (the version in its pyproject.toml)" in text


def test_nothing_changed_and_unknown_services_are_refused_in_one_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(repo) == 0
    capsys.readouterr()
    assert notes(repo) == 1
    assert capsys.readouterr().err == (
        "error: no service changed since its last release tag; name one to see it\n"
    )
    assert notes(repo, "worker") == 0
    assert "none: no commit since the tag" in (repo / NOTES / "worker.md").read_text()
    assert notes(repo, "nope") == 1
    assert "no service 'nope' in this project" in capsys.readouterr().err
    assert git(repo, "tag").split() == ["api/v0.1.0", "worker/v0.1.0"]
