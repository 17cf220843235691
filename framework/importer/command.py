"""The `import-specs` command: convert, print every change, write all files or none."""

from __future__ import annotations

import argparse
import sys

from framework.importer import Result, convert, write


def run_import_specs(args: argparse.Namespace) -> int:
    result = convert(args.directory)
    for change in result.changes:
        print(change)
    if result.problems:
        _refuse(result)
        return 1
    write(args.directory, result)
    for path in [path for path in result.removes if path not in result.writes]:
        print(f"removed {path}")
    print(f"converted {len(result.writes)} spec file(s); run `python -m framework validate`")
    return 0


def _refuse(result: Result) -> None:
    for problem in sorted(result.problems):
        print(problem, file=sys.stderr)
    print(
        f"{len(result.problems)} problem(s): these specs cannot be carried over as they are;"
        " nothing was written",
        file=sys.stderr,
    )
