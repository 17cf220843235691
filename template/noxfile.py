"""Every task of this project is a nox session: `nox -l` lists them.

Sessions run the tools installed in the project's own uv venvs (`.venv` for the root tooling,
`shared/.venv` and `services/<name>/.venv` per package), never in `.nox/`. `nox -s setup` creates
them all; any other session brings the venvs it needs up to date first, which costs a few
milliseconds when nothing changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox
from nox.logger import logger

# `framework.changes` uses the standard library only, so nox's own interpreter imports it straight
# from .framework/: no venv needed and no process started, not even once per `nox -j` worker.
sys.path.insert(0, str(Path(__file__).parent / ".framework"))
from framework import changes

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
IMAGE_SERVICES = [
    service for service in SERVICES if (package_dir(service) / "Dockerfile").is_file()
]
CHANGED_SELECTION_ENV = "NOXFILE_CHANGED_SELECTION"


def decide_changed() -> changes.Selection | None:
    """With `-- --changed [REF]`: the packages this run covers, decided and logged once.

    Under `nox -j` every session runs in a nox process of its own that loads this file again. The
    process the user started decides, logs the choice and hands it down in the environment, so
    the choice is printed once and every session agrees with it.
    """
    posargs = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    changed = changes.parse_changed_argument(posargs)
    if changed is None:
        return None
    inherited = os.environ.get(CHANGED_SELECTION_ENV)
    if inherited:
        selection = changes.Selection.from_json(inherited)
        if selection.root == str(ROOT) and selection.ref == changed.ref:
            return selection
    packages = {package: str(package_dir(package).relative_to(ROOT)) for package in PACKAGES}
    try:
        selection = changes.select(ROOT, packages, changed.ref)
    except changes.ChangesError as error:
        logger.error(str(error))
        sys.exit(2)
    for line in selection.summary():
        logger.info(line)
    os.environ[CHANGED_SELECTION_ENV] = selection.to_json()
    return selection


CHANGED = decide_changed()


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


def tool_args(session: nox.Session) -> list[str]:
    """The arguments after `--` that are meant for the tool: all but `--changed [REF]`."""
    return changes.without_changed_argument(session.posargs)


def skip_unless_changed(session: nox.Session, package: str) -> None:
    """Under `--changed`, skip a package none of whose files changed, and say why either way."""
    if CHANGED is None:
        return
    reason = CHANGED.affected.get(package)
    if reason is None:
        session.skip(CHANGED.skip_reason(package))
    session.log(f"{package} runs: {reason}")


def enter_package(session: nox.Session, package: str) -> None:
    """Sync a package's venv and work from its directory, so its pyproject configures the tools."""
    sync(session, package_dir(package))
    session.chdir(package_dir(package))


def run_pytest(session: nox.Session, package: str, *args: str) -> None:
    """Run pytest in a package's venv; a selection passed after `--` may match nothing here."""
    enter_package(session, package)
    success_codes = [0, 5] if tool_args(session) else [0]
    session.run(tool("pytest"), *args, *tool_args(session), success_codes=success_codes)


HOOKS_DIR = ".githooks"


def git_output(*args: str) -> str | None:
    """What `git <args>` prints in the project, or None when git is missing or the command fails."""
    if shutil.which("git") is None:
        return None
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def hooks_of_your_own() -> list[str]:
    """Hooks installed by hand in `.git/hooks` (not samples): core.hooksPath would hide them."""
    hooks = git_output("rev-parse", "--git-path", "hooks")
    if hooks is None:
        return []
    installed = (ROOT / hooks).glob("*")
    return sorted(path.name for path in installed if path.is_file() and path.suffix != ".sample")


def install_git_hooks(session: nox.Session) -> None:
    """Point git at the tracked `.githooks/` when this project is the top of a git repository.

    Only `.git/config` changes, never a tracked file. Outside a repository (a fresh copier output
    before `git init`) there is nothing to do, and a hooks setup of the user's own is left alone.
    """
    toplevel = git_output("rev-parse", "--show-toplevel")
    if toplevel is None or Path(toplevel).resolve() != ROOT.resolve():
        return
    current = git_output("config", "--get", "core.hooksPath")
    if current == HOOKS_DIR:
        return
    own = hooks_of_your_own()
    if current is None and not own:
        subprocess.run(["git", "config", "core.hooksPath", HOOKS_DIR], cwd=ROOT, check=True)
        session.log(f"git hooks installed from {HOOKS_DIR}/: pre-commit, pre-push")
        return
    kept = f"core.hooksPath is {current}" if current else f"own hooks in .git/hooks: {own}"
    session.log(
        f"git hooks not installed ({kept}); to use this project's:"
        f" git config core.hooksPath {HOOKS_DIR}"
    )


@nox.session(default=False)
def setup(session: nox.Session) -> None:
    """Create or update every venv from its uv.lock, services in parallel; install the git hooks."""
    require_uv(session)
    require_python(session)
    # Every service installs shared's packages: syncing shared (with the root) first puts them in
    # uv's cache once, where services syncing all at once on an empty cache each download them.
    first = [ROOT, package_dir("shared")]
    projects = [*first, *(package_dir(service) for service in SERVICES)]
    with ThreadPoolExecutor(max_workers=len(projects)) as pool:
        results = list(pool.map(uv_sync, first))
        results += pool.map(uv_sync, projects[len(first) :])
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
    install_git_hooks(session)


@nox.session(tags=["ci"])
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules (ruff), the layout, the specs and the controllers."""
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


@nox.session(default=False)
def generate(session: nox.Session) -> None:
    """Generate schemas, events, routers, protocols and OpenAPI from the YAML specs."""
    sync(session, ROOT)
    session.run(tool("python"), "-m", "framework", "generate", ".")


@nox.session(name="check-generated", default=False, tags=["ci"])
def check_generated(session: nox.Session) -> None:
    """Fail, listing the files, when generated code differs from what the specs generate."""
    sync(session, ROOT)
    session.run(tool("python"), "-m", "framework", "generate", "--check", ".")


@nox.session(tags=["ci"])
def complexity(session: nox.Session) -> None:
    """Fail when a function or module grows too complex (xenon; thresholds in the noxfile)."""
    sync(session, ROOT)
    sources = ["shared/shared", *(f"services/{service}/src" for service in SERVICES)]
    session.run(tool("xenon"), *XENON_THRESHOLDS, *sources)


@nox.session(tags=["ci"], allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def typecheck(session: nox.Session, package: str) -> None:
    """Type-check one package with mypy --strict in its own venv; `--` takes `--changed [REF]`."""
    skip_unless_changed(session, package)
    enter_package(session, package)
    session.run(tool("mypy"), *tool_args(session))


@nox.session(tags=["ci"], allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def test(session: nox.Session, package: str) -> None:
    """Run one package's unit tests with coverage; `--` takes pytest arguments and `--changed`."""
    skip_unless_changed(session, package)
    # A selection of tests cannot meet the coverage floor.
    floor = ["--cov-fail-under=0"] if tool_args(session) else []
    run_pytest(session, package, "tests/unit", *floor)


@nox.session(default=False, tags=["ci"], allow_parallel=True)
@nox.parametrize("package", INTEGRATION_PACKAGES, ids=INTEGRATION_PACKAGES)
def integration(session: nox.Session, package: str) -> None:
    """Run one package's integration tests on real PostgreSQL and Redis (testcontainers)."""
    skip_unless_changed(session, package)
    run_pytest(session, package, "tests/integration", "--no-cov")


def engine_answers(engine: str) -> bool:
    """Whether `<engine> info` succeeds: the command is installed and its daemon is up."""
    if shutil.which(engine) is None:
        return False
    try:
        info = subprocess.run([engine, "info"], capture_output=True, check=False, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return info.returncode == 0


def container_engine(session: nox.Session) -> str:
    """`$CONTAINER_ENGINE` if set, else `docker` if its daemon answers, else `podman`."""
    chosen = os.environ.get("CONTAINER_ENGINE")
    if chosen:
        if shutil.which(chosen) is None:
            session.error(f"CONTAINER_ENGINE={chosen} is not on PATH; install it or unset it.")
        return chosen
    for engine in ("docker", "podman"):
        if engine_answers(engine):
            return engine
    session.error(
        "no container engine answers (`docker info` and `podman info` both fail);"
        " start Docker or install Podman, or name one in CONTAINER_ENGINE, and run again."
    )


def image_tag(service: str) -> str:
    """`<project directory>-<service>:dev`, lowercased into a valid image name."""
    project = re.sub(r"[^a-z0-9]+", "-", ROOT.name.lower()).strip("-") or "project"
    return f"{project}-{service}:dev"


@nox.session(default=False)
@nox.parametrize("service", IMAGE_SERVICES, ids=IMAGE_SERVICES)
def build(session: nox.Session, service: str) -> None:
    """Build one service's production image; arguments after `--` go to the engine's build."""
    engine = container_engine(session)
    # Podman writes OCI images unless told otherwise, and OCI images drop HEALTHCHECK.
    image_format = ["--format", "docker"] if Path(engine).name == "podman" else []
    dockerfile = package_dir(service) / "Dockerfile"
    tag = image_tag(service)
    session.run(
        engine, "build", "--file", str(dockerfile), "--tag", tag, *image_format,
        *session.posargs, str(ROOT),
    )  # fmt: skip
    session.log(f"built {tag} with {engine}")


@nox.session(name="new_service", default=False)
def new_service(session: nox.Session) -> None:
    """Create services/<name>/ (`-- <name> [--kind fastapi|worker|plain]`), locked and synced."""
    if not session.posargs:
        session.error(
            "name the new service: nox -s new_service -- <name> [--kind fastapi|worker|plain]"
        )
    sync(session, ROOT)
    # The framework writes the service and its uv.lock, or nothing at all.
    session.run(tool("python"), "-m", "framework", "new-service", *session.posargs)
    existing = set(SERVICES)
    for pyproject in sorted(ROOT.glob("services/*/pyproject.toml")):
        service = pyproject.parent.name
        if service not in existing:
            sync(session, package_dir(service))
            session.log(f'services/{service} is ready: nox -s "test({service})"')


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve uv.lock for the root and every package (after editing dependencies)."""
    require_uv(session)
    extra = session.posargs
    for project in [ROOT, *(package_dir(package) for package in PACKAGES)]:
        session.run("uv", "lock", "--no-python-downloads", "--project", str(project), *extra)
