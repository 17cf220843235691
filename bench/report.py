"""The report `nox -s bench` writes: machine, measurements side by side, targets, time budget.

Kept apart from `bench.py`, which only measures, so the wording of the report lives in one place.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """Wall times of several runs of one step, in seconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def __str__(self) -> str:
        return f"{number(self.median)} ({number(min(self.samples))}-{number(max(self.samples))})"


@dataclass(frozen=True)
class Row:
    """One step on one project size: our noxfile and, where it has one, the conventional one."""

    services: int
    step: str
    ours: Measurement
    conventional: Measurement | None = None


@dataclass(frozen=True)
class Target:
    """A goal from the issue, checked against the measurements."""

    goal: str
    measured: str
    verdict: str
    dominated_by: str = ""


@dataclass(frozen=True)
class Profile:
    """What the fixed costs are made of, and what the missed targets are dominated by."""

    components: dict[str, Measurement]
    import_profile: list[tuple[str, float]]
    test_sessions: list[tuple[str, float]]
    venv_entries: dict[int, int]
    cores: int

    def makespan(self, durations: list[float]) -> float:
        """When `cores` workers, each taking the next session in turn, finish all of them."""
        workers = [0.0] * self.cores
        for duration in durations:
            workers[workers.index(min(workers))] += duration
        return max(workers)

    def test_schedule(self) -> str:
        durations = [duration for _, duration in self.test_sessions]
        total = sum(durations)
        in_order = self.makespan(durations)
        longest_first = self.makespan(sorted(durations, reverse=True))
        return (
            f"in the order nox starts them, {self.cores} workers cannot finish the"
            f" {seconds(total)} of sessions before {seconds(in_order)} ({total / in_order:.2f}x);"
            f" started slowest first, {seconds(longest_first)} ({total / longest_first:.2f}x)"
        )


def number(value: float) -> str:
    """Seconds with the precision that means something at that size."""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def seconds(value: float) -> str:
    return f"{number(value)} s"


def machine_description(env: dict[str, str]) -> dict[str, str]:
    """What the numbers were measured on: hardware, system and tool versions."""
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory(),
        "system": platform.platform(),
        "Python": platform.python_version(),
        "uv": _version(env, "uv", "--version"),
        "nox": _version(env, "nox", "--version"),
        "git": _version(env, "git", "--version"),
        "measured": _now(),
    }


def measured_on() -> str:
    """One line on where and when, for a section measured apart from the machine table."""
    return f"{_cpu_model()} ({os.cpu_count()} cores), {_now()}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def load_average() -> str:
    """The 1-minute load average: other work on the machine shows up in every number."""
    return f"{os.getloadavg()[0]:.2f}"


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.MULTILINE)
        if match:
            return match.group(1).strip()
    return platform.processor() or platform.machine()


def _memory() -> str:
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        match = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), flags=re.MULTILINE)
        if match:
            return f"{int(match.group(1)) / 1024**2:.1f} GiB"
    return "unknown"


def _version(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    return (
        (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"
    )


def find(rows: list[Row], services: int, step: str) -> Row | None:
    return next((row for row in rows if row.services == services and row.step == step), None)


def check_targets(rows: list[Row], profile: Profile) -> list[Target]:
    """The issue's targets: met, or missed by how much and dominated by what."""
    startup = profile.components.get("python startup and `import nox`")
    nox_import = f"`python -c 'import nox'` alone takes {startup}" if startup else ""
    targets = []
    for goal, services, step, limit, why in (
        ("no-op `setup`, 10 services, under 0.5 s", 10, "setup again (no-op)", 0.5, nox_import),
        (
            "warm-cache `setup`, 3 services, under 2 s",
            3,
            "setup, warm cache, no venvs",
            2.0,
            f"linking {profile.venv_entries.get(3, 0):,} files and directories into 5 venvs",
        ),
        ("`nox -l`, 10 services, under 0.3 s", 10, "nox -l", 0.3, nox_import),
    ):
        row = find(rows, services, step)
        targets.append(_below(goal, row.ours.median, limit, why) if row else _unmeasured(goal))
    warm3 = find(rows, 3, "setup, warm cache, no venvs")
    warm10 = find(rows, 10, "setup, warm cache, no venvs")
    goal = "warm-cache `setup`, 10 services, under twice the 3-service time"
    if warm3 and warm10:
        entries3, entries10 = profile.venv_entries.get(3, 0), profile.venv_entries.get(10, 0)
        why = (
            f"linking files from uv's cache into the venvs: {entries10:,} for 10 services against"
            f" {entries3:,} for 3 ({entries10 / max(entries3, 1):.1f}x), since every service"
            " venv has its own copy of its dependencies and of the dev tools (mypy, pytest,"
            " testcontainers)"
        )
        targets.append(_below(goal, warm10.ours.median, 2 * warm3.ours.median, why))
    else:
        targets.append(_unmeasured(goal))
    sequential, parallel = find(rows, 10, "test"), find(rows, 10, "test -j auto")
    goal = "`test`, 10 services, `-j auto` at least 1.5x faster than one after the other"
    if sequential and parallel:
        speedup = sequential.ours.median / parallel.ours.median
        verdict = "met" if speedup >= 1.5 else f"missed by {1.5 - speedup:.2f}x"
        slowest = max(profile.test_sessions, key=lambda item: item[1])
        why = (
            f"the slowest session (`{slowest[0]}`, {seconds(slowest[1])}: pytest's imports and"
            f" coverage) and the order: {profile.test_schedule()}"
        )
        targets.append(Target(goal, f"{speedup:.2f}x", verdict, why if speedup < 1.5 else ""))
    else:
        targets.append(_unmeasured(goal))
    return targets


def _below(goal: str, value: float, limit: float, why: str) -> Target:
    if value < limit:
        return Target(goal, seconds(value), f"met ({seconds(limit - value)} to spare)")
    over = value - limit
    verdict = f"missed by {seconds(over)} ({over / limit:.0%} over)"
    return Target(goal, seconds(value), verdict, why)


def _unmeasured(goal: str) -> Target:
    return Target(goal, "—", "not measured in this run (it needs the 3- and 10-service projects)")


def render_report(
    *,
    unit_tests: list[str],
    machine: dict[str, str],
    rows: list[Row],
    loads: dict[int, str],
    profile: Profile,
    generation: dict[str, Measurement],
    runs: int,
    minutes: float,
) -> str:
    """The whole of docs/benchmarks.md."""
    lines = [*_introduction(runs), *_machine(machine, minutes), *unit_tests, ""]
    for services in sorted({row.services for row in rows}):
        lines += _size_table(rows, services, loads.get(services, "?"))
    lines += [
        "## Targets",
        "",
        "| target | measured (median) | verdict | dominated by |",
        "|---|---|---|---|",
        *(
            f"| {t.goal} | {t.measured} | {t.verdict} | {t.dominated_by} |"
            for t in check_targets(rows, profile)
        ),
        "",
        *_where_the_time_goes(profile),
        "## Code generation",
        "",
        "`python -m framework generate`, process start included, on a synthetic spec of 50"
        " models (150 classes with their variants) and 20 domains of 5 operations each"
        " (`tests/helpers/synthetic.py`). The target is well under 2 s.",
        "",
        "| step | seconds |",
        "|---|---|",
        *(f"| {step} | {measured} |" for step, measured in generation.items()),
        "",
    ]
    return "\n".join(lines)


def _introduction(runs: int) -> list[str]:
    return [
        "# Benchmarks",
        "",
        "Written by `nox -s bench` (`bench/run.py`); run it again rather than editing this page.",
        "",
        f"Each cell is the median of {runs} runs in seconds, with the fastest and slowest in"
        " brackets. *Ours* is the generated project's own noxfile (the uv venvs of `nox -s setup`,"
        " `python=False` sessions). *Conventional* is the same project driven the usual nox way:"
        " a venv per session in `.nox/`, made with nox's uv backend and filled by"
        " `session.install` from each pyproject, venvs reused between runs"
        " (`bench/conventional_noxfile.py`); its `setup` rows are"
        " `nox --install-only -s lint typecheck test`. *Ratio* is conventional / ours: above 1,"
        " ours is faster. `lint`, `typecheck` and `test` are measured after one unmeasured"
        " warm-up run (mypy's cache, bytecode), as on a developer's machine, in interleaved"
        " rounds: each round runs every one of them, ours and conventional, once, so a slow"
        " phase of the machine slows them alike. An empty uv cache"
        " means every package is downloaded from the index again.",
        "",
    ]


def _machine(machine: dict[str, str], minutes: float) -> list[str]:
    return [
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine.items()),
        f"| benchmark duration | {minutes:.0f} min |",
        "",
    ]


def _size_table(rows: list[Row], services: int, load: str) -> list[str]:
    lines = [
        f"## {services} service{'s' if services > 1 else ''} (plus `shared`)",
        "",
        f"Load average (1 min) before and after: {load}.",
        "",
        "| step | ours | conventional | ratio |",
        "|---|---|---|---|",
    ]
    for row in rows:
        if row.services == services:
            theirs = row.conventional
            ratio = f"{theirs.median / row.ours.median:.1f}" if theirs else "—"
            lines.append(f"| `{row.step}` | {row.ours} | {theirs or '—'} | {ratio} |")
    return [*lines, ""]


def _where_the_time_goes(profile: Profile) -> list[str]:
    lines = [
        "## Where the time goes",
        "",
        "The fixed costs every nox command pays, on the largest project measured:",
        "",
        "| component | seconds: median (min-max) |",
        "|---|---|",
        *(f"| {name} | {measurement} |" for name, measurement in profile.components.items()),
        "",
        "The slowest imports under `import nox` (`python -X importtime`, cumulative, one run):",
        "",
        "| module | ms |",
        "|---|---|",
        *(f"| `{module}` | {ms:.0f} |" for module, ms in profile.import_profile),
        "",
        "Files and directories in the venvs `setup` creates (a warm-cache `setup` spends its time"
        " linking them from uv's cache): "
        + "; ".join(
            f"{services} service{'s' if services > 1 else ''}: {entries:,}"
            for services, entries in sorted(profile.venv_entries.items())
        )
        + ".",
        "",
    ]
    if profile.test_sessions:
        lines += [
            f"`test` on the largest project, one package after the other, with each session's own"
            f" time: {profile.test_schedule()}.",
            "",
            "| session, in the order nox runs it | s |",
            "|---|---|",
            *(f"| `{name}` | {duration:.1f} |" for name, duration in profile.test_sessions),
            "",
        ]
    return lines
