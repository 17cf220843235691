"""The `framework` command: `python -m framework <command>` inside a generated project."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from framework import __version__
from framework.layout import check_project
from framework.project import NotAProjectError, load_project


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framework", description="Checks and code generation for a generated project."
    )
    parser.add_argument("--version", action="version", version=f"framework {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check", help="check that every package is laid out the way the sessions expect"
    )
    check.add_argument("root", nargs="?", type=Path, default=Path(), help="project root")
    return parser


def run_check(root: Path) -> int:
    project = load_project(root)
    problems = check_project(project)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} layout problem(s) found", file=sys.stderr)
        return 1
    names = ", ".join(package.name for package in project.packages)
    print(f"layout ok: {names}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_check(args.root)
    except NotAProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
