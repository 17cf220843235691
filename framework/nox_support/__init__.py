"""The plumbing behind a noxfile: packages, venvs, tools, `--changed`, images and git hooks.

A generated project's noxfile holds short sessions that read like a table of contents; what they
stand on lives here, so a fix reaches every project through `copier update` without a merge
conflict in the file users edit. This repository's own noxfile uses it too.

nox imports this package into its own interpreter, not into a project venv: it uses the standard
library, nox, and the parts of `framework` that need nothing else, and stays valid on Python 3.10.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nox
from nox.logger import logger

from framework import changes
from framework.node_manifest import api_table
from framework.nox_support import (
    browser,
    contract,
    engines,
    hooks,
    migrations,
    node,
    releases,
    servers,
    venvs,
)
from framework.nox_support.running import LiveSystem
from framework.nox_support.system import ServiceRun, StartError, read_service_run
from framework.project import NODE, NotAProjectError, load_project

CHANGED_SELECTION_ENV = "NOXFILE_CHANGED_SELECTION"
SessionFunction = Callable[..., None]
SYSMON_PYTHON = (3, 12)


class Project:
    """The project around a noxfile: the root venv, and `shared` plus each service if it has them.

    A service is a directory `services/<name>/` with a `pyproject.toml` or, for a Node package, a
    `package.json` (framework.project decides, for nox and for the framework's checks alike), so a
    new one appears in `nox -l` by existing. Sessions take either kind: `typecheck`, `test` and
    `sync` run mypy, pytest and uv for Python, tsc, Vitest and npm for Node.
    """

    def __init__(self, noxfile: str | Path) -> None:
        self.root = Path(noxfile).resolve().parent
        try:
            found = load_project(self.root).packages
        except NotAProjectError:
            found = ()
        self._dirs = {package.name: package.path for package in found}
        # `shared` last: its sessions take a second or two, so under `nox -j auto` the longer
        # ones of the services start first and the run ends sooner.
        self.packages = sorted(self._dirs, key=lambda name: name == "shared")
        self.services = [package.name for package in found if package.is_service]
        self.node_packages = [package.name for package in found if package.kind == NODE]
        self._changed, self._changed_error = _decide_changed(self.root, self._relative_dirs())

    # What the project holds -------------------------------------------------------------------

    def package_dir(self, package: str | None = None) -> Path:
        """Where a package lives (`shared/`, `services/<name>/`); the root for None."""
        return self.root if package is None else self._dirs[package]

    def packages_with(self, relative_path: str) -> list[str]:
        """The packages that have this file or directory, e.g. `tests/integration`."""
        return [name for name, path in self._dirs.items() if (path / relative_path).exists()]

    def services_with(self, relative_path: str) -> list[str]:
        return [name for name in self.packages_with(relative_path) if name in self.services]

    def source_dirs(self) -> list[str]:
        """Every package's importable code, relative to the root (what xenon measures)."""
        shared = ["shared/shared"] if "shared" in self._dirs else []
        python = [service for service in self.services if service not in self.node_packages]
        return [*shared, *(f"services/{service}/src" for service in python)]

    # Venvs and tools ---------------------------------------------------------------------------

    def sync(self, session: nox.Session, package: str | None = None) -> None:
        """Bring one venv (or node_modules) up to date from its lock; a no-op costing no process
        when it is."""
        path = self.package_dir(package)
        if package in self.node_packages:
            self._sync_node(session, path)
            return
        if venvs.is_current(path, self.root):
            return
        self._require_uv(session)
        if not (path / ".venv").exists():
            self._require_python(session)
            where = path.relative_to(self.root) / ".venv"
            session.log(f"creating {where} from uv.lock (`nox -s setup` creates every venv)")
        self._report(session, [venvs.sync(path, self.root)])

    def run(
        self, session: nox.Session, tool: str, *args: str, package: str | None = None, **kw: Any
    ) -> None:
        """Run a tool from a package's venv or node_modules (the root's venv for None), in the
        package's directory."""
        self.sync(session, package)
        session.chdir(self.package_dir(package))
        tools = node.BIN if package in self.node_packages else Path(".venv", venvs.BIN)
        session.run(str(tools / tool), *args, **kw)

    def tool_args(self, session: nox.Session) -> list[str]:
        """The arguments after `--` that are meant for the tool: all but `--changed [REF]`."""
        return changes.without_changed_argument(session.posargs)

    def pytest(self, session: nox.Session, package: str, folder: str, *args: str) -> None:
        """Run pytest on one folder of a package's tests, with the arguments after `--`.

        A selection (`-- -k users`) may match nothing in some package and cannot meet a coverage
        floor, so it gets neither check. On Python 3.12+ coverage measures through
        sys.monitoring, which skips code outside the package instead of tracing every call.
        """
        selection = self.tool_args(session)
        self.sync(session, package)
        version = venvs.venv_python_version(self.package_dir(package))
        env = {"COVERAGE_CORE": "sysmon"} if version and version >= SYSMON_PYTHON else {}
        floor = ["--cov-fail-under=0"] if selection else []
        codes = [0, 5] if selection else [0]
        self.run(
            session, "pytest", folder, *args, *floor, *selection,
            package=package, env=env, success_codes=codes,
        )  # fmt: skip

    def typecheck(self, session: nox.Session, package: str) -> None:
        """mypy --strict on a Python package, tsc on a Node one, with the arguments after `--`."""
        tool = ["tsc", "--noEmit"] if package in self.node_packages else ["mypy"]
        self.run(session, *tool, *self.tool_args(session), package=package)

    def test(self, session: nox.Session, package: str) -> None:
        """A package's unit tests with coverage and its floor: pytest, or Vitest for Node.

        As with pytest, a selection (`-- -t users`, or a file) gets no coverage floor and may
        match nothing in some package.
        """
        if package not in self.node_packages:
            self.pytest(session, package, "tests/unit")
            return
        selection = self.tool_args(session)
        checks = ["--passWithNoTests"] if selection else ["--coverage"]
        self.run(session, "vitest", "run", *checks, *selection, package=package)

    def contract(self, session: nox.Session, service: str) -> None:
        """Fuzz a FastAPI service from its openapi.json with schemathesis (its tests/contract),
        with a fixed budget and seed; `-- --examples N --seed N` changes them."""
        try:
            budget = contract.parse_budget(self.tool_args(session))
        except contract.ContractArgumentError as error:
            session.error(str(error))
        session.log(budget.summary(service))
        arguments = [contract.FOLDER, "--no-cov", "-p", "no:cacheprovider", *contract.PLUGINS]
        arguments += budget.pytest_args
        self.run(session, "pytest", *arguments, package=service, env=budget.env)

    def in_node_packages(self, session: nox.Session, tool: str, *args: str) -> None:
        """Run a tool of every Node package's node_modules in that package (none: nothing)."""
        for package in self.node_packages:
            self.run(session, tool, *args, package=package)

    def generate(self, session: nox.Session, *args: str, **kw: Any) -> None:
        """`framework generate`: code from the specs, and each Node package's typed API client,
        which openapi-typescript (from that package's node_modules) writes."""
        for package in self.node_packages:
            if api_table(self.package_dir(package)):
                self.sync(session, package)
        self.run(session, "python", "-m", "framework", "generate", *args, ".", **kw)

    def browser(self, session: nox.Session, package: str) -> None:
        """Build a Node package, serve it with the services it calls on real servers, and run
        its tests/browser in headless Chromium against it; everything stops at the end."""
        chromium = browser.find_chromium()
        if chromium is None:
            session.error(browser.NO_CHROMIUM)
        self.sync(session, package)
        session.chdir(self.package_dir(package))
        session.run("npm", "run", "build", "--silent", external=True)
        calls = list(api_table(self.package_dir(package)))
        try:
            with self.system(session, [*calls, package], serve=package, fresh="browser") as live:
                env = browser.test_env(live.env_for_tests(), package, chromium)
                self.run(session, "vitest", "run", "--config", browser.CONFIG,
                         *session.posargs, package=package, env=env)  # fmt: skip
        except (engines.EngineError, servers.ServerError, StartError) as error:
            session.error(str(error))

    def setup(self, session: nox.Session) -> None:
        """Sync every venv (root and shared first, then the services at once); install hooks;
        write a first `.env` from `.env.example` when there is none (never over an existing one).
        """
        self._require_uv(session)
        self._require_python(session)
        for package in self.node_packages:
            self._require_node(session, self.package_dir(package))
        outcomes = self._sync_everything()
        self._report(session, outcomes)
        names = " ".join([".", *self._dirs])
        session.log(f"{len(outcomes)} environments match their locks: {names}")
        if message := hooks.install_hooks(self.root):
            session.log(message)
        from framework.environment import create_local_env  # only setup needs it (see _lazily)

        if message := create_local_env(self.root):
            session.log(message)

    def lock(self, session: nox.Session) -> None:
        """Re-resolve the root's and every package's uv.lock (a Node package's package-lock.json,
        with npm); arguments go to `uv lock`."""
        self._require_uv(session)
        for package in self.node_packages:
            session.chdir(self.package_dir(package))
            session.run(*node.NPM_LOCK, external=True)
        session.chdir(self.root)
        python = [name for name in self._dirs if name not in self.node_packages]
        for path in [self.root, *(self._dirs[name] for name in python)]:
            lock = ["uv", "lock", "--no-python-downloads", "--project", str(path)]
            session.run(*lock, *session.posargs)

    @staticmethod
    def each(argument: str, names: list[str]) -> Callable[[SessionFunction], SessionFunction]:
        """`nox.parametrize(argument, names)`, also right when `names` is empty.

        nox stands in for a session parametrized over nothing with a no-op that drops the
        session's `default=False` and tags, so bare `nox` would list it. With no names, this
        gives the session one call, `(none)`, that skips and says why.
        """
        if names:
            return nox.parametrize(argument, names, ids=names)

        def skipping(function: SessionFunction) -> SessionFunction:
            @functools.wraps(function)
            def skip(session: nox.Session, **_: object) -> None:
                session.skip(f"no package of this project has what `{function.__name__}` needs")

            parametrized: SessionFunction = nox.parametrize(argument, [nox.param(None, id="none")])(
                skip
            )
            return parametrized

        return skipping

    # --changed ---------------------------------------------------------------------------------

    def skip_unless_changed(self, session: nox.Session, package: str) -> None:
        """Under `-- --changed [REF]`, skip a package none of whose files changed; say why."""
        if self._changed_error:
            session.error(self._changed_error)
        if self._changed is None:
            return
        reason = self._changed.affected.get(package)
        if reason is None:
            session.skip(self._changed.skip_reason(package))
        session.log(f"{package} runs: {reason}")

    # Images ------------------------------------------------------------------------------------

    def build_image(self, session: nox.Session, service: str) -> None:
        """Build a service's production image with the engine that answers."""
        try:
            engine = engines.find_engine()
        except engines.EngineError as error:
            session.error(str(error))
        tag = engines.image_tag(self.root, service)
        dockerfile = self.package_dir(service) / "Dockerfile"
        session.run(
            engine, "build", "--file", str(dockerfile), "--tag", tag,
            *engines.build_options(engine), *session.posargs, str(self.root),
        )  # fmt: skip
        session.log(f"built {tag} with {engine}")

    # Running the system ------------------------------------------------------------------------

    @property
    def slug(self) -> str:
        """The project's name as containers, volumes and images are named after it."""
        return engines.slug(self.root)

    def service_runs(
        self, chosen: list[str] | None = None, serve: str | None = None
    ) -> list[ServiceRun]:
        """How each long-running service starts (`[tool.framework.run]`), those chosen or all;
        the Node package `serve` as its built app runs (its package.json's `serve` table)."""
        found = self._read_runs(serve)
        unknown = sorted(set(chosen or ()) - set(found))
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)}: not a service that runs here; choose from"
                f" {', '.join(found)} (a service runs when its pyproject has [tool.framework.run]"
                " or its package.json has framework.run)"
            )
        return [run for name, run in found.items() if not chosen or name in chosen]

    def _read_runs(self, serve: str | None) -> dict[str, ServiceRun]:
        shared = self._dirs.get("shared")
        code = shared and shared / "shared"
        tables = {name: "serve" if name == serve else "run" for name in self.services}
        runs = {
            name: read_service_run(name, self._dirs[name], code, table)
            for name, table in tables.items()
        }
        return {name: run for name, run in runs.items() if run is not None}

    def system(
        self,
        session: nox.Session,
        chosen: list[str] | None = None,
        serve: str | None = None,
        env: dict[str, str] | None = None,
        fresh: str | None = None,
    ) -> LiveSystem:
        """The servers and the (chosen) services, up for a `with` block, then all stopped;
        `env` is given to every service; `fresh` names a run that gets servers of its own."""
        for package in ["shared", *(chosen or self.services)]:
            if package in self._dirs:
                self.sync(session, package)
        try:
            runs = self.service_runs(chosen, serve)
        except ValueError as error:
            session.error(str(error))
        return LiveSystem(session, self.root, self.slug, runs, env, fresh)

    def dev(self, session: nox.Session) -> None:
        """Run the system in the foreground with reload until Ctrl-C; `--` picks services."""
        try:
            with self.system(session, session.posargs or None) as live:
                live.serve_forever()
        except (engines.EngineError, servers.ServerError, StartError) as error:
            session.error(str(error))
        except KeyboardInterrupt:
            session.log("stopped every service and container (the database keeps its data)")

    def dev_clean(self, session: nox.Session) -> None:
        """Remove the dev containers and the database volume."""
        try:
            engine = engines.find_engine()
        except engines.EngineError as error:
            session.error(str(error))
        removed = servers.remove_all(engine, self.slug)
        session.log(f"removed {', '.join(removed)}" if removed else "nothing to remove")

    def smoke(self, session: nox.Session) -> None:
        """Start the system without reload, run the root's `tests/smoke` against it, stop it."""
        try:
            with self.system(session, fresh="smoke") as live:
                self.run(session, "pytest", "tests/smoke", "-p", "no:cacheprovider",
                         *session.posargs, env=live.env_for_tests())  # fmt: skip
        except (engines.EngineError, servers.ServerError, StartError) as error:
            session.error(str(error))

    def e2e(self, session: nox.Session) -> None:
        """Every service as a real process, the bot on a fake Telegram and the worker's webhook
        on a local sink (framework.nox_support.fakes), then `tests/e2e`; everything stopped."""
        if not (self.root / "tests" / "e2e").is_dir():
            session.error("there is no tests/e2e here: write scenarios there (docs/testing.md)")
        try:
            with (
                _lazily("fakes").running_fakes() as fake,
                self.system(session, env=fake.service_env(), fresh="e2e") as live,
            ):
                env = {**live.env_for_tests(), **fake.test_env()}
                self.run(session, "pytest", "tests/e2e", "-p", "no:cacheprovider",
                         *session.posargs, env=env)  # fmt: skip
        except (engines.EngineError, servers.ServerError, StartError) as error:
            session.error(str(error))

    def migrate(self, session: nox.Session, service: str) -> None:
        """`alembic upgrade head` (or the alembic arguments after `--`) on the target database."""
        try:
            url = migrations.target_database(self.slug)
        except (migrations.MigrationError, servers.ServerError) as error:
            session.error(str(error))
        directory = self.package_dir(service)
        self.sync(session, service)
        session.chdir(directory)
        arguments = session.posargs or ["upgrade", "head"]
        session.run(migrations.alembic(directory), *arguments, env={"DATABASE_URL": url})

    def makemigration(self, session: nox.Session, service: str) -> None:
        """Autogenerate a revision from the models against a throwaway PostgreSQL, lint-clean."""
        message = " ".join(session.posargs)
        if not message:
            session.error('say what changed: nox -s makemigration -- "add the users\' phone"')
        directory = self.package_dir(service)
        self.sync(session, service)
        self.sync(session)
        before = migrations.revisions(directory)
        with self._throwaway_database(session, directory) as url:
            session.chdir(directory)
            env = {"DATABASE_URL": url}
            session.run(migrations.alembic(directory), "upgrade", "head", env=env, silent=True)
            revision = ["revision", "--autogenerate", "-m", message]
            session.run(migrations.alembic(directory), *revision,
                        *migrations.next_revision_id(directory), env=env)  # fmt: skip
        written = sorted(migrations.revisions(directory) - before)
        if not written:
            session.error(f"nothing to change: the models of {service} match its migrations")
        for path in written:
            self.run(session, "ruff", "check", "--fix", "--quiet", str(path))
            self.run(session, "ruff", "format", "--quiet", str(path))
            session.log(f"wrote {path.relative_to(self.root)}: read it, then `nox -s migrate`")

    def migrations_check(self, session: nox.Session, service: str) -> None:
        """Fail, naming each table and column, when the models and the revisions disagree."""
        directory = self.package_dir(service)
        self.sync(session, service)
        with self._throwaway_database(session, directory) as url:
            session.chdir(directory)
            env = {"DATABASE_URL": url}
            session.run(migrations.alembic(directory), "upgrade", "head", env=env, silent=True)
            try:
                session.run(migrations.alembic(directory), "check", env=env)
            except nox.command.CommandFailed:
                session.error(
                    f"the models of {service} differ from its migrations (above);"
                    ' `nox -s makemigration -- "what changed"` writes the revision'
                )

    @contextlib.contextmanager
    def _throwaway_database(self, session: nox.Session, directory: Path) -> Iterator[str]:
        """A throwaway database for the block; a server that cannot start (or stop) ends the
        session with its one-line reason."""
        try:
            with migrations.throwaway_database(self.slug, directory) as url:
                yield url
        except (engines.EngineError, servers.ServerError) as error:
            session.error(str(error))

    # Shipping: the production compose file and the Kubernetes manifests ------------------------

    def up(self, session: nox.Session) -> None:
        """Run compose.yaml on the local images and wait until every service is healthy."""
        _lazily("shipping").ComposeSystem(session, self.root).up(list(session.posargs))

    def down(self, session: nox.Session) -> None:
        """Stop and remove what `up` started; arguments after `--` go to `compose down`."""
        _lazily("shipping").ComposeSystem(session, self.root).down(list(session.posargs))

    def check_deploy(self, session: nox.Session) -> None:
        """Validate deploy/kubernetes/ against the Kubernetes schemas, offline."""
        self._require_uv(session)
        _lazily("shipping").check_deploy(session, self.root)

    # Growing -----------------------------------------------------------------------------------

    def new_service(self, session: nox.Session) -> None:
        """Scaffold `services/<name>/` through the framework, then sync its venv."""
        if not session.posargs:
            session.error(
                "name the new service:"
                " nox -s new_service -- <name> [--kind fastapi|worker|plain|node]"
            )
        # The framework writes the service and its uv.lock, or nothing at all.
        self.run(session, "python", "-m", "framework", "new-service", *session.posargs)
        # Generated files follow the services: the new one joins compose.yaml, the manifests
        # and .env.example at once.
        self.generate(session, silent=True)
        grown = Project(self.root / "noxfile.py")
        for created in sorted(set(grown.services) - set(self.services)):
            path = self.root / "services" / created
            sync = node.sync if created in grown.node_packages else venvs.sync
            self._report(session, [sync(path, self.root)])
            session.log(f'services/{created} is ready: nox -s "test({created})"')

    # Releases and context ----------------------------------------------------------------------

    def release(
        self,
        session: nox.Session,
        checks: Sequence[str] = ("lint", "test"),
        command: str = "release",
    ) -> None:
        """Plan a release, run `checks` as nox sessions, then write, commit and tag it."""
        releases.release(self, session, command, checks)

    def release_notes(self, session: nox.Session) -> None:
        """Write each changed service's commits and diff since its last tag, for an LLM."""
        releases.framework(self, session, "release-notes", *session.posargs)

    def context(self, session: nox.Session) -> None:
        """Write `.llm/context/<package>.md`: what working on that package needs."""
        releases.context(self, session)

    # Helpers -----------------------------------------------------------------------------------

    def _relative_dirs(self) -> dict[str, str]:
        return {name: str(path.relative_to(self.root)) for name, path in self._dirs.items()}

    def _sync_everything(self) -> list[venvs.Outcome]:
        """Every venv and node_modules, as concurrently as their dependencies allow.

        Every service installs shared's dependencies: syncing shared first puts them in uv's
        cache once, where services syncing all at once on an empty cache each download them.
        Node packages share nothing with them: their `npm ci` starts at once, beside it all.
        """
        first = [self.root, *[self._dirs[name] for name in self.packages if name == "shared"]]
        rest = [self._dirs[name] for name in self.services if name not in self.node_packages]
        installs = [self._dirs[name] for name in self.node_packages]
        with ThreadPoolExecutor(max_workers=max(len(rest) + len(installs), 1)) as pool:
            pending = [pool.submit(node.sync, path, self.root) for path in installs]
            outcomes = list(pool.map(self._sync_path, first))
            outcomes += pool.map(self._sync_path, rest)
            return outcomes + [future.result() for future in pending]

    def _sync_path(self, path: Path) -> venvs.Outcome:
        return venvs.sync(path, self.root)

    def _report(self, session: nox.Session, outcomes: list[venvs.Outcome]) -> None:
        """Log what syncing did; fail the session, naming each venv, when any sync failed."""
        failed = [outcome for outcome in outcomes if outcome.error]
        for outcome in outcomes:
            where = outcome.package.relative_to(self.root) / outcome.environment
            if outcome.note:
                session.log(f"{where}: {outcome.note}")
            if outcome.error:
                tool = "npm ci" if outcome.environment == node.MODULES else "uv sync"
                session.warn(f"{tool} failed for {where}:\n{outcome.error}")
        if failed:
            hint = " (after a dependency change, `nox -s lock` re-locks every package)"
            count = f"{len(failed)} of {len(outcomes)}"
            session.error(f"{count} environments could not be synced{hint}")

    def _sync_node(self, session: nox.Session, path: Path) -> None:
        """`npm ci` into a Node package unless its node_modules is current; Node checked first."""
        self._require_node(session, path)
        if node.is_current(path, self.root):
            return
        if not (path / node.MODULES).exists():
            where = path.relative_to(self.root) / node.MODULES
            session.log(f"installing {where} from package-lock.json (`nox -s setup` does it all)")
        self._report(session, [node.sync(path, self.root)])

    def _require_node(self, session: nox.Session, path: Path) -> None:
        """Stop with one line when Node is missing or older than the package's engines.node."""
        if problem := node.node_problem(path, self.root):
            session.error(problem)

    def _require_uv(self, session: nox.Session) -> None:
        """Stop with one line when uv is missing: every venv here is made by uv."""
        if shutil.which("uv") is None:
            session.error("uv is not on PATH; install it (`pip install uv`) and run again.")

    def _require_python(self, session: nox.Session) -> None:
        """Stop with one line when the interpreter named by `.python-version` is not installed."""
        version = venvs.python_version(self.root)
        if version is None:
            return
        found = subprocess.run(
            ["uv", "python", "find", "--no-python-downloads", version],
            capture_output=True,
            check=False,
        )
        if found.returncode != 0:
            session.error(
                f"Python {version} (from .python-version) is not installed; install it"
                f" (`uv python install {version}`, or `pyenv install {version}`) or write an"
                " installed version into .python-version."
            )


def _lazily(module: str) -> Any:
    """A support module that only some sessions use, imported when one of them runs.

    nox imports this package for every command, `nox -l` and each `nox -j` worker included;
    the deploy files' YAML and the fake servers would add 50 ms to each.
    """
    return importlib.import_module(f"framework.nox_support.{module}")


def _decide_changed(root: Path, packages: dict[str, str]) -> tuple[changes.Selection | None, str]:
    """With `-- --changed [REF]`: the packages this run covers, decided and logged once.

    Under `nox -j` each session runs in a nox process of its own that loads the noxfile again.
    The process the user started decides while it loads the noxfile, logs the choice and hands it
    down in the environment, so the choice is printed once and every session agrees with it. An
    impossible comparison (an unknown REF) becomes the error of each session that asks.
    """
    posargs = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    changed = changes.parse_changed_argument(posargs)
    if changed is None:
        return None, ""
    inherited = os.environ.get(CHANGED_SELECTION_ENV)
    if inherited:
        selection = changes.Selection.from_json(inherited)
        if selection.root == str(root) and selection.ref == changed.ref:
            return selection, ""
    try:
        selection = changes.select(root, packages, changed.ref)
    except changes.ChangesError as error:
        logger.error(str(error))
        return None, str(error)
    for line in selection.summary():
        logger.info(line)
    os.environ[CHANGED_SELECTION_ENV] = selection.to_json()
    return selection, ""
