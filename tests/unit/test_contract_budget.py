"""`nox -s contract -- --examples N --seed N`: the budget is read, the rest goes to pytest."""

from __future__ import annotations

import pytest

from framework.nox_support.contract import (
    EXAMPLES,
    SEED,
    Budget,
    ContractArgumentError,
    parse_budget,
)


def test_without_arguments_the_committed_budget_and_seed_apply() -> None:
    budget = parse_budget([])
    assert (budget.examples, budget.seed, budget.pytest_args) == (EXAMPLES, SEED, [])
    assert budget.env == {"CONTRACT_EXAMPLES": str(EXAMPLES), "CONTRACT_SEED": str(SEED)}


def test_examples_and_seed_are_taken_out_and_the_rest_is_for_pytest() -> None:
    budget = parse_budget(["-x", "--examples", "1000", "--seed=7", "-k", "users"])
    assert budget == Budget(1000, 7, ["-x", "-k", "users"])
    assert "1000 examples per operation, seed 7" in budget.summary("backend")


@pytest.mark.parametrize(
    "arguments", [["--examples"], ["--examples", "many"], ["--examples=0"], ["--seed", "-1"]]
)
def test_a_budget_that_is_no_whole_number_is_one_line_with_an_example(arguments: list[str]) -> None:
    with pytest.raises(
        ContractArgumentError, match=r"takes a whole number.*nox -s contract -- --examples 500"
    ):
        parse_budget(arguments)
