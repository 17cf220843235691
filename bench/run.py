"""`nox -s bench`: how long a generated project's sessions take with 1, 3 and 10 services.

Not a test: it measures, and writes what it measured to `docs/benchmarks.md` (and prints the same
table). For each project size it renders a project (the 10-service one gets its extra services
from `nox -s new_service`), then times each step several times and keeps the median, min and
max: `nox -l`; `setup` with an empty uv cache, with a warm cache and no venvs, and again with
everything in place; `lint`, `typecheck` and `test`, one session after the other and with
`nox -j auto`. Then it drives the same project the conventional nox way (`.nox/` venvs filled by
`session.install`, see `conventional_noxfile.py`) through the same steps, side by side. The
checks of both run in interleaved rounds, as the unit-test section's do.

Every command runs the nox pinned in this repository's uv.lock and the real `uv` binary (looked up
through a pyenv shim if there is one: a shim costs a shell and pyenv on every call, which is a
property of the machine, not of the design). uv's cache is private to the benchmark.

    nox -s bench                          # everything (about 30 minutes on 2 cores)
    nox -s bench -- --sizes 1 --output build/bench.md    # a quick look, elsewhere
    nox -s bench -- --only-unit-tests --runs 7 --predecessor ../service-template
                                          # unit tests only, beside the predecessor's
    nox -s bench -- --keep-unit-tests     # all the rest, keeping the report's unit-test section
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench import unit_tests
from bench.report import (
    Measurement,
    Profile,
    Row,
    load_average,
    machine_description,
    render_report,
)
from bench.unit_tests import UnitTests
from bench.unit_tests import render_section as render_unit_tests
from bench.unit_tests import replace_section as replace_unit_tests
from tests.helpers.projects import ROOT, git, render
from tests.helpers.synthetic import write_synthetic_project

NOX = Path(sys.executable).with_name("nox")
CONVENTIONAL_NOXFILE = Path(__file__).with_name("conventional_noxfile.py")
REPORT = ROOT / "docs" / "benchmarks.md"
MODULES = {1: ["backend"], 3: ["backend", "tg_bot", "notifications"]}
EXTRA_SERVICES = (
    ("orders", "fastapi"),
    ("billing", "fastapi"),
    ("search", "fastapi"),
    ("mailer", "worker"),
    ("reports", "worker"),
    ("exports", "plain"),
    ("imports", "plain"),
)
SIZES = (1, 3, 10)


class BenchmarkError(Exception):
    """A measured command failed: the numbers would mean nothing."""


@dataclass
class Bench:
    """Where the benchmark works and how it runs commands there."""

    workdir: Path
    runs: int
    uv_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def warm_cache(self) -> Path:
        return self.workdir / "uv-cache-warm"

    def run(self, project: Path, *args: str, cache: Path | None = None) -> float:
        """Run one command in `project`, fail loudly if it fails, and return its wall time."""
        return self.run_with_output(project, *args, cache=cache)[0]

    def run_with_output(
        self, project: Path, *args: str, cache: Path | None = None
    ) -> tuple[float, str]:
        """`run`, also returning what the command printed (standard output, then errors)."""
        env = {**self.env, "UV_CACHE_DIR": str(cache or self.warm_cache)}
        start = time.perf_counter()
        result = subprocess.run(
            args, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=3600
        )
        elapsed = time.perf_counter() - start
        output = result.stdout + result.stderr
        if result.returncode != 0:
            tail = "\n".join(output.splitlines()[-40:])
            raise BenchmarkError(f"`{' '.join(args)}` failed in {project.name}:\n{tail}")
        return elapsed, output

    def nox(self, project: Path, *args: str, cache: Path | None = None) -> float:
        return self.run(project, str(NOX), "--no-color", *args, cache=cache)

    def repeat(
        self, measure: Callable[[], float], *, prepare: Callable[[], None] | None = None
    ) -> Measurement:
        samples = []
        for _ in range(self.runs):
            if prepare is not None:
                prepare()
            samples.append(measure())
        return Measurement(tuple(samples))

    @contextmanager
    def cold_cache(self) -> Iterator[Path]:
        """An empty uv cache, removed afterwards (a full one holds hundreds of megabytes)."""
        cache = Path(tempfile.mkdtemp(prefix="uv-cache-cold-", dir=self.workdir))
        try:
            yield cache
        finally:
            shutil.rmtree(cache, ignore_errors=True)


def real_uv() -> Path:
    """The uv binary itself, looked up through a pyenv shim when PATH leads to one."""
    found = shutil.which("uv")
    if found is None:
        raise BenchmarkError("uv is not on PATH; install it (`pip install uv`) and run again")
    if Path(found).read_bytes()[:2] == b"#!" and shutil.which("pyenv"):
        resolved = subprocess.run(
            ["pyenv", "which", "uv"], capture_output=True, text=True, check=False
        )
        if resolved.returncode == 0:
            return Path(resolved.stdout.strip())
    return Path(found)


def make_project(bench: Bench, size: int) -> Path:
    """A committed, set-up project with `size` services, its venvs and caches warm."""
    project = bench.workdir / f"project-{size}"
    modules = MODULES.get(size, MODULES[3])
    render(project, modules)
    extra = EXTRA_SERVICES[: size - len(list(project.glob("services/*/pyproject.toml")))]
    for name, kind in extra:
        bench.nox(project, "-s", "new_service", "--", name, "--kind", kind)
    if extra:
        git(project, "add", "--all")
        git(project, "commit", "--quiet", "--message", "more services")
    count = len(list(project.glob("services/*/pyproject.toml")))
    if count != size:
        raise BenchmarkError(f"{project.name} has {count} services, not {size}")
    bench.nox(project, "-s", "setup")
    return project


def venvs(project: Path) -> list[Path]:
    return [project / ".venv", *project.glob("shared/.venv"), *project.glob("services/*/.venv")]


def count_entries(project: Path) -> int:
    """Files and directories in the project's venvs: what `setup` links from uv's cache."""
    return sum(1 for venv in venvs(project) for _ in venv.rglob("*"))


def remove_venvs(project: Path) -> None:
    for venv in venvs(project):
        shutil.rmtree(venv)


def measure_ours(bench: Bench, project: Path) -> dict[str, Measurement]:
    """Every step, driven by the project's own noxfile."""
    found: dict[str, Measurement] = {}
    bench.nox(project, "-l")
    found["nox -l"] = bench.repeat(partial(bench.nox, project, "-l"))

    def cold_setup() -> float:
        with bench.cold_cache() as cache:
            return bench.nox(project, "-s", "setup", cache=cache)

    setup = partial(bench.nox, project, "-s", "setup")
    found["setup, empty uv cache"] = bench.repeat(
        cold_setup, prepare=partial(remove_venvs, project)
    )
    found["setup, warm cache, no venvs"] = bench.repeat(
        setup, prepare=partial(remove_venvs, project)
    )
    found["setup again (no-op)"] = bench.repeat(setup)
    return found


def check_commands(noxfile: list[str]) -> dict[str, list[str]]:
    """The everyday checks a row each: one session after the other, and with `-j auto`."""
    return {
        "lint": [*noxfile, "-s", "lint"],
        "typecheck": [*noxfile, "-s", "typecheck"],
        "typecheck -j auto": [*noxfile, "-j", "auto", "-s", "typecheck"],
        "test": [*noxfile, "-s", "test"],
        "test -j auto": [*noxfile, "-j", "auto", "-s", "test"],
    }


def measure_checks(
    bench: Bench, project: Path, noxfiles: dict[str, list[str]]
) -> dict[str, dict[str, Measurement]]:
    """Each check with each noxfile, after one warm-up run each, then in interleaved rounds.

    The warm-up fills what a developer's machine has after the first run: mypy's cache and the
    bytecode of every installed package. Each round runs every command once, so a slow phase of
    the machine slows all of them alike instead of one row only.
    """
    commands = {
        (who, step): partial(bench.nox, project, *arguments)
        for who, noxfile in noxfiles.items()
        for step, arguments in check_commands(noxfile).items()
    }
    for command in commands.values():
        command()
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
    for _ in range(bench.runs):
        for key, command in commands.items():
            samples[key].append(command())
    found: dict[str, dict[str, Measurement]] = {who: {} for who in noxfiles}
    for (who, step), taken in samples.items():
        found[who][step] = Measurement(tuple(taken))
    return found


@contextmanager
def conventional_noxfile(project: Path) -> Iterator[list[str]]:
    """The conventional noxfile in the project for the block (its nox arguments); afterwards
    neither it nor its `.nox/` venvs are left."""
    noxfile = project / "conventional_noxfile.py"
    shutil.copyfile(CONVENTIONAL_NOXFILE, noxfile)
    try:
        yield ["-f", noxfile.name]
    finally:
        noxfile.unlink()
        shutil.rmtree(project / ".nox", ignore_errors=True)


def measure_conventional(bench: Bench, project: Path, args: list[str]) -> dict[str, Measurement]:
    """The same steps driven the conventional way; `--install-only` stands in for `setup`."""
    install = partial(
        bench.nox, project, *args, "--install-only", "-s", "lint", "typecheck", "test"
    )
    remove_nox_venvs = partial(shutil.rmtree, project / ".nox", ignore_errors=True)

    def cold_install() -> float:
        with bench.cold_cache() as cache:
            return install(cache=cache)

    found = {"nox -l": bench.repeat(partial(bench.nox, project, *args, "-l"))}
    found["setup, empty uv cache"] = bench.repeat(cold_install, prepare=remove_nox_venvs)
    found["setup, warm cache, no venvs"] = bench.repeat(install, prepare=remove_nox_venvs)
    found["setup again (no-op)"] = bench.repeat(install)
    return found


def measure_code_generation(bench: Bench) -> dict[str, Measurement]:
    """`python -m framework generate` on a synthetic spec of 50 models and 20 domains.

    Each `generate` run starts from a fresh copy with nothing generated, so it writes every
    file; `--check` then regenerates in memory and compares, as `check-generated` does in CI.
    """
    python = str(NOX.with_name("python"))
    project = bench.workdir / "synthetic"

    def fresh() -> None:
        shutil.rmtree(project, ignore_errors=True)
        write_synthetic_project(project, models=50, domains=20)

    def framework(*args: str) -> float:
        return bench.run(project, python, "-m", "framework", *args, ".")

    fresh()
    framework("generate")  # warm-up: the framework's and its libraries' bytecode
    generate = bench.repeat(partial(framework, "generate"), prepare=fresh)
    check = bench.repeat(partial(framework, "generate", "--check"))
    return {"`generate`, every file written": generate, "`generate --check`": check}


def breakdown(bench: Bench, project: Path, venv_entries: dict[int, int]) -> Profile:
    """Profile `nox -l`, a no-op `setup` and `test` on `project`: where their time goes."""
    python = str(NOX.with_name("python"))
    uv = str(bench.uv_dir / "uv")
    load_noxfile = (
        "import runpy, time, nox; start = time.perf_counter();"
        " runpy.run_path('noxfile.py'); print(time.perf_counter() - start)"
    )

    def noxfile_load() -> float:
        result = subprocess.run(
            [python, "-c", load_noxfile], cwd=project, env=bench.env,
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return float(result.stdout)

    version = (project / ".python-version").read_text().strip()
    components = {
        "python startup (`python -c pass`)": bench.repeat(
            partial(bench.run, project, python, "-c", "pass")
        ),
        "python startup and `import nox`": bench.repeat(
            partial(bench.run, project, python, "-c", "import nox")
        ),
        "executing the project's noxfile (in-process, nox already imported)": bench.repeat(
            noxfile_load
        ),
        "one no-op `uv sync --locked`": bench.repeat(
            partial(bench.run, project, uv, "sync", "--locked", "--quiet", "--project", "shared")
        ),
        "`uv python find` (setup's interpreter check)": bench.repeat(
            partial(bench.run, project, uv, "python", "find", "--no-python-downloads", version)
        ),
        "`uv --version`, the real binary": bench.repeat(
            partial(bench.run, project, uv, "--version")
        ),
    }
    on_path = shutil.which("uv")
    if on_path and Path(on_path).resolve() != Path(uv).resolve():
        components["`uv --version` through the shim that PATH finds first"] = bench.repeat(
            partial(bench.run, project, on_path, "--version")
        )
    return Profile(
        components=components,
        import_profile=import_profile(python),
        test_sessions=test_durations(bench, project),
        venv_entries=venv_entries,
        cores=os.cpu_count() or 1,
    )


def import_profile(python: str, top: int = 8) -> list[tuple[str, float]]:
    """The modules with the largest cumulative import time under `import nox`, in ms."""
    result = subprocess.run(
        [python, "-X", "importtime", "-c", "import nox"], capture_output=True, text=True, check=True
    )
    timings = []
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            timings.append((parts[2].strip(), int(parts[1]) / 1000))
    return sorted(timings, key=lambda item: item[1], reverse=True)[:top]


def test_durations(bench: Bench, project: Path) -> list[tuple[str, float]]:
    """Each `test(<package>)` session's own duration, in the order nox runs them (its report)."""
    report = bench.workdir / "test-report.json"
    bench.nox(project, "-s", "test", "--report", str(report))
    sessions = json.loads(report.read_text())["sessions"]
    return [(entry["signatures"][0], float(entry["duration"])) for entry in sessions]


def measure_unit_tests(bench: Bench, args: argparse.Namespace) -> list[UnitTests]:
    """The full project's `nox -s test` on each Python asked for: the baseline if any, then
    HEAD, then the predecessor if asked for, interleaved run by run."""
    templates = []
    if args.baseline:
        templates.append(unit_tests.Template(args.baseline, f"before (`{args.baseline}`)"))
    # A commit, not HEAD: copier adds uncommitted changes to a HEAD checkout, and a benchmark
    # should measure something that can be named and measured again.
    head = git(ROOT, "rev-parse", "HEAD").strip()
    templates.append(unit_tests.Template(head, f"`{head[:9]}`"))
    found = []
    for python in args.pythons:
        print(f"measuring unit tests on Python {python} ...", file=sys.stderr, flush=True)
        found += unit_tests.measure(bench, python, templates, args.predecessor)
    return found


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nox -s bench --", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", choices=SIZES, default=list(SIZES), help="services"
    )
    parser.add_argument("--output", type=Path, default=REPORT, help="the Markdown report")
    parser.add_argument(
        "--only-unit-tests",
        action="store_true",
        help="measure only the full project's unit tests and replace that section of the report",
    )
    parser.add_argument(
        "--keep-unit-tests",
        action="store_true",
        help="measure all but the unit-test loop and keep that section of the report as it is"
        " (it takes many interleaved runs of its own: measure it with --only-unit-tests)",
    )
    parser.add_argument(
        "--pythons", nargs="+", default=["3.12", "3.11"], help="Pythons for the unit-test loop"
    )
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also measure the unit-test loop of the template at this commit (before/after)",
    )
    parser.add_argument(
        "--predecessor",
        metavar="CHECKOUT",
        type=Path,
        help="also measure `make tests` of the Makefile-based predecessor, rendered from this"
        " git checkout of it (vladmesh/service-template) with the same modules",
    )
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be at least 3: a median of fewer runs says little")
    if args.only_unit_tests and args.keep_unit_tests:
        parser.error("--only-unit-tests and --keep-unit-tests exclude each other")
    if args.keep_unit_tests:
        kept = args.output.read_text() if args.output.exists() else ""
        args.kept_unit_tests = unit_tests.current_section(kept)
        if args.kept_unit_tests is None:
            parser.error(f"--keep-unit-tests: {args.output} has no unit-test section to keep")
    if args.predecessor and not (args.predecessor / "copier.yml").is_file():
        parser.error(f"--predecessor {args.predecessor}: no copier.yml there; give a checkout")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_at_start = load_average()
    with tempfile.TemporaryDirectory(prefix="nox-bench-") as scratch:
        uv_dir = Path(scratch) / "bin"
        uv_dir.mkdir()
        (uv_dir / "uv").symlink_to(real_uv())
        env = {
            **os.environ,
            "PATH": f"{uv_dir}{os.pathsep}{os.environ['PATH']}",
            "NO_COLOR": "1",
            "UV_PYTHON_DOWNLOADS": "never",
        }
        env.pop("VIRTUAL_ENV", None)
        # Python writes bytecode by default, and a developer's machine has it after the first
        # run; measured with it switched off, every import would be compiled again each time.
        bytecode_was_off = env.pop("PYTHONDONTWRITEBYTECODE", None) is not None
        bench = Bench(Path(scratch), args.runs, uv_dir, env)
        if args.keep_unit_tests:
            unit_section: list[str] = args.kept_unit_tests
        else:
            unit_section = render_unit_tests(measure_unit_tests(bench, args), args.runs)
        if args.only_unit_tests:
            report = args.output.read_text() if args.output.exists() else ""
            args.output.write_text(replace_unit_tests(report, unit_section))
            print("\n".join(unit_section))
            return 0
        rows: list[Row] = []
        loads: dict[int, str] = {}
        entries: dict[int, int] = {}
        profile = None
        for size in sorted(args.sizes):
            print(f"measuring the {size}-service project ...", file=sys.stderr, flush=True)
            load_before = load_average()
            project = make_project(bench, size)
            entries[size] = count_entries(project)
            ours = measure_ours(bench, project)
            with conventional_noxfile(project) as conventional:
                theirs = measure_conventional(bench, project, conventional)
                checks = measure_checks(bench, project, {"ours": [], "theirs": conventional})
            ours |= checks["ours"]
            theirs |= checks["theirs"]
            rows += [Row(size, step, measured, theirs.get(step)) for step, measured in ours.items()]
            loads[size] = f"{load_before}, {load_average()}"
            if size == max(args.sizes):
                profile = breakdown(bench, project, entries)
            shutil.rmtree(project)
        generation = measure_code_generation(bench)
        machine = machine_description(bench.env)
        if bytecode_was_off:
            machine["bytecode"] = (
                "written (PYTHONDONTWRITEBYTECODE was set here; the benchmark unsets it)"
            )
    assert profile is not None
    machine["load average (1 min) at start and end"] = f"{load_at_start}, {load_average()}"
    report = render_report(
        unit_tests=unit_section,
        machine=machine,
        rows=rows,
        loads=loads,
        profile=profile,
        generation=generation,
        runs=args.runs,
        minutes=(time.perf_counter() - started) / 60,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (BenchmarkError, unit_tests.MissingPythonError, unit_tests.MissingToolError) as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
