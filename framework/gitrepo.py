"""The few git operations a release needs, each failing with one line that says what went wrong.

Releases read tags and history and write one commit and its tags; nothing here pushes. Every
function takes the repository's top directory.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

RECORD = "\x1e"
FIELD = "\x1f"


class GitError(RuntimeError):
    """A git command failed or the directory is not the top of a repository."""


def git(root: Path, *args: str) -> str:
    """Run git in `root` and return its output; GitError with git's own message on failure."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed; install it and run again") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'no message'}")
    return result.stdout


def require_top(root: Path) -> None:
    """Refuse unless `root` is the top of a git repository with at least one commit."""
    try:
        top = git(root, "rev-parse", "--show-toplevel").strip()
    except GitError as error:
        raise GitError(f"{root} is not in a git repository; run `git init` and commit") from error
    if Path(top).resolve() != root.resolve():
        raise GitError(f"{root} is not the top of its git repository ({top} is)")
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError as error:
        raise GitError("the repository has no commit yet; commit the project first") from error


def dirty_paths(root: Path) -> list[str]:
    """Tracked files with changes, and untracked files git does not ignore."""
    status = git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all")
    entries = [entry for entry in status.split("\0") if entry]
    return sorted({entry[3:] for entry in entries if len(entry) > 3})


def tags(root: Path, pattern: str) -> list[str]:
    """Tags matching a glob that HEAD contains (a tag on another branch is not our history)."""
    return git(root, "tag", "--list", "--merged", "HEAD", pattern).split()


def tag_exists(root: Path, name: str) -> bool:
    return bool(git(root, "tag", "--list", name).strip())


def log(root: Path, since: str | None, paths: Sequence[str]) -> list[tuple[str, str]]:
    """(hash, message) of the commits after `since` that touch `paths`, oldest first."""
    span = f"{since}..HEAD" if since else "HEAD"
    text = git(root, "log", "--reverse", f"--format=%H{FIELD}%B{RECORD}", span, "--", *paths)
    found = []
    for record in text.split(RECORD):
        sha, separator, message = record.strip("\n").partition(FIELD)
        if separator:
            found.append((sha, message))
    return found


def short(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short", revision).strip()


def commit(root: Path, paths: Sequence[str], message: str) -> None:
    git(root, "add", "--", *paths)
    git(root, "commit", "--quiet", "--message", message, "--", *paths)


def tag(root: Path, name: str, message: str) -> None:
    """An annotated tag on HEAD: it records who released and when, as `git describe` expects."""
    git(root, "tag", "--annotate", "--message", message, name)


def restore(root: Path, tracked: Sequence[str], created: Sequence[str]) -> None:
    """Undo uncommitted edits: tracked files back to HEAD, new files removed."""
    if tracked:
        git(root, "checkout", "HEAD", "--", *tracked)
    for path in created:
        (root / path).unlink(missing_ok=True)
