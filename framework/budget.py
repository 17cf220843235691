"""Fit parts of a document for a language model into a token budget, and say what was left out.

Tokens are estimated, not counted: about four characters of English or code make a token for the
common tokenizers, and an estimate keeps this free of a tokenizer dependency. Parts are kept by
priority (lower `tier` first, then a higher `score`, then document order) while they fit; the
document keeps its own order, so the result reads the same way whatever was dropped, and the same
input always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHARS_PER_TOKEN = 4


def tokens(text: str) -> int:
    """The estimated number of tokens in `text` (rounded up)."""
    return -(-len(text) // CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Part:
    """A piece of the document: tier 0 is always kept; higher tiers are dropped first."""

    title: str
    text: str
    tier: int
    score: int = 0

    @property
    def tokens(self) -> int:
        return tokens(self.text)


def fit(parts: Sequence[Part], budget: int, reserved: int = 0) -> tuple[list[Part], list[Part]]:
    """The parts that fit in `budget` tokens (less `reserved`), in document order, and the rest."""
    ranked = sorted(range(len(parts)), key=lambda i: (parts[i].tier, -parts[i].score, i))
    room = budget - reserved
    kept: set[int] = set()
    for index in ranked:
        part = parts[index]
        if part.tier == 0 or part.tokens <= room:
            kept.add(index)
            room -= part.tokens
    inside = [part for index, part in enumerate(parts) if index in kept]
    outside = [part for index, part in enumerate(parts) if index not in kept]
    return inside, outside


def left_out_section(outside: Sequence[Part], budget: int) -> str:
    """The closing list of what did not fit, so a reader knows what to ask for."""
    if not outside:
        return f"## Left out\n\nNothing: everything fit in the budget of {budget:,} tokens.\n"
    lines = [f"- {part.title} (about {part.tokens:,} tokens)" for part in outside]
    return (
        f"## Left out\n\nThese did not fit in the budget of {budget:,} tokens"
        " (`--budget` raises it):\n\n" + "\n".join(lines) + "\n"
    )
