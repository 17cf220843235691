"""Versions as releases use them: `MAJOR.MINOR.PATCH`, compared and bumped by SemVer's rules.

Only the three numbers: a release of the template or of a service is a plain version, and a tag
`v1.2.0` or `backend/v1.2.0` carries it. Pre-release and build suffixes are refused with a message
rather than half-supported, so every version a release writes compares the way SemVer says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class VersionError(ValueError):
    """Not a version a release can carry; the message says what to write instead."""


class Bump(IntEnum):
    """How far a release moves the version; the larger wins when commits disagree."""

    PATCH = 1
    MINOR = 2
    MAJOR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        """`1.2.0` (a leading `v` is allowed, as tags have it); VersionError otherwise."""
        match = _VERSION.match(text.strip().removeprefix("v"))
        if match is None:
            raise VersionError(
                f"{text!r} is not a release version: write MAJOR.MINOR.PATCH, for example 1.2.0"
            )
        major, minor, patch = (int(part) for part in match.groups())
        return cls(major, minor, patch)

    def bump(self, level: Bump) -> Version:
        if level is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if level is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def newest(texts: list[str]) -> Version | None:
    """The highest of the strings that are versions; others (`v2-beta`) are ignored."""
    found = []
    for text in texts:
        try:
            found.append(Version.parse(text))
        except VersionError:
            continue
    return max(found, default=None)
