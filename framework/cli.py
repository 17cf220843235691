"""The `framework` command: `python -m framework <command>` inside a generated project.

Each command is a function taking the parsed arguments and returning the exit code; a
subcommand names its function with `set_defaults(run=...)`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from framework import __version__
from framework.changes import ChangesError, select
from framework.checks import check_code
from framework.cli_release import register as register_release_commands
from framework.compat.command import register as register_compat_command
from framework.environment import EXAMPLE_FILE, ContractError, check_environment
from framework.generate import differences, plan, write
from framework.generate.formatting import FormatterError
from framework.generate.typescript import ClientError
from framework.importer.command import run_import_specs
from framework.layout import check_project
from framework.project import NotAProjectError, load_project
from framework.scaffold import DEFAULT_KIND, KINDS, ScaffoldError, create_service
from framework.specs.loader import load_specs
from framework.specs.source import SpecError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framework", description="Checks and code generation for a generated project."
    )
    parser.add_argument("--version", action="version", version=f"framework {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check the layout, the specs, and that hand-written code follows them",
    )
    check.set_defaults(run=run_check)

    validate = commands.add_parser("validate", help="check the specs only; write nothing")
    validate.set_defaults(run=run_validate)

    generate = commands.add_parser("generate", help="generate code from the specs")
    generate.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail and list the files that are not what generation makes",
    )
    generate.set_defaults(run=run_generate)

    for command in (check, validate, generate):
        command.add_argument("root", nargs="?", type=Path, default=Path(), help="project root")

    new_service = commands.add_parser(
        "new-service", help="create services/<name>/ from a scaffold, locked and ready to test"
    )
    new_service.add_argument("name", help="the service's directory, distribution and package name")
    new_service.add_argument(
        "--kind",
        choices=KINDS,
        default=DEFAULT_KIND,
        help=f"what to start from (default {DEFAULT_KIND}): "
        + "; ".join(f"{kind}, {text}" for kind, text in KINDS.items()),
    )
    new_service.add_argument(
        "--no-lock",
        dest="lock",
        action="store_false",
        help="write no uv.lock (then run `nox -s lock` before the service's sessions)",
    )
    new_service.set_defaults(run=run_new_service)

    import_specs = commands.add_parser(
        "import-specs",
        help="rewrite specs written for the seeds' system into this format, in place",
    )
    import_specs.add_argument("directory", type=Path, help="the project root holding the specs")
    import_specs.set_defaults(run=run_import_specs)

    changed = commands.add_parser(
        "changed", help="list the packages whose files changed since REF, and why"
    )
    changed.add_argument(
        "ref", nargs="?", help="compare with this commit (default: merge-base with main or master)"
    )
    changed.add_argument("--json", action="store_true", help="print the selection as JSON")
    changed.set_defaults(run=run_changed)

    for command in (new_service, changed):
        command.add_argument("--root", type=Path, default=Path(), help="project root")
    register_release_commands(commands)
    register_compat_command(commands)
    return parser


def run_check(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    problems = [str(problem) for problem in check_project(project)]
    try:
        specs = load_specs(project)
    except SpecError as error:
        problems += [str(problem) for problem in error.problems]
    else:
        problems += [str(problem) for problem in check_code(project, specs)]
    problems += [str(problem) for problem in check_environment(project)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    names = ", ".join(package.name for package in project.packages)
    print(f"layout, specs and code agree: {names}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    specs = load_specs(load_project(args.root))
    print(
        f"specs ok: {len(specs.files)} file(s), {len(specs.classes)} classes, "
        f"{len(specs.events)} events, {len(specs.domains)} domains"
    )
    return 0


def run_generate(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    planned = plan(project, load_specs(project))
    if args.check:
        stale = differences(project, planned)
        for path in stale:
            made_by = "the settings classes" if path.name == EXAMPLE_FILE.name else "the specs"
            print(f"{path}: differs from what {made_by} generate", file=sys.stderr)
        if stale:
            print(
                f"{len(stale)} generated file(s) are out of date or edited by hand;"
                " run `nox -s generate` and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"generated code is current: {len(planned)} file(s)")
        return 0
    changed = write(project, planned)
    for path in changed:
        print(f"wrote {path}" if path in planned else f"removed {path}")
    print(f"{len(planned)} generated file(s), {len(changed)} changed")
    return 0


def run_new_service(args: argparse.Namespace) -> int:
    try:
        service = create_service(load_project(args.root), args.name, args.kind, lock=args.lock)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"created services/{service.name} ({service.kind}):")
    for path in service.files:
        print(f"  {path}")
    return 0


def run_changed(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    packages = {
        package.name: str(package.path.relative_to(project.root)) for package in project.packages
    }
    try:
        selection = select(project.root, packages, args.ref)
    except ChangesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(selection.to_json() if args.json else "\n".join(selection.summary()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except NotAProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SpecError as error:
        print(error, file=sys.stderr)
        print(
            f"{len(error.problems)} problem(s) in the specs; nothing was written", file=sys.stderr
        )
        return 1
    except ContractError as error:
        print(error, file=sys.stderr)
        print(
            f"{len(error.problems)} problem(s) in the settings classes; nothing was written",
            file=sys.stderr,
        )
        return 1
    except (FormatterError, ClientError) as error:
        print(f"error: {error}; nothing was written", file=sys.stderr)
        return 1
    return code
