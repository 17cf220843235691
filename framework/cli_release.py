"""The commands behind the `release`, `release-notes` and `context` sessions, and the template's
own release: `python -m framework release|release-notes|context|release-template ...`.

The sessions run the checks (`nox -s lint test`) between a `--verify-only` call, which refuses
what cannot be released before any check runs, and the call that writes, commits and tags. Every
refusal is one line on stderr and exit code 1; nothing is written unless all of it can be.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from framework import changelog, gitrepo, release, template_release, versionfiles
from framework.context import DEFAULT_BUDGET as CONTEXT_BUDGET
from framework.context import ContextError, write_context
from framework.project import load_project
from framework.release_notes import DEFAULT_BUDGET as NOTES_BUDGET
from framework.release_notes import write_notes

SHOWN_LEFT_OUT = 3
REFUSALS = (
    release.ReleaseError,
    ContextError,
    gitrepo.GitError,
    versionfiles.VersionFileError,
    changelog.ChangelogError,
)


def register(commands: Any) -> None:
    """Add the release and context commands to the `framework` parser's subcommands."""
    service_release = commands.add_parser(
        "release", help="release services: version, changelog, commit and <service>/vX.Y.Z tags"
    )
    service_release.add_argument("services", nargs="*", help="default: every changed service")
    _release_options(service_release)
    service_release.set_defaults(run=run_release)

    whole = commands.add_parser(
        "release-template", help="release the template itself: CHANGELOG.md, versions, tag vX.Y.Z"
    )
    whole.add_argument("version", help="the new version, MAJOR.MINOR.PATCH")
    _release_options(whole)
    whole.set_defaults(run=run_release_template)

    notes = commands.add_parser(
        "release-notes", help="write commits and diffs since each service's last tag, for an LLM"
    )
    notes.add_argument("services", nargs="*", help="default: every changed service")
    notes.add_argument("--budget", type=_positive, default=NOTES_BUDGET, help="tokens per file")
    notes.set_defaults(run=run_release_notes)

    context = commands.add_parser(
        "context", help="write one markdown file with what working on a package needs"
    )
    context.add_argument("package", help="a service, or shared")
    context.add_argument("--for", dest="task", default="", help="the task, to rank what is kept")
    context.add_argument("--budget", type=_positive, default=CONTEXT_BUDGET, help="tokens")
    context.add_argument(
        "--no-checks", dest="checks", action="store_false", help="do not run ruff, mypy, check"
    )
    context.set_defaults(run=run_context)

    for command in (service_release, whole, notes, context):
        command.add_argument("--root", type=Path, default=Path(), help="project root")


def _release_options(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    mode.add_argument(
        "--verify-only", action="store_true", help="refuse or print the plan, as a release would"
    )
    parser.add_argument("--checks", default="", help="the checks the session runs (for the plan)")
    parser.add_argument("--date", default=None, help="the release date (default: today, UTC)")


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of tokens")
    return value


def _today(args: argparse.Namespace) -> str:
    return str(args.date or datetime.now(UTC).date().isoformat())


def _refused(error: Exception) -> int:
    print(f"error: {error}", file=sys.stderr)
    return 1


def run_release(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    try:
        planned = release.plan(project, args.services, _today(args), allow_dirty=args.dry_run)
        if args.dry_run or args.verify_only:
            print("\n".join(release.describe(planned, dry_run=args.dry_run, checks=args.checks)))
            return 0
        release.apply(project, planned)
    except REFUSALS as error:
        return _refused(error)
    for done in planned.releases:
        print(f"released {done.service} {done.version}: tagged {done.tag}")
    print("publish with: git push --follow-tags (CI creates a GitHub release for each tag)")
    return 0


def run_release_template(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    try:
        planned = template_release.plan(root, args.version, _today(args), allow_dirty=args.dry_run)
        if args.dry_run or args.verify_only:
            lines = template_release.describe(planned, dry_run=args.dry_run, checks=args.checks)
            print("\n".join(lines))
            return 0
        template_release.apply(root, planned)
    except REFUSALS as error:
        return _refused(error)
    print(f"released {planned.version}: tagged {planned.tag}; publish with git push --follow-tags")
    return 0


def run_release_notes(args: argparse.Namespace) -> int:
    try:
        written = write_notes(load_project(args.root), args.services, args.budget)
    except REFUSALS as error:
        return _refused(error)
    for notes in written:
        left = f"; {notes.left_out} parts left out (listed at its end)" if notes.left_out else ""
        where = notes.path.relative_to(args.root.resolve())
        print(f"wrote {where}: about {notes.tokens:,} tokens{left}")
    return 0


def run_context(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    try:
        written = write_context(project, args.package, args.task, args.budget, checks=args.checks)
    except REFUSALS as error:
        return _refused(error)
    shown = ", ".join(written.left_out[:SHOWN_LEFT_OUT])
    more = len(written.left_out) - SHOWN_LEFT_OUT
    shown += f" and {more} more (listed at its end)" if more > 0 else ""
    left = f"; left out: {shown}" if written.left_out else ""
    where = written.path.relative_to(project.root)
    print(f"wrote {where}: about {written.tokens:,} tokens (budget {written.limit:,}){left}")
    return 0
