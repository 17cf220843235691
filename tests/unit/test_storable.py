"""Values no database stores are refused by the generated code, and the specs may not allow them."""

from __future__ import annotations

import pytest

from framework.specs.constraints import limit_problems
from framework.specs.format import Constraints
from framework.specs.storable import INT_MAX, INT_MIN, NO_NUL, admits_nul, effective_limits
from framework.specs.types import parse_type


@pytest.mark.parametrize(
    "pattern",
    [r"^\S+$", r"^[^@\s]+@x$", r"^.*$", r"^[\x00-\x1f]$", r"(a|.)", r"\W", r"(?:ab|[^c])+", "\x00"],
)
def test_a_pattern_that_lets_nul_through_is_named(pattern: str) -> None:
    assert admits_nul(pattern)


@pytest.mark.parametrize(
    "pattern",
    [r"^[^\s\x00]([^\x00\n]*[^\s\x00])?$", r"^[a-z]+$", r"[^\W]", NO_NUL, r"x{2,}", r"\d+", "("],
)
def test_a_pattern_that_excludes_nul_passes(pattern: str) -> None:
    assert not admits_nul(pattern)


def test_a_string_without_a_pattern_refuses_nul_and_one_with_a_pattern_keeps_it() -> None:
    string = parse_type("string")
    assert effective_limits(Constraints(max_length=5), string) == Constraints(
        max_length=5, pattern=NO_NUL
    )
    assert effective_limits(Constraints(pattern="^a$"), string) == Constraints(pattern="^a$")


def test_an_int_gets_the_json_safe_bounds_its_spec_leaves_out() -> None:
    integer = parse_type("int")
    assert effective_limits(Constraints(), integer) == Constraints(ge=INT_MIN, le=INT_MAX)
    assert effective_limits(Constraints(gt=0), integer) == Constraints(gt=0, le=INT_MAX)
    assert effective_limits(Constraints(ge=0, lt=10), integer) == Constraints(ge=0, lt=10)


def test_items_floats_and_named_types_are_left_alone() -> None:
    assert effective_limits(None, parse_type("int")) is None
    assert effective_limits(Constraints(), parse_type("float")) == Constraints()
    assert effective_limits(Constraints(), parse_type("list[string]")) == Constraints()


def test_the_spec_check_names_a_pattern_that_admits_nul_and_how_to_fix_it() -> None:
    problems = list(limit_problems(Constraints(pattern=r"^\S+$"), parse_type("string")))
    assert problems == [
        (
            "pattern",
            r"'^\\S+$' lets NUL (U+0000) through, which PostgreSQL cannot store; exclude it from"
            r" every class and dot, e.g. [^\s\x00] for \S, [^@\x00] for [^@], [^\x00\n] for .",
        )
    ]


def test_the_spec_check_refuses_an_int_limit_beyond_what_json_carries() -> None:
    problems = list(limit_problems(Constraints(le=2**63), parse_type("int")))
    assert problems == [
        ("le", f"le {2**63} is beyond what an int holds, -(2**53 - 1) to 2**53 - 1")
    ]
    assert float(INT_MAX) == INT_MAX  # FastAPI publishes it as a float: it must stay exact
