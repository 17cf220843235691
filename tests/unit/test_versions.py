"""The pieces releases are made of: SemVer, Conventional Commits, changelogs, version lines."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from framework import changelog, commits, versionfiles
from framework.semver import Bump, Version, VersionError, newest


@pytest.mark.parametrize(
    ("bump", "expected"),
    [(Bump.PATCH, "1.2.4"), (Bump.MINOR, "1.3.0"), (Bump.MAJOR, "2.0.0")],
)
def test_a_bump_resets_the_numbers_below_it(bump: Bump, expected: str) -> None:
    assert str(Version.parse("v1.2.3").bump(bump)) == expected


@pytest.mark.parametrize("text", ["1.2", "01.2.3", "1.2.3-rc1", "latest", ""])
def test_only_three_plain_numbers_are_a_release_version(text: str) -> None:
    with pytest.raises(VersionError, match=r"write MAJOR\.MINOR\.PATCH"):
        Version.parse(text)


def test_versions_compare_as_numbers_and_junk_tags_are_ignored() -> None:
    assert newest(["1.9.0", "1.10.0", "v2-beta", "1.2.3"]) == Version(1, 10, 0)
    assert newest(["nightly"]) is None


@pytest.mark.parametrize(
    ("message", "kind", "scope", "breaking", "bump"),
    [
        ("feat(users): search", "feat", "users", False, Bump.MINOR),
        ("fix: a crash", "fix", None, False, Bump.PATCH),
        ("perf(db): one query", "perf", "db", False, Bump.PATCH),
        ("refactor!: new API", "refactor", None, True, Bump.MAJOR),
        ("fix: x\n\nBREAKING-CHANGE: the reply", "fix", None, True, Bump.MAJOR),
        ("docs: explain", "docs", None, False, None),
        ("chore(release): backend 1.0.0", "chore", "release", False, None),
        ("Make it faster", None, None, False, Bump.PATCH),
        ("feat:no space", None, None, False, Bump.PATCH),
    ],
)
def test_a_commit_message_says_what_it_asks_for(
    message: str, kind: str | None, scope: str | None, breaking: bool, bump: Bump | None
) -> None:
    commit = commits.parse("0123456789abcdef", message)
    assert (commit.type, commit.scope, commit.breaking, commit.bump) == (
        kind,
        scope,
        breaking,
        bump,
    )


def test_the_changelog_body_groups_commits_and_leaves_out_chores() -> None:
    found = [
        commits.parse("aaaaaaa1", "feat(users): search by name"),
        commits.parse("bbbbbbb2", "docs: readme"),
        commits.parse("ccccccc3", "fix!: ids are UUIDs"),
        commits.parse("ddddddd4", "Tidy the handlers"),
        commits.parse("eeeeeee5", "fix: a crash"),
    ]
    assert commits.changelog_body(found) == (
        "### Breaking changes\n\n- ids are UUIDs (ccccccc)\n\n"
        "### Added\n\n- **users:** search by name (aaaaaaa)\n\n"
        "### Fixed\n\n- a crash (eeeeeee)\n\n"
        "### Changed\n\n- Tidy the handlers (ddddddd)"
    )
    assert commits.bump_for(found) is Bump.MAJOR
    assert commits.summary(found) == "1 feat, 1 docs, 1 breaking, 1 not conventional, 1 fix"
    assert commits.bump_for([commits.parse("f", "test: more")]) is None


def test_a_release_moves_unreleased_into_a_dated_section_and_keeps_the_rest() -> None:
    text = changelog.new_changelog("x") + "\n- One.\n\n## [0.1.0] - 2024-01-01\n\n- Zero.\n"
    released = changelog.release(text, "0.2.0", "2025-01-01")
    assert released.endswith(
        "## [Unreleased]\n\n## [0.2.0] - 2025-01-01\n\n- One.\n\n"
        "## [0.1.0] - 2024-01-01\n\n- Zero.\n"
    )
    assert changelog.section(released, "0.2.0") == "- One."
    assert changelog.section(released, "Unreleased") == ""
    assert changelog.versions(released) == ["0.2.0", "0.1.0"]


def test_a_release_refuses_an_empty_section_and_a_version_it_has() -> None:
    empty = changelog.new_changelog("x")
    with pytest.raises(changelog.ChangelogError, match="add the changes under"):
        changelog.release(empty, "1.0.0", "2025-01-01")
    once = changelog.release(empty, "1.0.0", "2025-01-01", "- Body.")
    with pytest.raises(changelog.ChangelogError, match=r"already has a section for 1\.0\.0"):
        changelog.release(once, "1.0.0", "2025-01-01", "- Again.")


def test_a_changelog_without_unreleased_gets_one() -> None:
    old = "# Changelog\n\n## [0.1.0] - 2024-01-01\n\n- Zero.\n"
    assert changelog.release(old, "0.2.0", "2025-01-01", "- New.") == (
        "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2025-01-01\n\n- New.\n\n"
        "## [0.1.0] - 2024-01-01\n\n- Zero.\n"
    )
    assert changelog.release("# Changelog\n", "0.1.0", "d", "- A.") == (
        "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - d\n\n- A.\n"
    )


def test_version_lines_change_and_nothing_else() -> None:
    pyproject = '[tool.x]\nversion = "7"\n\n[project]\nname = "a"\nversion = "0.1.0"  # here\n'
    assert versionfiles.set_pyproject_version(pyproject, "1.0.0") == pyproject.replace(
        '"0.1.0"', '"1.0.0"'
    )
    lock = '[[package]]\nname = "notifications-worker"\nversion = "0.1.0"\n'
    assert versionfiles.set_lock_version(lock, "notifications_worker", "0.2.0") == lock.replace(
        "0.1.0", "0.2.0"
    )
    assert versionfiles.set_dunder_version('__version__ = "0.1.0"\n', "2.0.0") == (
        '__version__ = "2.0.0"\n'
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: versionfiles.set_pyproject_version('[tool]\nversion = "1"\n', "2"),
            "no \\[project",
        ),
        (lambda: versionfiles.set_pyproject_version('[project]\nname = "a"\n', "2"), "no `version"),
        (lambda: versionfiles.set_lock_version("", "a", "2"), "no package 'a' recorded"),
        (lambda: versionfiles.set_dunder_version("", "2"), "no `__version__"),
    ],
)
def test_a_missing_version_line_is_named(call: Callable[[], object], message: str) -> None:
    with pytest.raises(versionfiles.VersionFileError, match=message):
        call()
