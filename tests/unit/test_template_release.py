"""`framework release-template`: the template's own version, changelog and tag, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.changelog import new_changelog
from framework.cli import main
from tests.unit.conftest import write
from tests.unit.test_release import IDENTITY, git, state

PYPROJECT = '[project]\nname = "framework"\nversion = "0.1.0"\n\n[tool.x]\nversion = "9"\n'
LOCK = '[[package]]\nname = "framework"\nversion = "0.1.0"\nsource = { editable = "." }\n'
NOTES = "### Added\n\n- Everything.\n"


@pytest.fixture
def template_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the files a template release writes, one change under [Unreleased]."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    write(tmp_path / "CHANGELOG.md", new_changelog("the template") + "\n" + NOTES)
    write(tmp_path / "pyproject.toml", PYPROJECT)
    write(tmp_path / "template" / ".framework" / "pyproject.toml", PYPROJECT)
    write(tmp_path / "framework" / "__init__.py", '"""The framework."""\n\n__version__ = "0.1.0"\n')
    write(tmp_path / "uv.lock", LOCK)
    write(tmp_path / "template" / "uv.lock", LOCK.replace('"."', '".framework"'))
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "--message", "the template")
    return tmp_path


def release(root: Path, *args: str) -> int:
    return main(["release-template", "--root", str(root), "--date", "2025-03-04", *args])


def test_a_dry_run_shows_every_step_and_changes_nothing(
    template_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(template_repo)
    assert release(template_repo, "1.0.0", "--dry-run", "--checks", "nox -s lint test") == 0
    assert state(template_repo) == before
    assert capsys.readouterr().out == (
        "Template release 1.0.0, the first release"
        " (dry run: nothing is written, committed or tagged)\n"
        "1. run `nox -s lint test`; the release stops if it fails\n"
        "2. write:\n"
        "     CHANGELOG.md: [Unreleased] -> [1.0.0] - 2025-03-04\n"
        "     pyproject.toml: version 0.1.0 -> 1.0.0\n"
        "     template/.framework/pyproject.toml: version 0.1.0 -> 1.0.0\n"
        '     framework/__init__.py: __version__ = "1.0.0"\n'
        "     uv.lock: framework 1.0.0\n"
        "     template/uv.lock: framework 1.0.0\n"
        "3. commit: Release 1.0.0\n"
        "4. tag: v1.0.0\n"
        "\n"
        "Changes in 1.0.0:\n"
        "### Added\n\n- Everything.\n"
    )


def test_a_release_writes_every_version_commits_and_tags(template_repo: Path) -> None:
    assert release(template_repo, "1.0.0") == 0
    assert git(template_repo, "tag").split() == ["v1.0.0"]
    assert git(template_repo, "status", "--short") == ""
    assert git(template_repo, "log", "-1", "--format=%s") == "Release 1.0.0\n"
    changelog = (template_repo / "CHANGELOG.md").read_text()
    assert "## [Unreleased]\n\n## [1.0.0] - 2025-03-04\n\n### Added\n\n- Everything.\n" in changelog
    for pyproject in ("pyproject.toml", "template/.framework/pyproject.toml"):
        text = (template_repo / pyproject).read_text()
        assert text == PYPROJECT.replace('version = "0.1.0"', 'version = "1.0.0"')
    assert '__version__ = "1.0.0"' in (template_repo / "framework" / "__init__.py").read_text()
    for lock in ("uv.lock", "template/uv.lock"):
        assert 'name = "framework"\nversion = "1.0.0"' in (template_repo / lock).read_text()


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.0", "'1.0' is not a release version: write MAJOR.MINOR.PATCH, for example 1.2.0"),
        ("1.0.0", "tag v1.0.0 already exists: choose another version"),
        ("0.9.0", "0.9.0 is not newer than the last release v1.0.0: choose a higher version"),
        ("1.1.0", "CHANGELOG.md has nothing under `## [Unreleased]`: describe the changes there"),
    ],
)
def test_a_release_that_cannot_be_made_is_refused_in_one_line(
    template_repo: Path, version: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert release(template_repo, "1.0.0") == 0
    capsys.readouterr()
    before = state(template_repo)
    assert release(template_repo, version) == 1
    assert state(template_repo) == before
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}")
    assert err.count("\n") == 1


def test_a_dirty_tree_is_refused_but_a_dry_run_only_warns(
    template_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (template_repo / "wip.py").write_text("x = 1\n")
    assert release(template_repo, "1.0.0") == 1
    assert "uncommitted changes (wip.py changed): commit or stash them" in capsys.readouterr().err
    assert release(template_repo, "1.0.0", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "note: uncommitted changes (wip.py changed); the release itself refuses" in out
    assert git(template_repo, "tag") == ""
