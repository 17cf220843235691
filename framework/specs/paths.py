"""URL paths of the spec: what FastAPI can route and a client can call.

A path is empty or `/segment/segment...`, where a segment is URL-safe text or one `{name}`
placeholder. A space, a `?`, a `#`, an empty segment or a placeholder used twice passed the
old checks and broke routing or the OpenAPI document; each is a problem with its fix here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PLACEHOLDER = re.compile(r"{([^}]*)}")
_LITERAL = re.compile(r"[A-Za-z0-9._~-]+")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_HINTS = {
    " ": "spaces are not allowed in a path; use - or _",
    "?": "a query string is not part of the path; declare the parameter with `in: query`",
    "#": "a fragment never reaches the server; remove it",
}


def path_problems(path: str) -> Iterator[str]:
    """Everything wrong with `path`, each with what to do instead."""
    if not path:
        return
    if not path.startswith("/"):
        yield f"{path!r} must start with /"
        return
    for character, hint in _HINTS.items():
        if character in path:
            yield f"{path!r}: {hint}"
            return
    seen: set[str] = set()
    for segment in path[1:].split("/"):
        yield from _segment_problems(path, segment, seen)


def _segment_problems(path: str, segment: str, seen: set[str]) -> Iterator[str]:
    if not segment:
        yield f"{path!r} has an empty segment (// or a trailing /); remove it"
        return
    match = PLACEHOLDER.fullmatch(segment)
    if match is None:
        if not _LITERAL.fullmatch(segment):
            yield (
                f"{path!r}: segment {segment!r} may hold letters, digits and . _ ~ -,"
                " or be one {name} placeholder"
            )
        return
    name = match.group(1)
    if not _NAME.fullmatch(name):
        yield f"{path!r}: placeholder {{{name}}} must be a lowercase name"
    elif name in seen:
        yield f"{path!r}: {{{name}}} appears twice; each path parameter appears once"
    seen.add(name)


def placeholders(path: str) -> list[str]:
    """The `{name}` placeholders of a path, in order."""
    return PLACEHOLDER.findall(path)
