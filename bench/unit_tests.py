"""The everyday unit-test loop of a full project: `nox -s test`, one package after the other and
with `nox -j auto`, per Python version, for this template and optionally an older commit of it.

Each package's session is set beside the time pytest itself reports for it, so what a session
costs beyond its tests (interpreter, imports, plugins, coverage start, nox) shows per package.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import Measurement, number
from tests.helpers.projects import interpreter_dir, render

if TYPE_CHECKING:
    from bench.run import Bench

NOX = Path(sys.executable).with_name("nox")
FULL = ["backend", "tg_bot", "notifications"]
PYTEST_SUMMARY = re.compile(r"=+ .*? in ([0-9.]+)s.* =+$")
SECTION_START = "<!-- unit-tests: start -->"
SECTION_END = "<!-- unit-tests: end -->"


class MissingPythonError(Exception):
    """The Python to measure on is not installed."""


@dataclass(frozen=True)
class SessionTime:
    """One `test(<package>)` session: its own duration and what pytest reported, medians."""

    session: str
    session_seconds: float
    pytest_seconds: float


@dataclass(frozen=True)
class UnitTests:
    """`nox -s test` on one template version and one Python."""

    label: str
    python: str
    sequential: Measurement
    parallel: Measurement
    sessions: list[SessionTime]


def measure(bench: Bench, python: str, ref: str, label: str) -> UnitTests:
    """Render the full project at `ref` for `python`, set it up, warm it, then time `test`."""
    bin_dir = interpreter_dir(python)
    if bin_dir is None:
        raise MissingPythonError(
            f"Python {python} is not installed (neither on PATH nor under pyenv)"
        )
    saved_path = bench.env["PATH"]
    bench.env["PATH"] = f"{saved_path}:{bin_dir}"
    project = bench.workdir / f"unit-tests-{python}-{label}"
    try:
        render(project, FULL, python, ref)
        bench.nox(project, "-s", "setup")
        bench.nox(project, "-s", "test")  # warm-up: bytecode, as a developer's second run has it
        runs = [_sequential_run(bench, project) for _ in range(bench.runs)]
        parallel = bench.repeat(lambda: bench.nox(project, "-j", "auto", "-s", "test"))
    finally:
        bench.env["PATH"] = saved_path
        shutil.rmtree(project, ignore_errors=True)
    sessions = [
        SessionTime(
            name,
            statistics.median(run[1][name][0] for run in runs),
            statistics.median(run[1][name][1] for run in runs),
        )
        for name in runs[0][1]
    ]
    return UnitTests(label, python, Measurement(tuple(run[0] for run in runs)), parallel, sessions)


def _sequential_run(bench: Bench, project: Path) -> tuple[float, dict[str, tuple[float, float]]]:
    """One `nox -s test`: its wall time, and per session (own duration, pytest's time)."""
    report = bench.workdir / "unit-tests-report.json"
    wall, output = bench.run_with_output(
        project, str(NOX), "--no-color", "-s", "test", "--report", str(report)
    )
    entries = json.loads(report.read_text())["sessions"]
    pytest_times = [
        float(match.group(1))
        for line in output.splitlines()
        if (match := PYTEST_SUMMARY.search(line.strip()))
    ]
    if len(pytest_times) != len(entries):
        raise ValueError(f"found {len(pytest_times)} pytest summaries for {len(entries)} sessions")
    sessions = {
        entry["signatures"][0]: (float(entry["duration"]), pytest_time)
        for entry, pytest_time in zip(entries, pytest_times, strict=True)
    }
    return wall, sessions


def render_section(results: list[UnitTests], runs: int) -> list[str]:
    """The report's section on the unit-test loop, between markers so it can be replaced alone."""
    lines = [
        SECTION_START,
        "## Unit tests of the full project",
        "",
        "`nox -s test` on a project with every module (backend, tg_bot, notifications_worker and"
        " `shared`), after one unmeasured warm-up run; medians of"
        f" {runs} runs in seconds. *Session* is nox's own duration of `test(<package>)`;"
        " *pytest* is the time pytest reports for the same run (collection and tests, after"
        " its plugins and conftest imports); the difference is the interpreter, imports made"
        " before collection, coverage start and nox.",
        "",
        "| template | Python | `nox -s test` | `nox -j auto -s test` |",
        "|---|---|---|---|",
        *(f"| {r.label} | {r.python} | {r.sequential} | {r.parallel} |" for r in results),
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


def replace_section(report: str, section: list[str]) -> str:
    """`report` with its unit-test section replaced by `section` (appended if it had none)."""
    text = "\n".join(section)
    if SECTION_START in report and SECTION_END in report:
        before, rest = report.split(SECTION_START, 1)
        return before + text + rest.split(SECTION_END, 1)[1]
    return report.rstrip("\n") + "\n\n" + text + "\n"
