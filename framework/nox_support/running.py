"""The whole system on this machine, for `dev` (in the foreground, with reload), `smoke` and `e2e`.

Order of bringing it up: servers (containers or URLs), each service's migrations, then the
services, each waited for until healthy; then one summary of where everything is. Order of
taking it down, whatever ended the run (Ctrl-C, SIGTERM, a failure): services in reverse, then
the containers (dev's PostgreSQL volume stays; `smoke`, `e2e` and `browser` have none).
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from pathlib import Path
from types import TracebackType

import nox

from framework.nox_support import engines, servers
from framework.nox_support.dotenv import read_dotenv
from framework.nox_support.system import (
    POLL_INTERVAL,
    ServiceRun,
    StartError,
    Supervisor,
    changed_files,
    sigterm_as_interrupt,
    snapshot,
)
from framework.nox_support.venvs import BIN

READY_TIMEOUT = 120.0


class LiveSystem:
    """Servers and services up for the `with` block; everything stopped when it ends."""

    def __init__(
        self,
        session: nox.Session,
        root: Path,
        slug: str,
        runs: list[ServiceRun],
        env: dict[str, str] | None = None,
        fresh: str | None = None,
    ) -> None:
        self.session = session
        self.root = root
        self.slug = slug
        self.runs = runs
        # Given to every service over `.env` and the environment (e2e: where the fakes are).
        self.env = env or {}
        # Names the run (`smoke`, `e2e`) that gets containers of its own instead of dev's.
        self.fresh = fresh
        self.log_dir = root / ".nox" / "logs" / (fresh or "")
        color = os.isatty(1) and "NO_COLOR" not in os.environ
        self.supervisor = Supervisor(self.log_dir, color=color or "FORCE_COLOR" in os.environ)
        self.servers: servers.Servers | None = None
        self.engine: str | None = None
        self.idle: dict[str, str] = {}
        self._interrupts = sigterm_as_interrupt()

    # Up and down -------------------------------------------------------------------------------

    def __enter__(self) -> LiveSystem:
        self.supervisor.reserve(["dev", *(run.name for run in self.runs)])
        self._interrupts.__enter__()
        try:
            self._bring_up()
        except BaseException:
            self._take_down()
            self._interrupts.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self._take_down()
        finally:
            self._interrupts.__exit__(kind, error, trace)

    def _bring_up(self) -> None:
        self.servers = self._servers()
        base = {**read_dotenv(self.root / ".env"), **os.environ, **self.env, **self.servers.env}
        base["PYTHONUNBUFFERED"] = "1"
        active = self._active(base)
        for run in active:
            self.supervisor.add(run, {})
        urls = {
            f"{name.upper()}_URL": running.url
            for name, running in self.supervisor.running.items()
            if running.url
        }
        for run in active:
            self.supervisor.running[run.name].env = _service_env(run, {**base, **urls})
            self._migrate(run)
        for run in active:
            self.supervisor.start(run.name)
        for run in active:
            self.supervisor.wait_until_ready(run.name, READY_TIMEOUT)
        self._summary()

    def _active(self, env: dict[str, str]) -> list[ServiceRun]:
        """The services to start; the others, missing a variable they require, idle (and why)."""
        for run in self.runs:
            missing = [name for name in run.requires if not env.get(name)]
            if missing:
                self.idle[run.name] = f"{', '.join(missing)} not set (put it in .env)"
        return [run for run in self.runs if run.name not in self.idle]

    def _take_down(self) -> None:
        self.supervisor.stop_all()
        if self.engine and self.servers and self.servers.containers:
            servers.stop(self.engine, self.servers.containers)
            self.supervisor.say("dev", f"stopped {', '.join(self.servers.containers)}")

    def _servers(self) -> servers.Servers:
        given = servers.from_environment()
        if given is not None:
            self.supervisor.say("dev", "DATABASE_URL and REDIS_URL are set: using those servers")
            return given
        self.engine = engines.find_engine()
        say = functools.partial(self.supervisor.say, "dev")
        return servers.start(self.engine, self.slug, say, fresh=self.fresh)

    def _migrate(self, run: ServiceRun) -> None:
        """`alembic upgrade head` for a service that has migrations, before it starts."""
        if not (run.directory / "alembic.ini").is_file():
            return
        alembic = run.directory / ".venv" / BIN / "alembic"
        env = self.supervisor.running[run.name].env
        result = subprocess.run(
            [str(alembic), "upgrade", "head"],
            cwd=run.directory, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        for line in (result.stdout + result.stderr).splitlines():
            self.supervisor.say(run.name, line)
        if result.returncode != 0:
            raise StartError(f"{run.name}: migrations failed (`alembic upgrade head`), see above")

    def _summary(self) -> None:
        say = self.supervisor.say
        for name, running in self.supervisor.running.items():
            if running.url:
                docs = f"   docs {running.url}{running.run.docs}" if running.run.docs else ""
                say("dev", f"{name}: {running.url}{docs}")
            else:
                say("dev", f"{name}: running")
        for name, reason in self.idle.items():
            say("dev", f"{name}: idle, {reason}")
        assert self.servers is not None
        say("dev", f"PostgreSQL: {self.servers.database_url}")
        say("dev", f"Redis: {self.servers.redis_url}")

    # While it runs -----------------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Restart a service when its code or shared's changes; report one that stops; until ^C."""
        self.supervisor.say("dev", "watching for changes; Ctrl-C stops everything")
        watched = {run.name: list(run.watch) for run in self.runs if run.name not in self.idle}
        seen = {name: snapshot(paths) for name, paths in watched.items()}
        reported: set[str] = set()
        while True:
            time.sleep(POLL_INTERVAL)
            for name, paths in watched.items():
                now = snapshot(paths)
                changed = changed_files(seen[name], now)
                seen[name] = now
                if changed:
                    self._restart(name, changed)
                    reported.discard(name)
                code = self.supervisor.exited(name)
                if code is not None and name not in reported:
                    reported.add(name)
                    self.supervisor.say(
                        "dev", f"{name} exited with code {code}; save a change to start it again"
                    )

    def _restart(self, name: str, changed: list[Path]) -> None:
        shown = ", ".join(str(path.relative_to(self.root)) for path in changed[:3])
        self.supervisor.say("dev", f"{shown} changed: restarting {name}")
        self.supervisor.stop(name)
        self.supervisor.start(name)

    def env_for_tests(self) -> dict[str, str]:
        """What a test of the running system needs: service URLs, servers, where the logs are."""
        assert self.servers is not None
        found = {
            f"{name.upper()}_URL": running.url
            for name, running in self.supervisor.running.items()
            if running.url
        }
        running_names = " ".join(self.supervisor.running)
        return {
            **found,
            **self.servers.env,
            "SYSTEM_SERVICES": running_names,
            "SYSTEM_LOGS": str(self.log_dir),
        }


def _service_env(run: ServiceRun, base: dict[str, str]) -> dict[str, str]:
    """The environment of one service: its tools first on PATH, as if its venv were activated
    (a Node package's node_modules/.bin, as npm scripts have it)."""
    venv = run.directory / ".venv"
    env = {**base, "VIRTUAL_ENV": str(venv)} if run.tools.parts[0] == ".venv" else {**base}
    env["PATH"] = f"{run.directory / run.tools}{os.pathsep}{base.get('PATH', '')}"
    return env
