"""Conventional Commits: what a commit message says about the next version, and its changelog line.

`type(scope)!: description` with an optional `BREAKING CHANGE:` footer. `feat` asks for a minor
release, `fix` and `perf` for a patch, `!` or the footer for a major one; `build`, `chore`, `ci`,
`docs`, `refactor`, `revert`, `style` and `test` ask for none. A message that does not follow the
form still changed the service, so it counts as a patch (and the plan says so): a release never
leaves a code change out because of how its commit was worded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from framework.semver import Bump

_SUBJECT = re.compile(
    r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()]*)\))?(?P<bang>!)?: (?P<text>\S.*)$"
)
_BREAKING_FOOTER = re.compile(r"^BREAKING[ -]CHANGE: ", re.MULTILINE)
BUMPS = {"feat": Bump.MINOR, "fix": Bump.PATCH, "perf": Bump.PATCH}
SHORT_SHA = 7
GROUPS = (
    ("Breaking changes", lambda commit: commit.breaking),
    ("Added", lambda commit: commit.type == "feat"),
    ("Fixed", lambda commit: commit.type in {"fix", "perf"}),
    ("Changed", lambda commit: commit.type is None),
)


@dataclass(frozen=True)
class Commit:
    """One commit: its hash, its message, and what the Conventional Commits form says of it."""

    sha: str
    subject: str
    body: str
    type: str | None
    scope: str | None
    breaking: bool
    description: str

    @property
    def conventional(self) -> bool:
        return self.type is not None

    @property
    def bump(self) -> Bump | None:
        if self.breaking:
            return Bump.MAJOR
        if self.type is None:
            return Bump.PATCH
        return BUMPS.get(self.type)

    def line(self) -> str:
        """The changelog entry: `- **scope:** description (abc1234)`."""
        scope = f"**{self.scope}:** " if self.scope else ""
        return f"- {scope}{self.description} ({self.sha[:SHORT_SHA]})"


def parse(sha: str, message: str) -> Commit:
    subject, _, body = message.strip().partition("\n")
    body = body.strip()
    match = _SUBJECT.match(subject.strip())
    if match is None:
        return Commit(sha, subject.strip(), body, None, None, False, subject.strip())
    breaking = bool(match["bang"]) or bool(_BREAKING_FOOTER.search(body))
    kind = match["type"].lower()
    return Commit(sha, subject.strip(), body, kind, match["scope"], breaking, match["text"])


def bump_for(commits: Sequence[Commit]) -> Bump | None:
    """The largest bump any commit asks for; None when none asks for a release."""
    return max((bump for commit in commits if (bump := commit.bump) is not None), default=None)


def changelog_body(commits: Sequence[Commit]) -> str:
    """The section a release writes: its commits grouped as Keep a Changelog groups them.

    Commits that ask for no release (`chore`, `docs`, `test`, ...) are left out; each commit
    appears once, in its first matching group, oldest first.
    """
    placed: set[str] = set()
    parts = []
    for title, belongs in GROUPS:
        members = [c for c in commits if c.sha not in placed and belongs(c)]
        placed.update(commit.sha for commit in members)
        if members:
            parts.append(f"### {title}\n\n" + "\n".join(commit.line() for commit in members))
    return "\n\n".join(parts)


def summary(commits: Sequence[Commit]) -> str:
    """`1 feat, 2 fix, 1 not conventional`: what the bump was decided from."""
    counts: dict[str, int] = {}
    for commit in commits:
        kind = "breaking" if commit.breaking else (commit.type or "not conventional")
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())
