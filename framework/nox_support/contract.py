"""`nox -s contract(<service>)`: schemathesis fuzzes a FastAPI service from its openapi.json.

The service's `tests/contract/` holds the test (the template's backend has one): it loads the
generated document, builds the app as the unit tests do (in process, no server, SQLite) and
lets schemathesis call every operation with every check on. This module runs it bounded and
reproducible: a fixed number of examples per operation and a fixed seed, passed to the test as
`CONTRACT_EXAMPLES` and `CONTRACT_SEED`, which `-- --examples N --seed N` change. The other
arguments after `--` go to pytest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

EXAMPLES = 100
SEED = 0
FOLDER = "tests/contract"
# A service's unit-test settings may turn these pytest plugins off (they are slow to import);
# the contract tests need them, so this session turns them on again.
PLUGINS = ("-p", "schemathesis", "-p", "hypothesispytest")


class ContractArgumentError(ValueError):
    """`--examples` or `--seed` without a whole number after it."""


@dataclass(frozen=True)
class Budget:
    """How much to fuzz: examples per operation, the seed, and what else goes to pytest."""

    examples: int = EXAMPLES
    seed: int = SEED
    pytest_args: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {"CONTRACT_EXAMPLES": str(self.examples), "CONTRACT_SEED": str(self.seed)}

    def summary(self, service: str) -> str:
        return (
            f"{service}: {self.examples} examples per operation, seed {self.seed}"
            " (`-- --examples N --seed N` changes them)"
        )


def parse_budget(posargs: Sequence[str]) -> Budget:
    """`--examples N` and `--seed N` (or `--examples=N`) out of the arguments after `--`."""
    values = {"--examples": EXAMPLES, "--seed": SEED}
    rest: list[str] = []
    arguments = list(posargs)
    while arguments:
        argument = arguments.pop(0)
        name, equals, inline = argument.partition("=")
        if name not in values:
            rest.append(argument)
            continue
        text = inline if equals else (arguments.pop(0) if arguments else "")
        values[name] = _whole_number(name, text)
    return Budget(values["--examples"], values["--seed"], rest)


def _whole_number(name: str, text: str) -> int:
    if not text.isdigit() or (name == "--examples" and int(text) == 0):
        raise ContractArgumentError(
            f"{name} takes a whole number{' above 0' if name == '--examples' else ''},"
            f" not {text or 'nothing'}: nox -s contract -- --examples 500 --seed 7"
        )
    return int(text)
