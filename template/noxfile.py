# /// script
# dependencies = ["nox>=2026.8.10"]
# ///
"""Every task of this project is a nox session: `nox -l` lists them.

Sessions run the tools installed in the project's own uv venvs (`.venv` for the root tooling,
`shared/.venv` and `services/<name>/.venv` per package), never in `.nox/`. `nox -s setup` creates
them all; any other session brings the venvs it needs up to date first, which costs a few
milliseconds when nothing changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox

nox.needs_version = ">=2026.8.10"
nox.options.default_venv_backend = "none"
nox.options.error_on_external_run = False

ROOT = Path(__file__).parent
VENV_BIN = Path(".venv", "Scripts" if sys.platform == "win32" else "bin")
SERVICES = sorted(path.parent.name for path in ROOT.glob("services/*/pyproject.toml"))
PACKAGES = ["shared", *SERVICES]
XENON_THRESHOLDS = ("--max-absolute", "B", "--max-modules", "A", "--max-average", "A")


def package_dir(package: str) -> Path:
    """Where a package lives: `shared/` or `services/<name>/`."""
    return ROOT / package if package == "shared" else ROOT / "services" / package


INTEGRATION_PACKAGES = [
    package for package in PACKAGES if (package_dir(package) / "tests" / "integration").is_dir()
]


def uv_sync(project: Path) -> subprocess.CompletedProcess[str]:
    """Make `project/.venv` match `project/uv.lock` exactly (a no-op when it already does)."""
    return subprocess.run(
        ["uv", "sync", "--locked", "--quiet", "--no-python-downloads", "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )


def require_uv(session: nox.Session) -> None:
    """Stop with one line when uv is missing: every venv here is made by uv."""
    if shutil.which("uv") is None:
        session.error("uv is not on PATH; install it (`pip install uv`) and run again.")


def require_python(session: nox.Session) -> None:
    """Stop with one line when the interpreter named by `.python-version` is not installed."""
    version = (ROOT / ".python-version").read_text().strip()
    found = subprocess.run(
        ["uv", "python", "find", "--no-python-downloads", version],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        session.error(
            f"Python {version} (from .python-version) is not installed; install it"
            f" (`uv python install {version}`) or write an installed version into .python-version."
        )


def sync(session: nox.Session, project: Path) -> None:
    """Bring one venv up to date from its lock."""
    require_uv(session)
    venv = project / ".venv"
    if not venv.exists():
        require_python(session)
        session.log(f"creating {venv.relative_to(ROOT)} from uv.lock (`nox -s setup` does all)")
    result = uv_sync(project)
    if result.returncode != 0:
        session.error(f"uv sync failed for {project.relative_to(ROOT)}:\n{result.stderr}")


def tool(name: str) -> str:
    """A tool in the venv of the current directory: sessions run from the project they check."""
    return str(VENV_BIN / name)


def enter_package(session: nox.Session, package: str) -> None:
    """Sync a package's venv and work from its directory, so its pyproject configures the tools."""
    sync(session, package_dir(package))
    session.chdir(package_dir(package))


def run_pytest(session: nox.Session, package: str, *args: str) -> None:
    """Run pytest in a package's venv; a selection passed after `--` may match nothing here."""
    enter_package(session, package)
    success_codes = [0, 5] if session.posargs else [0]
    session.run(tool("pytest"), *args, *session.posargs, success_codes=success_codes)


@nox.session(default=False)
def setup(session: nox.Session) -> None:
    """Create or update every venv from its uv.lock: the root tooling and each package, at once."""
    require_uv(session)
    require_python(session)
    projects = [ROOT, *(package_dir(package) for package in PACKAGES)]
    with ThreadPoolExecutor(max_workers=len(projects)) as pool:
        results = list(pool.map(uv_sync, projects))
    failed = [
        (project, result)
        for project, result in zip(projects, results, strict=True)
        if result.returncode != 0
    ]
    for project, result in failed:
        session.warn(f"uv sync failed in {project.relative_to(ROOT)}:\n{result.stderr}")
    if failed:
        session.error(f"{len(failed)} of {len(projects)} venvs could not be synced")
    session.log(f"{len(projects)} venvs match their locks: . {' '.join(PACKAGES)}")


@nox.session(tags=["ci"])
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules with ruff, and the project layout (changes nothing)."""
    sync(session, ROOT)
    session.run(tool("ruff"), "format", "--check", ".")
    session.run(tool("ruff"), "check", ".")
    session.run(tool("python"), "-m", "framework", "check", ".")


@nox.session(name="format", default=False)
def format_(session: nox.Session) -> None:
    """Reformat every Python file, then fix what ruff can fix and show what is left."""
    sync(session, ROOT)
    session.run(tool("ruff"), "format", ".")
    session.run(tool("ruff"), "check", "--fix", ".")


@nox.session(tags=["ci"])
def complexity(session: nox.Session) -> None:
    """Fail when a function or module grows too complex (xenon; thresholds in the noxfile)."""
    sync(session, ROOT)
    sources = ["shared/shared", *(f"services/{service}/src" for service in SERVICES)]
    session.run(tool("xenon"), *XENON_THRESHOLDS, *sources)


@nox.session(tags=["ci"], allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def typecheck(session: nox.Session, package: str) -> None:
    """Type-check one package with mypy --strict, in the package's own venv."""
    enter_package(session, package)
    session.run(tool("mypy"), *session.posargs)


@nox.session(tags=["ci"], allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def test(session: nox.Session, package: str) -> None:
    """Run one package's unit tests with coverage; arguments after `--` go to pytest."""
    # A selection of tests cannot meet the coverage floor.
    floor = ["--cov-fail-under=0"] if session.posargs else []
    run_pytest(session, package, "tests/unit", *floor)


@nox.session(default=False, tags=["ci"], allow_parallel=True)
@nox.parametrize("package", INTEGRATION_PACKAGES, ids=INTEGRATION_PACKAGES)
def integration(session: nox.Session, package: str) -> None:
    """Run one package's integration tests on real PostgreSQL and Redis (testcontainers)."""
    run_pytest(session, package, "tests/integration", "--no-cov")


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve uv.lock for the root and every package (after editing dependencies)."""
    require_uv(session)
    extra = session.posargs
    for project in [ROOT, *(package_dir(package) for package in PACKAGES)]:
        session.run("uv", "lock", "--no-python-downloads", "--project", str(project), *extra)
