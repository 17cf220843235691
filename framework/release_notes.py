"""Material for a language model to write release notes and commit messages from, per service.

`nox -s release-notes -- [service ...]` writes `.llm/release-notes/<service>.md` (git-ignored)
for each named service, or each service changed since its last release tag: the commits since
that tag with their whole messages, the uncommitted changes, a diffstat, then the diff itself,
file by file, the contract and the code before the tests and the rest. Lock files are named but
never shown (thousands of lines that say "versions changed"). The file keeps to a token budget;
the diffs that did not fit are listed at its end, largest last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framework import budget, changes, commits, gitrepo
from framework.project import Package, Project
from framework.release import (
    ReleaseError,
    affected,
    chosen_services,
    history,
    last_release,
    tag_name,
)
from framework.semver import Version

NOTES_DIR = Path(".llm", "release-notes")
DEFAULT_BUDGET = 40_000
LEFT_OUT_RESERVE = 500
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_FILE_HEADER = re.compile(r"^diff --git a/(?P<path>\S+) b/", re.MULTILINE)
INSTRUCTIONS = """\
Below are the changes to the service `{service}` since {since}: the commits with their full
messages, the uncommitted changes, and the diff. From them, write:

1. release notes for `{changelog}`, as Keep a Changelog groups them (Added, Changed, Fixed,
   Removed), one line per change a user of the service would notice;
2. a Conventional Commit message (`type(scope): description`) for the uncommitted changes, if
   there are any: `feat` for new behaviour, `fix` for a bug fixed, `!` after the type when a
   client must change.

By its commits, the next release is {next}."""


@dataclass(frozen=True)
class NotesFile:
    service: str
    path: Path
    tokens: int
    left_out: int


def write_notes(
    project: Project, names: Sequence[str], limit: int = DEFAULT_BUDGET
) -> list[NotesFile]:
    """Write one notes file per chosen service; ReleaseError when there is nothing to describe."""
    try:
        gitrepo.require_top(project.root)
    except gitrepo.GitError as error:
        raise ReleaseError(str(error)) from error
    chosen = _chosen(project, names)
    if not chosen:
        raise ReleaseError("no service changed since its last release tag; name one to see it")
    written = []
    for service, since in chosen:
        text, left_out = _document(project, service, since, limit)
        path = project.root / NOTES_DIR / f"{service.name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(NotesFile(service.name, path, budget.tokens(text), left_out))
    return written


def _chosen(project: Project, names: Sequence[str]) -> list[tuple[Package, str | None]]:
    """The services to describe, each with its last release tag (None before the first)."""
    services = [
        (service, _last_tag(project, service.name)) for service in chosen_services(project, names)
    ]
    return [pair for pair in services if names or _changed(project, pair[0].name, pair[1])]


def _last_tag(project: Project, service: str) -> str | None:
    found = last_release(project.root, service)
    return tag_name(service, found) if found else None


def _changed(project: Project, service: str, since: str | None) -> bool:
    """Changed since its last tag; before its first release, always."""
    return since is None or service in affected(project, since)


def _document(project: Project, service: Package, since: str | None, limit: int) -> tuple[str, int]:
    root = project.root
    paths = [f"{service.path.relative_to(root)}/", *changes.GLOBAL_PATHS]
    found = history(project, service, since)
    base = since or EMPTY_TREE
    diff = gitrepo.git(root, "diff", "--no-color", "--no-renames", base, "--", *paths)
    stat = gitrepo.git(root, "diff", "--stat=100", "--no-renames", base, "--", *paths)
    uncommitted = [path for path in gitrepo.dirty_paths(root) if _within(path, paths)]
    head = [
        budget.Part("header", _header(service, since, found), 0),
        budget.Part("commits", _commits(found), 0),
        budget.Part("uncommitted", _uncommitted(uncommitted), 0),
        budget.Part("files changed", f"## Files changed\n\n```\n{stat.rstrip()}\n```\n", 0),
    ]
    pieces = sorted(_split(diff), key=lambda item: (_group(item[0]), item[0]))
    locks = [
        budget.Part(f"{path} (a lock file)", text, 9) for path, text in pieces if _is_lock(path)
    ]
    files = [
        budget.Part(path, f"## {path}\n\n```diff\n{text.rstrip()}\n```\n", 1 + _group(path))
        for path, text in pieces
        if not _is_lock(path)
    ]
    kept, outside = budget.fit([*head, *files], limit, reserved=LEFT_OUT_RESERVE)
    outside = sorted(outside, key=lambda part: part.tokens) + locks
    body = "\n".join(part.text for part in kept)
    return f"{body}\n{budget.left_out_section(outside, limit)}", len(outside)


def _header(service: Package, since: str | None, found: Sequence[commits.Commit]) -> str:
    bump = commits.bump_for(found)
    if since is None:
        upcoming = "its first release (the version in its pyproject.toml)"
    elif bump is None:
        upcoming = "none: no commit since the tag is a feat, a fix or a breaking change"
    else:
        last = Version.parse(since.rsplit("/v", 1)[-1])
        upcoming = f"{last.bump(bump)} (a {bump} release)"
    text = INSTRUCTIONS.format(
        service=service.name,
        since=since or "its beginning (it has no release tag yet)",
        changelog=f"services/{service.name}/CHANGELOG.md",
        next=upcoming,
    )
    return f"# {service.name}: changes since {since or 'the beginning'}\n\n{text}\n"


def _commits(found: Sequence[commits.Commit]) -> str:
    if not found:
        return "## Commits\n\nNone.\n"
    entries = [
        f"### {commit.sha[: commits.SHORT_SHA]} {commit.subject}\n\n{commit.body}".rstrip()
        for commit in found
    ]
    return "## Commits (oldest first)\n\n" + "\n\n".join(entries) + "\n"


def _uncommitted(paths: Sequence[str]) -> str:
    if not paths:
        return "## Uncommitted changes\n\nNone.\n"
    listed = "\n".join(f"- {path}" for path in paths)
    return f"## Uncommitted changes\n\nIn the diff below (new files are named only):\n\n{listed}\n"


def _split(diff: str) -> list[tuple[str, str]]:
    """The diff as (path, that file's diff)."""
    starts = list(_FILE_HEADER.finditer(diff))
    ends = [match.start() for match in starts[1:]] + [len(diff)] * bool(starts)
    return [
        (match["path"], diff[match.start() : end]) for match, end in zip(starts, ends, strict=True)
    ]


def _group(path: str) -> int:
    """Contracts first, then code, then tests, then everything else."""
    if "/spec/" in path:
        return 0
    if "/tests/" in path:
        return 2
    if "/src/" in path or path.startswith("shared/shared/"):
        return 1
    return 3


def _is_lock(path: str) -> bool:
    return path.endswith("uv.lock")


def _within(path: str, prefixes: Sequence[str]) -> bool:
    return any(
        path.startswith(prefix) if prefix.endswith("/") else path == prefix for prefix in prefixes
    )
