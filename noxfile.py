"""Sessions for developing Nox Service Template itself. Start with:

    nox                                    lint, complexity, typecheck, test, template: what CI runs
    nox -s test                            the framework's unit tests (seconds)
    nox -s template -- -k tg_bot -x        render projects and run their sessions; args to pytest
    nox -s demo                            generate build/demo and run its setup, lint and test

Like the projects it generates, this repository runs its tools from its own uv venv (`.venv`,
pinned by uv.lock), never from `.nox/`, through the same `framework.nox_support` they use.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent))
from framework.environment.template import TEMPLATE_FILE, env_example_template, module_services
from framework.module_sets import all_sets, rendered_sets, set_directory
from framework.node_versions import installed_node, nvmrc_line
from framework.nox_support import Project

nox.needs_version = ">=2026.8.10"
nox.options.default_venv_backend = "none"

project = Project(__file__)
ROOT = project.root
PYTHON_SOURCES = ("framework", "tests", "bench", "noxfile.py", "template/noxfile.py")
XENON_THRESHOLDS = ("--max-absolute", "B", "--max-modules", "A", "--max-average", "A")
# What must pass before a release: bare `nox`, which is also what CI runs.
RELEASE_CHECKS = ("lint", "complexity", "typecheck", "test", "template")
TEMPLATE_PYTHONS = ("3.11", "3.12", "3.13")
TEMPLATE_LOCKS = (
    ".",
    "shared",
    "services/backend",
    "services/tg_bot",
    "services/notifications_worker",
)
# Every module, the frontend included: what `generate` and `lock` render (`demo` keeps the default).
ALL_MODULES = "backend,tg_bot,notifications,frontend"
FRONTEND = Path("services", "frontend")
# The Node packages' lock: the node scaffold's, which the template's frontend links to.
NODE_LOCK = ROOT / "framework" / "scaffolds" / "node" / "package-lock.json"
DEMO_DIR = ROOT / "build" / "demo"
DEMO_NEXT_STEPS = (
    "nox -l                                # every session, with what it does",
    "nox -s typecheck complexity           # the rest of the everyday checks",
    'nox -s "test(backend)" -- -k users    # one service, arguments for pytest',
    "nox                                   # lint, complexity, typecheck, test",
)


# Everyday checks: bare `nox` -----------------------------------------------------------------


@nox.session
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules with ruff (changes nothing)."""
    project.run(session, "ruff", "format", "--check", *PYTHON_SOURCES)
    project.run(session, "ruff", "check", *PYTHON_SOURCES)


@nox.session(name="format", default=False)
def format_(session: nox.Session) -> None:
    """Fix what ruff can fix, then reformat the framework, the tests and the noxfiles."""
    project.run(session, "ruff", "check", "--fix", *PYTHON_SOURCES)
    project.run(session, "ruff", "format", *PYTHON_SOURCES)


@nox.session
def complexity(session: nox.Session) -> None:
    """Hold the framework to the complexity thresholds generated projects get (xenon)."""
    project.run(session, "xenon", *XENON_THRESHOLDS, "framework")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the framework, the tests, the benchmark and both noxfiles with mypy --strict."""
    project.run(session, "mypy", *session.posargs)
    project.run(session, "mypy", "template/noxfile.py")


@nox.session
def test(session: nox.Session) -> None:
    """Run the framework's unit tests with coverage (floor 85%); posargs go to pytest."""
    project.run(session, "pytest", "tests/unit", "--cov", *session.posargs)


@nox.session
def template(session: nox.Session) -> None:
    """Render projects (every module set, Python 3.11 to 3.13) and run their own sessions."""
    project.run(session, "pytest", "tests/template", "-p", "no:cacheprovider", *session.posargs)


# Real containers (need an engine) ------------------------------------------------------------


@nox.session(default=False)
def integration(session: nox.Session) -> None:
    """Run a generated project's integration sessions on real containers (needs an engine)."""
    tests = ("tests/containers", "-m", "integration", "-p", "no:cacheprovider")
    project.run(session, "pytest", *tests, *session.posargs)


@nox.session(default=False)
def images(session: nox.Session) -> None:
    """Build a generated project's images with Podman and run them (needs the local engine)."""
    project.run(session, "pytest", "tests/containers", "-m", "images", "-p", "no:cacheprovider")


# Show and measure ------------------------------------------------------------------------------


@nox.session(default=False)
def demo(session: nox.Session) -> None:
    """Generate a full demo project (default build/demo; or `-- DIR`) and run its sessions."""
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
def bench(session: nox.Session) -> None:
    """Time generated projects' sessions against conventional nox; write docs/benchmarks.md."""
    project.run(session, "python", "-m", "bench.run", *session.posargs)


# Maintaining the template ------------------------------------------------------------------


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-lock this repository and every uv.lock the template ships (after a dependency change)."""
    # Lock before syncing: a stale lock is the very thing this session is for.
    session.run("uv", "lock", "--no-python-downloads", *session.posargs)
    with tempfile.TemporaryDirectory() as scratch:
        rendered = Path(scratch) / "project"
        render(session, rendered, python_version="3.11", modules=ALL_MODULES)
        for locked in TEMPLATE_LOCKS:
            session.run("uv", "lock", "--no-python-downloads", "--project", str(rendered / locked))
            shutil.copyfile(rendered / locked / "uv.lock", ROOT / "template" / locked / "uv.lock")
        session.chdir(rendered / FRONTEND)
        session.run("npm", "install", "--package-lock-only", "--no-audit", external=True)
        shutil.copyfile(rendered / FRONTEND / "package-lock.json", NODE_LOCK)
        session.chdir(ROOT)


@nox.session(default=False)
def generate(session: nox.Session) -> None:
    """Regenerate the code the template ships from its specs (through a rendered project)."""
    with tempfile.TemporaryDirectory() as scratch:
        rendered = Path(scratch) / "project"
        render(session, rendered, python_version="3.11", modules=ALL_MODULES)
        session.run("uv", "sync", "--locked", "--quiet", "--project", str(rendered))
        # The frontend's API types come from openapi-typescript in its own node_modules.
        session.chdir(rendered / FRONTEND)
        session.run("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", external=True)
        session.chdir(ROOT)
        python = rendered / ".venv" / "bin" / "python"
        session.run(str(python), "-m", "framework", "generate", str(rendered))
        for path in generated_files(rendered):
            target = ROOT / "template" / path.relative_to(rendered)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        # .env.example differs with the modules chosen, and so may a service's own files (the
        # bot reads BACKEND_URL only with the backend): each module set copier accepts is
        # rendered as a user gets it, with the generated files just copied, and .env.example
        # gets one Jinja branch per set.
        sets = Path(scratch) / "sets"
        for chosen in accepted_module_sets():
            modules = ",".join(chosen)
            render(session, set_directory(sets, chosen), python_version="3.11", modules=modules)
        env_template = env_example_template(rendered_sets(sets))
        (ROOT / "template" / TEMPLATE_FILE).write_text(env_template, encoding="utf-8")
        # So do compose.yaml and deploy/kubernetes/: per-module files and Jinja branches.
        project.run(session, "python", "-m", "framework.deploy.template", str(sets),
                    str(ROOT / "template"))  # fmt: skip


def accepted_module_sets() -> list[tuple[str, ...]]:
    """Every set of modules copier accepts: questions/modules.jinja refuses the frontend without
    the backend, whose API it is a client of."""
    names = module_services((ROOT / "copier.yml").read_text(encoding="utf-8"))
    return [chosen for chosen in all_sets(names) if "frontend" not in chosen or "backend" in chosen]


@nox.session(default=False)
def release(session: nox.Session) -> None:
    """Release the template: `-- X.Y.Z [--dry-run]`; checks, CHANGELOG.md, versions, tag vX.Y.Z."""
    project.release(session, checks=RELEASE_CHECKS, command="release-template")


def generated_files(rendered: Path) -> list[Path]:
    """The files `framework generate` writes in a project."""
    patterns = (
        "shared/shared/generated/**/*.py",
        "services/*/src/*/generated/**/*.py",
        "services/*/src/generated/**/*.ts",
    )
    found = [path for pattern in patterns for path in rendered.glob(pattern)]
    return sorted([*found, *rendered.glob("services/*/openapi.json")])


def render(
    session: nox.Session, destination: Path, *, python_version: str, modules: str | None = None
) -> None:
    """Render the template as `copier copy` would for a user: the default modules, or these."""
    ref = ["--vcs-ref=HEAD"] if (ROOT / ".git").exists() else []
    node = nvmrc_line(installed_node())  # the frontend's sessions check Node against it
    chosen = ["--data", f"modules={modules}", "--data", f"node_version={node}"] if modules else []
    project.run(
        session, "copier", "copy", "--defaults", "--quiet", *ref, *chosen,
        "--data", f"python_version={python_version}", str(ROOT), str(destination),
    )  # fmt: skip
    session.chdir(ROOT)


def installed_python(session: nox.Session) -> str:
    """The first Python the template offers that is installed here (uv cannot download one)."""
    for version in TEMPLATE_PYTHONS:
        command = ["uv", "python", "find", "--no-python-downloads", version]
        if subprocess.run(command, capture_output=True, check=False).returncode == 0:
            return version
    session.error("none of Python 3.11, 3.12, 3.13 is installed; install one and run again")
