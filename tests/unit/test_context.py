"""`framework context`: one file with what working on a package needs, within a token budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.budget import Part, fit, tokens
from framework.cli import main
from framework.signatures import imports_from, outline
from tests.unit.conftest import write

CONTEXT = Path(".llm", "context", "library.md")


def context(root: Path, *args: str) -> int:
    return main(["context", "library", "--root", str(root), *args])


def test_the_context_holds_the_contract_and_the_outlines(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert context(library, "--no-checks", "--for", "Delete books by author") == 0
    text = (library / CONTEXT).read_text()
    assert text.startswith("# Context: the service `library` (services/library/)\n")
    assert "## Task\n\nDelete books by author\n" in text
    assert 'nox -s "test(library)"' in text
    assert "nox -s context -- library" in text
    assert "## services/library/spec/books.yaml\n\n```yaml\ndomain: books\n" in text
    # the shared entries it uses, and what those name in turn, as written in the spec
    assert "  Book:\n    description: A book on a shelf.\n" in text
    assert "  BookStatus: [wishlist, reading, finished]" in text
    assert "  Author:\n" in text
    assert "  book_added:\n    message: BookRead\n" in text
    # outlines: signatures without bodies
    assert "    async def create_book(self, data: BookCreate) -> BookRead:\n        ..." in text
    assert "NotImplementedError" not in text
    assert "## Left out\n\nNothing: everything fit in the budget of 20,000 tokens.\n" in text
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {CONTEXT}: about {tokens(text):,} tokens (budget 20,000)")


def test_the_same_tree_gives_the_same_bytes(library: Path) -> None:
    assert context(library, "--no-checks") == 0
    first = (library / CONTEXT).read_bytes()
    assert context(library, "--no-checks") == 0
    assert (library / CONTEXT).read_bytes() == first


def test_a_small_budget_keeps_the_essentials_and_lists_what_it_left_out(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert context(library, "--no-checks", "--budget", "1000", "--for", "delete a book") == 0
    text = (library / CONTEXT).read_text()
    assert "## Sessions" in text
    assert "## Current problems" in text
    assert "## services/library/spec/books.yaml" in text
    left_out = text.split("## Left out\n", 1)[1]
    assert "These did not fit in the budget of 1,000 tokens" in left_out
    assert "- services/library/src/library/__init__.py (outline)" not in left_out
    assert "left out:" in capsys.readouterr().out
    assert tokens(text) <= 1000


def test_the_task_decides_which_outlines_fit(library: Path) -> None:
    write(library / "services/library/src/library/shelves.py", _module("shelf", 40))
    write(library / "services/library/src/library/loans.py", _module("loan", 40))
    assert context(library, "--no-checks", "--for", "lend a loan") == 0
    whole = tokens((library / CONTEXT).read_text())
    room = whole - tokens(_module("shelf", 40)) // 2  # room for one of the two, not both
    for task, wanted, dropped in (
        ("lend a loan", "loans", "shelves"),
        ("a shelf", "shelves", "loans"),
    ):
        assert context(library, "--no-checks", "--budget", str(room), "--for", task) == 0
        left_out = (library / CONTEXT).read_text().split("## Left out\n", 1)[1]
        assert f"library/{dropped}.py (outline)" in left_out
        assert f"library/{wanted}.py (outline)" not in left_out


def test_current_problems_come_from_ruff_and_the_framework_check(library: Path) -> None:
    write(library / "services/library/src/library/bad.py", "import os\n")
    assert context(library) == 0
    text = (library / CONTEXT).read_text()
    assert "services/library/src/library/bad.py:1:8: F401" in text
    assert "not run: services/library/.venv has no mypy (`nox -s setup`)" in text


def test_an_unknown_package_is_refused_in_one_line(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["context", "payments", "--root", str(library)]) == 1
    assert capsys.readouterr().err == (
        "error: no package 'payments' in this project (choose one of: shared, library)\n"
    )
    assert not (library / ".llm").exists()


def test_the_shared_package_gets_its_own_specs(library: Path) -> None:
    assert main(["context", "shared", "--root", str(library), "--no-checks"]) == 0
    text = (library / ".llm" / "context" / "shared.md").read_text()
    assert "## shared/spec/models.yaml" in text
    assert "## shared/spec/events.yaml" in text


def test_an_outline_keeps_signatures_docstrings_and_short_constants() -> None:
    source = '''"""A module.

More text."""
import os

LIMIT = 10
TABLE = {
    "a": "a long value that goes on and on",
    "b": "and on and on and on",
    "c": "and on and on and on!",
}


@decorated
async def fetch(url: str, *, retries: int = 3) -> bytes:
    """Fetch a URL.

    Retries.
    """
    return b""


class Client(Base):
    """Talks to the server."""

    timeout: float = 1.0

    def close(self) -> None:
        os.close(1)
'''
    assert outline(source) == (
        '"""A module."""\n'
        "LIMIT = 10\n"
        "TABLE = ...\n"
        "@decorated\n"
        "async def fetch(url: str, *, retries: int=3) -> bytes:\n"
        '    """Fetch a URL."""\n'
        "    ...\n"
        "class Client(Base):\n"
        '    """Talks to the server."""\n'
        "    timeout: float = 1.0\n"
        "    def close(self) -> None:\n"
        "        ...\n"
    )
    assert outline(source, ["LIMIT"]) == "LIMIT = 10\n"


def test_imports_of_a_package_are_found_in_every_form() -> None:
    source = (
        "import shared.settings\nfrom shared.generated import schemas\n"
        "from shared.x import A, B\nimport os\nfrom . import y\n"
    )
    assert [(i.module, i.names) for i in imports_from(source, "shared")] == [
        ("shared.settings", ()),
        ("shared.generated", ("schemas",)),
        ("shared.x", ("A", "B")),
    ]


def test_the_budget_keeps_tier_zero_and_then_the_best_scored() -> None:
    parts = [Part("a", "x" * 400, 0), Part("b", "y" * 400, 2), Part("c", "z" * 400, 2, score=1)]
    kept, outside = fit(parts, 200)
    assert [part.title for part in kept] == ["a", "c"]
    assert [part.title for part in outside] == ["b"]


def _module(word: str, functions: int) -> str:
    """A module whose outline is about 40 tokens a function, every name mentioning `word`."""
    return "".join(
        f'def {word}_{n}(value: int) -> int:\n    """Handle the {word}, step {n}."""\n'
        "    return value\n\n\n"
        for n in range(functions)
    )
