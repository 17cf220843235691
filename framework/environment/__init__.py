"""The environment contract: the services' settings classes, `.env.example`, and the reads.

Each service's settings class is the one source of truth for the variables it reads. From them
`nox -s generate` writes `.env.example` (`plan_example`), and `nox -s lint` (`framework check`)
fails when that file is stale, when a settings field cannot be read or lacks a description or
an example, or when service code reads a variable no settings class declares
(`check_environment`). `nox -s setup` turns the example into a first `.env`
(`create_local_env`). docs/environment.md is the user's side of it.

Everything here uses the standard library only: the repository's noxfile imports it to write
the template's `.env.example` for each module set without a project venv.
"""

from __future__ import annotations

import re

from framework.environment.contract import Contract, read_contract
from framework.environment.example import (
    EXAMPLE_FILE,
    MARKER,
    create_local_env,
    render_example,
)
from framework.environment.usage import check_usage
from framework.problems import Problem
from framework.project import Project

__all__ = [
    "EXAMPLE_FILE",
    "ContractError",
    "check_environment",
    "create_local_env",
    "plan_example",
]

_LISTED = re.compile(r"^# ([A-Za-z_][A-Za-z0-9_]*)=", flags=re.MULTILINE)
FIX = "run `nox -s generate` and commit .env.example"


class ContractError(Exception):
    """Settings that cannot be read into the contract; nothing is generated while one exists."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def plan_example(project: Project) -> str | None:
    """The text of `.env.example`; None when no service has a settings class."""
    contract = read_contract(project)
    if contract.problems:
        raise ContractError(list(contract.problems))
    return render_example(contract) if contract.sources else None


def check_environment(project: Project) -> list[Problem]:
    """Every problem with the contract: unreadable settings, a stale example, undeclared reads."""
    contract = read_contract(project)
    problems = list(contract.problems) or _example_problems(project, contract)
    return sorted(problems + check_usage(project, contract))


def _example_problems(project: Project, contract: Contract) -> list[Problem]:
    """`.env.example` against what generating it would write, with the difference in names."""
    expected = render_example(contract) if contract.sources else None
    path = project.root / EXAMPLE_FILE
    actual = path.read_text(encoding="utf-8") if path.is_file() else None
    if actual == expected or (expected is None and MARKER not in (actual or MARKER)):
        return []  # current, or a hand-written file in a project with no settings classes
    if actual is None:
        count = len(contract.variables)
        return [
            Problem(EXAMPLE_FILE, 1, f"missing, and the settings declare {count} variables; {FIX}")
        ]
    return _stale(actual, contract)


def _stale(actual: str, contract: Contract) -> list[Problem]:
    """A stale example, said as precisely as the names allow: a new setting points at itself."""
    listed = set(_LISTED.findall(actual))
    unlisted = [variable for variable in contract.variables if variable.name not in listed]
    if unlisted:
        return [
            Problem(
                variable.path,
                variable.line,
                f"{variable.name} is declared here but not in .env.example; {FIX}",
            )
            for variable in unlisted
        ]
    gone = sorted(listed - {variable.name for variable in contract.variables})
    detail = f"lists {', '.join(gone)}, which no settings class declares" if gone else "stale"
    return [Problem(EXAMPLE_FILE, 1, f"{detail} (generated from the settings classes); {FIX}")]
