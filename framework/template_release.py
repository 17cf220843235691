"""Releases of the template itself: `nox -s release -- X.Y.Z [--dry-run]` in the template's repo.

A template release is a tag `vX.Y.Z` that `copier update` can move a project to. Its notes are
written by hand under `## [Unreleased]` in CHANGELOG.md while the changes are made; the release
turns that section into `## [X.Y.Z] - date`, writes the version into the framework (its
pyproject, `__version__`, and the two locks that record it: the repository's and the generated
projects'), commits, and tags. Versions follow SemVer: a change to the spec format, to a
session's name or arguments, or to the generated layout that a project must adapt to is major.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from framework import changelog, changes, gitrepo, versionfiles
from framework.edits import Edit, Tag, commit_and_tag
from framework.release import ReleaseError, dirty_note, steps
from framework.semver import Version, VersionError, newest

CHANGELOG = "CHANGELOG.md"
PYPROJECT = "pyproject.toml"
# What generated projects install as `.framework/pyproject.toml`: the same [project], its own file
# (a symlink to the repository's pyproject is written through it, so it is not written twice).
FRAMEWORK_PYPROJECT = "template/.framework/pyproject.toml"
DUNDER = "framework/__init__.py"
LOCKS = ("uv.lock", "template/uv.lock")
DISTRIBUTION = "framework"


@dataclass(frozen=True)
class TemplatePlan:
    version: Version
    previous: str | None
    notes: str
    edits: tuple[Edit, ...]
    dirty: tuple[str, ...] = ()

    @property
    def tag(self) -> str:
        return f"v{self.version}"

    @property
    def message(self) -> str:
        return f"Release {self.version}"


def plan(root: Path, version_text: str, date: str, *, allow_dirty: bool = False) -> TemplatePlan:
    """What releasing `version_text` would do; ReleaseError with one line when it cannot."""
    try:
        version = Version.parse(version_text)
        gitrepo.require_top(root)
        dirty = gitrepo.dirty_paths(root)
        previous = newest(gitrepo.tags(root, "v*"))
        exists = gitrepo.tag_exists(root, f"v{version}")
    except (VersionError, gitrepo.GitError) as error:
        raise ReleaseError(str(error)) from error
    if dirty and not allow_dirty:
        raise ReleaseError(
            f"the working tree has uncommitted changes ({changes.describe(dirty)}):"
            " commit or stash them, then release"
        )
    if exists:
        raise ReleaseError(f"tag v{version} already exists: choose another version")
    if previous is not None and version <= previous:
        raise ReleaseError(
            f"{version} is not newer than the last release v{previous}: choose a higher version"
        )
    text = (root / CHANGELOG).read_text(encoding="utf-8")
    notes = changelog.section(text, changelog.UNRELEASED)
    if not notes:
        raise ReleaseError(
            f"{CHANGELOG} has nothing under `## [Unreleased]`: describe the changes there first"
        )
    edits = _edits(root, text, version, date)
    last = f"v{previous}" if previous else None
    return TemplatePlan(version, last, notes, tuple(edits), tuple(dirty))


def apply(root: Path, planned: TemplatePlan) -> None:
    tag = Tag(planned.tag, f"Nox Service Template {planned.version}")
    try:
        commit_and_tag(root, planned.edits, planned.message, [tag])
    except (OSError, gitrepo.GitError) as error:
        raise ReleaseError(f"the release was undone: {error}") from error


def describe(planned: TemplatePlan, *, dry_run: bool, checks: str) -> list[str]:
    since = f"changes since {planned.previous}" if planned.previous else "the first release"
    head = " (dry run: nothing is written, committed or tagged)" if dry_run else ""
    lines = [f"Template release {planned.version}, {since}{head}"]
    lines += steps(checks, planned.edits, planned.message, [planned.tag])
    lines += ["", f"Changes in {planned.version}:", planned.notes]
    return lines + dirty_note(planned.dirty)


def _edits(root: Path, log: str, version: Version, date: str) -> list[Edit]:
    """The changelog's new section, and the version in every file that records it."""
    new = str(version)
    try:
        _, current = versionfiles.read_pyproject(root / PYPROJECT)
        log_after = changelog.release(log, new, date)
        bump = f"version {current} -> {new}"
        writers: list[tuple[str, Callable[[str, str], str], str]] = [
            (CHANGELOG, lambda _text, _new: log_after, f"[Unreleased] -> [{new}] - {date}"),
            (PYPROJECT, versionfiles.set_pyproject_version, bump),
            (FRAMEWORK_PYPROJECT, versionfiles.set_pyproject_version, bump),
            (DUNDER, versionfiles.set_dunder_version, f'__version__ = "{new}"'),
        ]
        writers += [(lock, _lock_writer, f"{DISTRIBUTION} {new}") for lock in LOCKS]
        edits = []
        for path, change, summary in writers:
            if (root / path).is_symlink() or not (root / path).exists():
                continue
            before = (root / path).read_text(encoding="utf-8")
            edits.append(Edit(path, before, change(before, new), summary))
    except (OSError, versionfiles.VersionFileError, changelog.ChangelogError) as error:
        raise ReleaseError(f"cannot write the version: {error}") from error
    return edits


def _lock_writer(text: str, version: str) -> str:
    return versionfiles.set_lock_version(text, DISTRIBUTION, version)
