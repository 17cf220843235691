"""Every task of this project is a nox session. Start with:

    nox -s setup                           create every venv from its uv.lock (Ctrl-C is safe)
    nox                                    the everyday checks: lint, complexity, typecheck, test
    nox -s "test(backend)" -- -k users     one package; arguments after -- go to its tool
    nox -s test typecheck -- --changed     only packages changed since main (or --changed REF)
    nox -j auto -s test                    packages in parallel

Sessions run the tools of the project's own uv venvs (never .nox/) and bring the venv they need
up to date first. The plumbing is in .framework/framework/nox_support/ and arrives with
`copier update`; this file is yours: add sessions at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent / ".framework"))
from framework.nox_support import Project

nox.needs_version = ">=2026.8.10"
nox.options.default_venv_backend = "none"

project = Project(__file__)
PACKAGES = project.packages
WITH_INTEGRATION_TESTS = project.packages_with("tests/integration")
WITH_BROWSER_TESTS = project.packages_with("tests/browser")
WITH_CONTRACT_TESTS = project.services_with("tests/contract")
WITH_IMAGES = project.services_with("Dockerfile")
WITH_MIGRATIONS = project.services_with("alembic.ini")
XENON_THRESHOLDS = ("--max-absolute", "B", "--max-modules", "A", "--max-average", "A")


# Set up --------------------------------------------------------------------------------------


@nox.session(default=False)
def setup(session: nox.Session) -> None:
    """Create or update every venv from its uv.lock, in parallel; install git hooks and a .env."""
    project.setup(session)


@nox.session(default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve the uv.lock of the root and every package (after editing dependencies)."""
    project.lock(session)


# Everyday checks: bare `nox` -----------------------------------------------------------------


@nox.session(tags=["ci"])
def lint(session: nox.Session) -> None:
    """Check formatting and lint rules (ruff; Biome for Node), the layout, specs and controllers."""
    project.run(session, "ruff", "format", "--check", ".")
    project.run(session, "ruff", "check", ".")
    project.run(session, "python", "-m", "framework", "check", ".")
    project.in_node_packages(session, "biome", "ci", ".")


@nox.session(name="format", default=False)
def format_(session: nox.Session) -> None:
    """Fix what ruff (and Biome, in Node packages) can fix, then reformat every file."""
    project.run(session, "ruff", "check", "--fix", ".")
    project.run(session, "ruff", "format", ".")
    project.in_node_packages(session, "biome", "check", "--write", ".")


@nox.session(tags=["ci"])
def complexity(session: nox.Session) -> None:
    """Fail when a function or module grows too complex (xenon; thresholds in the noxfile)."""
    project.run(session, "xenon", *XENON_THRESHOLDS, *project.source_dirs())


@nox.session(tags=["ci"], allow_parallel=True)
@project.each("package", PACKAGES)
def typecheck(session: nox.Session, package: str) -> None:
    """Type-check one package: mypy --strict in its venv, or tsc; `--` takes `--changed [REF]`."""
    project.skip_unless_changed(session, package)
    project.typecheck(session, package)


@nox.session(tags=["ci"], allow_parallel=True)
@project.each("package", PACKAGES)
def test(session: nox.Session, package: str) -> None:
    """Run one package's unit tests with coverage (pytest or Vitest); `--` takes their arguments."""
    project.skip_unless_changed(session, package)
    project.test(session, package)


@nox.session(default=False, tags=["ci"], allow_parallel=True)
@project.each("service", WITH_CONTRACT_TESTS)
def contract(session: nox.Session, service: str) -> None:
    """Fuzz a FastAPI service from its openapi.json (schemathesis; `-- --examples N --seed N`)."""
    project.skip_unless_changed(session, service)
    project.contract(session, service)


# Real servers ----------------------------------------------------------------------------------


@nox.session(default=False, tags=["ci"], allow_parallel=True)
@project.each("package", WITH_INTEGRATION_TESTS)
def integration(session: nox.Session, package: str) -> None:
    """Run one package's integration tests on real PostgreSQL and Redis (testcontainers)."""
    project.skip_unless_changed(session, package)
    project.pytest(session, package, "tests/integration", "--no-cov")


@nox.session(default=False, allow_parallel=True)
@project.each("package", WITH_BROWSER_TESTS)
def browser(session: nox.Session, package: str) -> None:
    """Build a web app, serve it with the services it calls, and drive it in headless Chromium."""
    project.browser(session, package)


# Run the system --------------------------------------------------------------------------------


@nox.session(default=False)
def dev(session: nox.Session) -> None:
    """Run every service with reload, on PostgreSQL and Redis, until Ctrl-C (`-- backend` picks)."""
    project.dev(session)


@nox.session(name="dev-clean", default=False)
def dev_clean(session: nox.Session) -> None:
    """Remove the containers and the database volume that `dev` uses."""
    project.dev_clean(session)


@nox.session(default=False, tags=["ci"])
def smoke(session: nox.Session) -> None:
    """Start the system as `dev` does, run tests/smoke against it, and stop everything."""
    project.smoke(session)


@nox.session(default=False, tags=["ci"])
def e2e(session: nox.Session) -> None:
    """Run every service for real (the bot on a fake Telegram), then the scenarios of tests/e2e."""
    project.e2e(session)


@nox.session(default=False)
@project.each("service", WITH_MIGRATIONS)
def migrate(session: nox.Session, service: str) -> None:
    """Apply migrations to DATABASE_URL or the dev database (`--` takes alembic arguments)."""
    project.migrate(session, service)


@nox.session(default=False)
@project.each("service", WITH_MIGRATIONS)
def makemigration(session: nox.Session, service: str) -> None:
    """Write a revision from the models (`-- "what changed"`) against a throwaway PostgreSQL."""
    project.makemigration(session, service)


@nox.session(name="migrations-check", default=False, tags=["ci"])
@project.each("service", WITH_MIGRATIONS)
def migrations_check(session: nox.Session, service: str) -> None:
    """Fail, naming tables and columns, when the models and the migrations disagree."""
    project.migrations_check(session, service)


# Code from the specs ---------------------------------------------------------------------------


@nox.session(default=False)
def generate(session: nox.Session) -> None:
    """Generate schemas, events, routers, protocols, OpenAPI and the web app's API types."""
    project.generate(session)


@nox.session(name="check-generated", default=False, tags=["ci"])
def check_generated(session: nox.Session) -> None:
    """Fail, listing the files, when generated code differs from what the specs generate."""
    project.generate(session, "--check")


@nox.session(name="check-compat", default=False)
def check_compat(session: nox.Session) -> None:
    """Fail on breaking changes to the specs and OpenAPI since `-- REF` (default: merge-base)."""
    project.run(session, "python", "-m", "framework", "check-compat", *session.posargs)


# Images and new services -----------------------------------------------------------------------


@nox.session(default=False)
@project.each("service", WITH_IMAGES)
def build(session: nox.Session, service: str) -> None:
    """Build one service's production image; arguments after `--` go to the engine's build."""
    project.build_image(session, service)


@nox.session(name="new_service", default=False)
def new_service(session: nox.Session) -> None:
    """Create services/<name>/ (`-- <name> [--kind fastapi|worker|plain|node]`), locked, synced."""
    project.new_service(session)


# Ship: the system on one host (compose.yaml) or many (deploy/kubernetes/) ----------------------


@nox.session(default=False)
def up(session: nox.Session) -> None:
    """Run compose.yaml on the images `build` made; wait until all is healthy (`-- backend`)."""
    project.up(session)


@nox.session(default=False)
def down(session: nox.Session) -> None:
    """Stop and remove what `up` started (`-- --volumes` deletes the database too)."""
    project.down(session)


@nox.session(name="check-deploy", default=False, tags=["ci"])
def check_deploy(session: nox.Session) -> None:
    """Validate the Kubernetes manifests against the Kubernetes schemas, offline."""
    project.check_deploy(session)


# Releases and context --------------------------------------------------------------------------


@nox.session(default=False)
def release(session: nox.Session) -> None:
    """Bump, changelog, commit and tag `<service>/vX.Y.Z` per changed service (`-- --dry-run`)."""
    project.release(session, checks=("lint", "test"))


@nox.session(name="release-notes", default=False)
def release_notes(session: nox.Session) -> None:
    """Write each changed service's commits and diff since its last tag to .llm/ for an LLM."""
    project.release_notes(session)


@nox.session(default=False)
def context(session: nox.Session) -> None:
    """Write .llm/context/<service>.md for an agent (`-- <service> [--for "the task"]`)."""
    project.context(session)


# This project's own sessions -------------------------------------------------------------------
