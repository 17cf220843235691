"""Every nox command that a generated README.md, AGENTS.md and CONTRIBUTING.md quote, run for real.

test_template.py checks, for every module combination, that nox accepts each quoted command and
that the command selects sessions which exist. Here, in a full project, each (session, pytest
arguments) pair those commands select runs once, except the pairs that other tests already run
exactly as quoted: the everyday sessions without arguments (test_template.py, every combination),
the integration sessions (test_integration.py, on real containers), the sessions that run the
system, `dev`, `smoke` and the migrations (test_run_the_system.py, on real containers), and
`release` (test_releases.py, on a history of conventional commits: here a release would commit
and tag, and leave nothing for the release notes to describe).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.containers.test_integration import INTEGRATION_SESSIONS
from tests.containers.test_run_the_system import SYSTEM_SESSIONS
from tests.containers.test_shipping import SHIP_SESSIONS
from tests.helpers.documented import documented_commands, lists_sessions, selection, split
from tests.helpers.projects import explain, git, nox, run_ok, set_up
from tests.template.test_releases import RELEASE_RUNS
from tests.template.test_template import EVERYDAY_SESSIONS

Run = tuple[str, tuple[str, ...]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return set_up(tmp_path_factory.mktemp("docs") / "demo-shop")


def run_elsewhere(project: Path) -> set[Run]:
    """The session runs other tests make, each without pytest arguments."""
    everyday = {
        session for name in EVERYDAY_SESSIONS for session in selection(project, f"nox -s {name}")
    }
    return {(session, ()) for session in everyday | set(INTEGRATION_SESSIONS)} | RELEASE_RUNS


def needs_the_running_system(run: Run) -> bool:
    """`dev` and its kin need a container engine and are driven in test_run_the_system.py."""
    return run[0].split("(")[0] in SYSTEM_SESSIONS | SHIP_SESSIONS


def test_the_docs_quote_the_commands_that_matter(project: Path) -> None:
    quoted = documented_commands(project)
    assert {"nox -l", "nox -s setup lint test", "nox"} <= quoted.keys()
    assert [command for command, documents in quoted.items() if "README.md" in documents][:5] == [
        "nox -s setup",
        "nox -l",
        "nox -s lint test",
        "nox",
        "nox -s integration",
    ]


def test_every_documented_command_runs(project: Path) -> None:
    runs: dict[Run, str] = {}
    for command in documented_commands(project):
        arguments, posargs = split(command)
        if lists_sessions(arguments):
            run_ok(project, *arguments)
            continue
        for session in selection(project, command):
            runs.setdefault((session, tuple(posargs)), command)

    elsewhere = run_elsewhere(project)
    to_run = {
        run: command
        for run, command in runs.items()
        if run not in elsewhere and not needs_the_running_system(run)
    }
    assert to_run, "every quoted command is run elsewhere: nothing is left to prove here"
    for (session, pytest_args), command in to_run.items():
        args = ("-s", session, *(("--", *pytest_args) if pytest_args else ()))
        result = nox(project, *args)
        if result.returncode != 0:
            pytest.fail(
                f"the docs quote `{command}`:\n{explain(project, args, result)}", pytrace=False
            )
    assert git(project, "status", "--porcelain") == "", "a documented command changed files"
