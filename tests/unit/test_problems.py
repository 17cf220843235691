"""One problem type for layout, spec and code problems: how it reads and how it sorts."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.names import module_name, normalize, requirement_name
from framework.problems import Problem


def test_a_problem_without_column_reads_path_line_message() -> None:
    assert str(Problem(Path("a/pyproject.toml"), 3, "fix it")) == "a/pyproject.toml:3: fix it"


def test_a_spec_problem_adds_the_column_and_the_key_path() -> None:
    problem = Problem(Path("m.yaml"), 2, "bad", column=7, key_path="models.Book")
    assert str(problem) == "m.yaml:2:7: models.Book: bad"
    assert str(Problem(Path("m.yaml"), 1, "malformed", column=1)) == "m.yaml:1:1: malformed"


def test_problems_sort_by_position_before_message() -> None:
    first = Problem(Path("a.yaml"), 1, "z", column=2, key_path="a")
    second = Problem(Path("a.yaml"), 1, "a", column=2, key_path="a.b")
    third = Problem(Path("a.yaml"), 1, "a", column=9)
    assert sorted([third, second, first]) == [first, second, third]


def test_problems_with_and_without_column_sort_together() -> None:
    with_column = Problem(Path("a"), 1, "x", column=1)
    without = Problem(Path("a"), 1, "x")
    assert sorted([with_column, without]) == [without, with_column]


@pytest.mark.parametrize(
    ("requirement", "name"),
    [("pydantic>=2", "pydantic"), ("Typing_Extensions ; python<'3.12'", "typing-extensions")],
)
def test_requirement_names_are_normalized(requirement: str, name: str) -> None:
    assert requirement_name(requirement) == name
    assert normalize(name.upper().replace("-", ".")) == name


def test_the_module_name_is_the_configured_one_or_the_directory_name() -> None:
    configured = {"tool": {"uv": {"build-backend": {"module-name": "tg"}}}}
    assert module_name("tg-bot", configured) == "tg"
    assert module_name("tg-bot", {}) == "tg_bot"
