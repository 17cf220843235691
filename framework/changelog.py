"""CHANGELOG.md in the form of Keep a Changelog: read a release's section, add a new one.

The file starts with a title and a short preamble, then `## [Unreleased]`, then one section per
release, newest first, each headed `## [X.Y.Z] - YYYY-MM-DD`. What people write under
`[Unreleased]` becomes the next release's section; a release leaves an empty `[Unreleased]` on
top for the next changes. Everything else in the file (the preamble, older sections, their
wording) is kept byte for byte.
"""

from __future__ import annotations

import re

UNRELEASED = "Unreleased"
PREAMBLE = (
    "All notable changes to {subject} are documented in this file. The format is based on\n"
    "[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow\n"
    "[Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n"
)
_HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\]", re.MULTILINE)


class ChangelogError(ValueError):
    """The changelog cannot take the release as asked; the message says what to fix."""


def new_changelog(subject: str) -> str:
    """An empty changelog: the title, the preamble, and an empty `[Unreleased]` section."""
    return f"# Changelog\n\n{PREAMBLE.format(subject=subject)}\n## [{UNRELEASED}]\n"


def section(text: str, name: str) -> str | None:
    """The body of the section `## [name]` (without its heading, stripped), or None."""
    span = _span(text, name)
    return None if span is None else text[span[1] : span[2]].strip()


def versions(text: str) -> list[str]:
    """The names of every section but `[Unreleased]`, in file order (newest first)."""
    return [match["name"] for match in _HEADING.finditer(text) if match["name"] != UNRELEASED]


def release(text: str, version: str, date: str, body: str | None = None) -> str:
    """The changelog with a section for `version` under an emptied `[Unreleased]`.

    The new section holds `body`, or, when it is None, what `[Unreleased]` held. A changelog with
    no `[Unreleased]` heading gets one above the new section.
    """
    if version in versions(text):
        raise ChangelogError(f"the changelog already has a section for {version}")
    span = _span(text, UNRELEASED)
    if body is None:
        body = "" if span is None else text[span[1] : span[2]].strip()
    if not body:
        raise ChangelogError(
            f"nothing to write for {version}: add the changes under `## [{UNRELEASED}]` first"
        )
    new = f"## [{UNRELEASED}]\n\n## [{version}] - {date}\n\n{body}\n"
    if span is not None:
        start, _, end = span
        rest = text[end:].lstrip("\n")
        return text[:start] + new + ("\n" + rest if rest else "")
    first = _HEADING.search(text)
    if first is None:
        return text.rstrip("\n") + "\n\n" + new
    return text[: first.start()] + new + "\n" + text[first.start() :]


def _span(text: str, name: str) -> tuple[int, int, int] | None:
    """Where the section `name` starts, where its body starts, and where it ends."""
    headings = list(_HEADING.finditer(text))
    for index, match in enumerate(headings):
        if match["name"] == name:
            body_start = text.find("\n", match.end())
            body_start = len(text) if body_start < 0 else body_start + 1
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            return match.start(), body_start, end
    return None
