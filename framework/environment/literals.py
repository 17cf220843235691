"""Values written as literals in source, read without running it.

A settings field's default, description and examples are what `.env.example` shows; they count
only when the source states them outright. Anything computed (a call, a name) is `NOT_LITERAL`,
and the caller decides whether that is fine (a default) or a problem (a description).
"""

from __future__ import annotations

import ast
import json
from typing import Final


class _NotLiteral:
    """The marker for an expression whose value only running the code would tell."""

    def __repr__(self) -> str:
        return "NOT_LITERAL"


NOT_LITERAL: Final = _NotLiteral()


def literal(node: ast.expr | None) -> object:
    """The value of a literal expression; NOT_LITERAL for anything else (and for no expression)."""
    if node is None:
        return NOT_LITERAL
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_LITERAL


def env_text(value: object) -> str:
    """A value as it is written in an environment variable: pydantic-settings reads it back.

    Strings are themselves, booleans `true`/`false`, numbers their digits, and anything else
    (lists, dicts: fields pydantic-settings parses as JSON) JSON.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    try:
        return json.dumps(value, sort_keys=True)
    except TypeError:
        return repr(value)


def dotenv_value(text: str) -> str:
    """`text` as the value of a `.env` line: bare when it can be, else quoted so it reads back."""
    if text and not any(char.isspace() or char in "#'\"\\" for char in text):
        return text
    if "'" not in text:
        return f"'{text}'"  # single quotes: no escapes at all
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
