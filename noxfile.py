"""Sessions for developing Nox Service Template itself: `nox -l` lists them.

Like the projects it generates, this repository runs its tools from its own uv venv (`.venv`,
pinned by uv.lock), never from `.nox/`. Bare `nox` runs lint, typecheck, tests and template.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2026.8.10"
nox.options.default_venv_backend = "none"
nox.options.error_on_external_run = False

ROOT = Path(__file__).parent
BIN = ROOT / ".venv" / ("Scripts" if sys.platform == "win32" else "bin")
PYTHON_SOURCES = ("framework", "tests", "bench", "noxfile.py", "template/noxfile.py")
DEMO_DIR = ROOT / "build" / "demo"
TEMPLATE_LOCKS = (
    ".",
    "shared",
    "services/backend",
    "services/tg_bot",
    "services/notifications_worker",
)
DEMO_NEXT_STEPS = (
    "nox -l                                # every session, with what it does",
    "nox -s typecheck complexity           # the rest of the everyday checks",
    'nox -s "test(backend)" -- -k users    # one service, arguments for pytest',
    "nox                                   # lint, complexity, typecheck, test",
)


def sync(session: nox.Session) -> None:
    """Make `.venv` match uv.lock (a few milliseconds when it already does)."""
    if shutil.which("uv") is None:
        session.error("uv is not on PATH; install it (`pip install uv`) and run again.")
    session.run("uv", "sync", "--locked", "--quiet", "--no-python-downloads", silent=True)


def tool(name: str) -> str:
    return str(BIN / name)


@nox.session
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules with ruff (changes nothing)."""
    sync(session)
    session.run(tool("ruff"), "format", "--check", *PYTHON_SOURCES)
    session.run(tool("ruff"), "check", *PYTHON_SOURCES)


@nox.session(name="format", default=False)
def format_(session: nox.Session) -> None:
    """Fix what ruff can fix and reformat the framework, the tests and this noxfile."""
    sync(session)
    session.run(tool("ruff"), "check", "--fix", *PYTHON_SOURCES)
    session.run(tool("ruff"), "format", *PYTHON_SOURCES)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the framework, the tests and both noxfiles with mypy --strict."""
    sync(session)
    session.run(tool("mypy"), *session.posargs)
    session.run(tool("mypy"), "template/noxfile.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the framework's unit tests with coverage (floor 85%); posargs go to pytest."""
    sync(session)
    session.run(tool("pytest"), "tests/unit", "--cov", *session.posargs)


def run_marked(session: nox.Session, path: str, marker: str) -> None:
    """Run the tests under `path` with one marker; they render projects, so no pytest cache."""
    sync(session)
    session.run(tool("pytest"), path, "-m", marker, "-p", "no:cacheprovider", *session.posargs)


@nox.session
def template(session: nox.Session) -> None:
    """Render the template for several module sets and run each project's own sessions."""
    run_marked(session, "tests/template", "slow")


@nox.session(default=False)
def integration(session: nox.Session) -> None:
    """Run a generated project's integration sessions on real containers (needs an engine)."""
    run_marked(session, "tests/containers", "integration")


@nox.session(default=False)
def images(session: nox.Session) -> None:
    """Build a generated project's images with Podman and run them (needs the local engine)."""
    run_marked(session, "tests/containers", "images")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time projects of 1, 3 and 10 services against conventional nox; write docs/benchmarks.md."""
    sync(session)
    session.run(tool("python"), "-m", "bench.run", *session.posargs)


@nox.session(default=False)
def demo(session: nox.Session) -> None:
    """Generate a full demo project (default build/demo; or `-- DIR`) and run its sessions."""
    sync(session)
    destination = Path(session.posargs[0]).resolve() if session.posargs else DEMO_DIR
    if destination.exists():
        if not (destination / ".copier-answers.yml").is_file():
            session.error(
                f"{destination} exists and is not an earlier demo; pass another directory"
            )
        shutil.rmtree(destination)
    render(session, destination, python_version=installed_python(session))
    session.chdir(destination)
    session.run("nox", "-s", "setup", "lint", "test", external=True)
    session.log(f"The demo project is in {destination}. Try, from there:")
    for command in DEMO_NEXT_STEPS:
        session.log(f"    {command}")


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-lock this repository and every uv.lock the template ships (after a dependency change)."""
    # Lock before syncing: `uv sync --locked` refuses the very change this session is for.
    session.run("uv", "lock", "--no-python-downloads", *session.posargs)
    sync(session)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        render(session, project, python_version="3.11")
        for locked in TEMPLATE_LOCKS:
            session.run("uv", "lock", "--no-python-downloads", "--project", str(project / locked))
            shutil.copyfile(project / locked / "uv.lock", ROOT / "template" / locked / "uv.lock")


@nox.session(default=False)
def generate(session: nox.Session) -> None:
    """Regenerate the code the template ships from its specs (through a rendered project)."""
    sync(session)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        render(session, project, python_version="3.11")
        session.run("uv", "sync", "--locked", "--quiet", "--project", str(project))
        bin_dir = project / ".venv" / BIN.name
        session.run(str(bin_dir / "python"), "-m", "framework", "generate", str(project))
        for path in generated_files(project):
            relative = path.relative_to(project)
            (ROOT / "template" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, ROOT / "template" / relative)


def generated_files(project: Path) -> list[Path]:
    """The files `framework generate` writes in a project."""
    patterns = ("shared/shared/generated/**/*.py", "services/*/src/*/generated/**/*.py")
    found = [path for pattern in patterns for path in project.glob(pattern)]
    return sorted([*found, *project.glob("services/*/openapi.json")])


def render(session: nox.Session, destination: Path, *, python_version: str) -> None:
    """Render the template with every module, as `copier copy` would for a user."""
    ref = ["--vcs-ref=HEAD"] if (ROOT / ".git").exists() else []
    session.run(
        tool("copier"), "copy", "--defaults", "--quiet", *ref,
        "--data", f"python_version={python_version}", str(ROOT), str(destination),
    )  # fmt: skip


def installed_python(session: nox.Session) -> str:
    """The first Python the template offers that is installed here (uv cannot download one)."""
    for version in ("3.11", "3.12", "3.13"):
        found = subprocess.run(
            ["uv", "python", "find", "--no-python-downloads", version],
            capture_output=True,
            check=False,
        )
        if found.returncode == 0:
            return version
    session.error("none of Python 3.11, 3.12, 3.13 is installed; install one and run again")
