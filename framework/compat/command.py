"""`python -m framework check-compat [REF]`: fail on breaking contract changes, list the rest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from framework.compat.base import CompatError, at_commit, current, find_base
from framework.compat.change import ADDITIVE, BREAKING, Change
from framework.compat.compare import compare


def register(commands: Any) -> None:
    """Add the `check-compat` command to the framework's command line."""
    command = commands.add_parser(
        "check-compat",
        help="fail on breaking changes to the specs and OpenAPI since REF; list additive ones",
    )
    command.add_argument(
        "ref",
        nargs="?",
        help="compare with this commit (default: merge-base with main, or the latest tag)",
    )
    command.add_argument("--root", type=Path, default=Path(), help="project root")
    command.set_defaults(run=run_check_compat)


def run_check_compat(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    try:
        base = find_base(root, args.ref)
        old, new = at_commit(root, base), current(root)
    except CompatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    changes = compare(old.specs, new.specs, old.documents, new.documents)
    print(f"comparing the specs and OpenAPI documents with {base.commit[:10]} ({base.description})")
    report(changes)
    broken = sum(change.kind == BREAKING for change in changes)
    if broken:
        print(
            f"{broken} breaking change(s): clients and consumers built against"
            f" {base.commit[:10]} would fail; keep the old contract (add beside it), or make the"
            " break on purpose with every caller updated",
            file=sys.stderr,
        )
        return 1
    print("no breaking change" + ("" if changes else "; nothing changed"))
    return 0


def report(changes: list[Change]) -> None:
    """The breaking changes, then the additive ones, one per line under a heading each."""
    for kind in (BREAKING, ADDITIVE):
        found = [str(change) for change in changes if change.kind == kind]
        if found:
            print(f"{kind}:")
            print("\n".join(f"  {line}" for line in found))
