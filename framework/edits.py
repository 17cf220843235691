"""A release's writes, as one unit: new file contents, the commit that holds them, its tags.

A release must leave either everything (files, commit, tags) or nothing: a version bumped in a
pyproject but not in its lock breaks `uv sync --locked`, and a commit without its tag makes the
next release count the same commits again. So the edits are computed first, in memory, and
applied here; when any step fails, what was done is undone before the error goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framework import gitrepo


@dataclass(frozen=True)
class Edit:
    """A file's new content; `before` is None for a file the release creates."""

    path: str
    before: str | None
    after: str
    summary: str


@dataclass(frozen=True)
class Tag:
    name: str
    message: str


def commit_and_tag(root: Path, edits: Sequence[Edit], message: str, tags: Sequence[Tag]) -> None:
    """Write every edit, commit them with `message`, and create the tags; all or nothing."""
    paths = [edit.path for edit in edits]
    try:
        for edit in edits:
            (root / edit.path).write_text(edit.after, encoding="utf-8")
        gitrepo.commit(root, paths, message)
    except (OSError, gitrepo.GitError):
        _unwrite(root, edits)
        raise
    created: list[str] = []
    try:
        for tag in tags:
            gitrepo.tag(root, tag.name, tag.message)
            created.append(tag.name)
    except gitrepo.GitError:
        for name in created:
            gitrepo.git(root, "tag", "--delete", name)
        gitrepo.git(root, "reset", "--quiet", "--soft", "HEAD~1")
        _unwrite(root, edits)
        raise


def _unwrite(root: Path, edits: Sequence[Edit]) -> None:
    gitrepo.git(root, "reset", "--quiet", "--", *[edit.path for edit in edits])
    tracked = [edit.path for edit in edits if edit.before is not None]
    created = [edit.path for edit in edits if edit.before is None]
    gitrepo.restore(root, tracked, created)
