"""The everyday unit-test loop of a full project: `nox -s test`, one package after the other and
with `nox -j auto`, per Python version, for this template, optionally an older commit of it, and
optionally the Makefile-based predecessor's `make tests` on the same modules.

The runs are interleaved: each round runs every contender once, so a slow phase of a noisy
machine slows all of them alike and the ratios hold still where the absolute times do not.

Each package's session is set beside the time pytest itself reports for it, so what a session
costs beyond its tests (interpreter, imports, plugins, coverage start, nox) shows per package.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import copier

from bench.report import Measurement, measured_on, number
from tests.helpers.projects import commit_generated, interpreter_dir, render

if TYPE_CHECKING:
    from bench.run import Bench

NOX = Path(sys.executable).with_name("nox")
FULL = ["backend", "tg_bot", "notifications"]
# pytest's last line, with or without -q: "=== 94 passed, 1 warning in 1.88s ===".
PYTEST_SUMMARY = re.compile(r"^=* ?(?P<outcomes>\d+ \w+(?:, \d+ \w+)*) in (?P<seconds>[0-9.]+)s\b")
PASSED = re.compile(r"(\d+) passed")
SECTION_START = "<!-- unit-tests: start -->"
SECTION_END = "<!-- unit-tests: end -->"
PREDECESSOR_LABEL = "predecessor (`make tests`)"


class MissingPythonError(Exception):
    """The Python to measure on is not installed."""


class MissingToolError(Exception):
    """A program the measurement needs (make, for the predecessor) is not installed."""


@dataclass(frozen=True)
class Template:
    """A commit of this template to measure, and how the report names it."""

    ref: str
    label: str


@dataclass(frozen=True)
class SessionTime:
    """One `test(<package>)` session: its own duration and what pytest reported, medians."""

    session: str
    session_seconds: float
    pytest_seconds: float


@dataclass(frozen=True)
class UnitTests:
    """The unit tests of one project on one Python: ours, or the predecessor's (no `-j`)."""

    label: str
    python: str
    tests: int
    sequential: Measurement
    parallel: Measurement | None
    sessions: list[SessionTime]


@dataclass(frozen=True)
class _Summary:
    """What one run printed: the tests that passed and pytest's own time, per pytest run."""

    passed: int
    pytest_seconds: list[float]


def _summaries(output: str) -> _Summary:
    found = [match for line in output.splitlines() if (match := PYTEST_SUMMARY.match(line))]
    passed = sum(int(m[1]) for match in found if (m := PASSED.search(match["outcomes"])))
    return _Summary(passed, [float(match["seconds"]) for match in found])


class _Contender(Protocol):
    project: Path

    def prepare(self) -> None: ...
    def run_once(self) -> None: ...
    def result(self) -> UnitTests: ...


@dataclass
class _Ours:
    """This template at one commit, driven by its own noxfile."""

    bench: Bench
    python: str
    template: Template
    project: Path
    walls: list[float] = field(default_factory=list)
    parallel: list[float] = field(default_factory=list)
    sessions: list[dict[str, tuple[float, float]]] = field(default_factory=list)
    passed: int = 0

    def prepare(self) -> None:
        render(self.project, FULL, self.python, self.template.ref)
        self.bench.nox(self.project, "-s", "setup")
        self.bench.nox(self.project, "-s", "test")  # warm-up: bytecode, as on a second run

    def run_once(self) -> None:
        report = self.bench.workdir / "unit-tests-report.json"
        wall, output = self.bench.run_with_output(
            self.project, str(NOX), "--no-color", "-s", "test", "--report", str(report)
        )
        entries = json.loads(report.read_text())["sessions"]
        summary = _summaries(output)
        if len(summary.pytest_seconds) != len(entries):
            raise ValueError(
                f"found {len(summary.pytest_seconds)} pytest summaries for {len(entries)} sessions"
            )
        self.walls.append(wall)
        self.passed = summary.passed
        self.sessions.append(
            {
                entry["signatures"][0]: (float(entry["duration"]), seconds)
                for entry, seconds in zip(entries, summary.pytest_seconds, strict=True)
            }
        )
        self.parallel.append(self.bench.nox(self.project, "-j", "auto", "-s", "test"))

    def result(self) -> UnitTests:
        sessions = [
            SessionTime(
                name,
                statistics.median(run[name][0] for run in self.sessions),
                statistics.median(run[name][1] for run in self.sessions),
            )
            for name in self.sessions[0]
        ]
        return UnitTests(
            self.template.label,
            self.python,
            self.passed,
            Measurement(tuple(self.walls)),
            Measurement(tuple(self.parallel)),
            sessions,
        )


@dataclass
class _Predecessor:
    """The Makefile-based predecessor, rendered from a checkout with the same modules."""

    bench: Bench
    python: str
    source: Path
    project: Path
    walls: list[float] = field(default_factory=list)
    passed: int = 0

    def prepare(self) -> None:
        if shutil.which("make") is None:
            raise MissingToolError("the predecessor's tests run through make, which is missing")
        answers = {"project_name": "demo-shop", "modules": ",".join(FULL)}
        copier.run_copy(
            str(self.source),
            self.project,
            data={**answers, "python_version": self.python},
            defaults=True,
            quiet=True,
        )
        commit_generated(self.project)
        self.bench.run(self.project, "make", "setup")
        self.bench.run(self.project, "make", "tests")  # warm-up, as for ours

    def run_once(self) -> None:
        wall, output = self.bench.run_with_output(self.project, "make", "tests")
        self.walls.append(wall)
        self.passed = _summaries(output).passed

    def result(self) -> UnitTests:
        walls = Measurement(tuple(self.walls))
        return UnitTests(PREDECESSOR_LABEL, self.python, self.passed, walls, None, [])


def measure(
    bench: Bench, python: str, templates: list[Template], predecessor: Path | None
) -> list[UnitTests]:
    """Set up every contender for `python`, then time them round by round, interleaved."""
    bin_dir = interpreter_dir(python)
    if bin_dir is None:
        raise MissingPythonError(
            f"Python {python} is not installed (neither on PATH nor under pyenv)"
        )
    contenders: list[_Contender] = [
        _Ours(bench, python, template, bench.workdir / f"unit-tests-{python}-{index}")
        for index, template in enumerate(templates)
    ]
    if predecessor is not None:
        where = bench.workdir / f"unit-tests-{python}-predecessor"
        contenders.append(_Predecessor(bench, python, predecessor, where))
    saved_path = bench.env["PATH"]
    bench.env["PATH"] = f"{saved_path}:{bin_dir}"
    try:
        for contender in contenders:
            contender.prepare()
        for _ in range(bench.runs):
            for contender in contenders:
                contender.run_once()
        return [contender.result() for contender in contenders]
    finally:
        bench.env["PATH"] = saved_path
        for contender in contenders:
            shutil.rmtree(contender.project, ignore_errors=True)


def _ratios(results: list[UnitTests]) -> list[str]:
    """Each other contender's medians divided by the last commit's, per Python."""
    lines = []
    for python in dict.fromkeys(result.python for result in results):
        same = [result for result in results if result.python == python]
        ours = next(r for r in reversed(same) if r.label != PREDECESSOR_LABEL)
        for other in (result for result in same if result is not ours):
            parts = [f"`nox -s test` {other.sequential.median / ours.sequential.median:.2f}"]
            if other.parallel is not None and ours.parallel is not None:
                parts.append(f"`-j auto` {other.parallel.median / ours.parallel.median:.2f}")
            if other.label == PREDECESSOR_LABEL and ours.parallel is not None:
                parts.append(
                    f"against `-j auto` {other.sequential.median / ours.parallel.median:.2f}"
                )
            lines.append(f"- Python {python}, {other.label} / {ours.label}: {', '.join(parts)}")
    return lines


def render_section(results: list[UnitTests], runs: int) -> list[str]:
    """The report's section on the unit-test loop, between markers so it can be replaced alone."""
    lines = [
        SECTION_START,
        "## Unit tests of the full project",
        "",
        "`nox -s test` on a project with every module (backend, tg_bot, notifications_worker and"
        " `shared`), after one unmeasured warm-up run; medians of"
        f" {runs} runs in seconds. The runs are interleaved: each round runs every row of a"
        " Python once, so a slow phase of the machine slows them alike. *Session* is nox's own"
        " duration of `test(<package>)`; *pytest* is the time pytest reports for the same run"
        " (collection and tests, after its plugins and conftest imports); the difference is the"
        " interpreter, imports made before collection, coverage start and nox. The predecessor"
        " is the Makefile-based template this one replaces, rendered with the same modules: its"
        " `make tests` runs each service's pytest in turn, without coverage.",
        "",
        f"Measured on {measured_on()}; the host changes from day to day, so compare rows of one"
        " section, and the ratios, rather than absolute times across days.",
        "",
        "| template | Python | tests | `nox -s test` | `nox -j auto -s test` |",
        "|---|---|---|---|---|",
        *(
            f"| {r.label} | {r.python} | {r.tests} | {r.sequential} | {r.parallel or '-'} |"
            for r in results
        ),
        "",
        "Ratios of the medians (above 1, the last commit is faster):",
        "",
        *_ratios(results),
        "",
        "| template | Python | session | session s | pytest s | difference |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        lines += [
            f"| {result.label} | {result.python} | `{s.session}` | {number(s.session_seconds)}"
            f" | {number(s.pytest_seconds)} | {number(s.session_seconds - s.pytest_seconds)} |"
            for s in result.sessions
        ]
    return [*lines, "", SECTION_END]


def current_section(report: str) -> list[str] | None:
    """The unit-test section of `report` as it stands, markers included; None if it has none."""
    if SECTION_START not in report or SECTION_END not in report:
        return None
    inside = report.split(SECTION_START, 1)[1].split(SECTION_END, 1)[0]
    return f"{SECTION_START}{inside}{SECTION_END}".split("\n")


def replace_section(report: str, section: list[str]) -> str:
    """`report` with its unit-test section replaced by `section` (appended if it had none)."""
    text = "\n".join(section)
    if SECTION_START in report and SECTION_END in report:
        before, rest = report.split(SECTION_START, 1)
        return before + text + rest.split(SECTION_END, 1)[1]
    return report.rstrip("\n") + "\n\n" + text + "\n"
