"""Run the project's services as native processes from their own venvs: `dev` and `smoke`.

A service says how it runs in its pyproject, under `[tool.framework.run]`:

    command = ["uvicorn", "backend.app:create_app", "--factory", "--port", "{port}"]
    port = 8000          # preferred; another free one when it is taken ({port} in command)
    health = "/health"   # HTTP: ready once this answers 200
    ready = "started"    # or: ready once a log line matches this regular expression
    requires = ["BOT_TOKEN"]   # idle, with one line saying why, while these are unset

A service without that table (a command-line tool) is not run. Every process gets the project's
root `.env`, the servers' URLs and `<SERVICE>_URL` for each HTTP service, starts in its own
process group (so Ctrl-C reaches only nox, which then stops each one in order), and writes to one
stream of logs, each line prefixed with its service. With `reload`, a change to a `.py` file
under a service's `src/` or under `shared/shared/` restarts just the services that read it.

Why not watchfiles or honcho: nox's interpreter has neither, and the supervisor must own the
processes anyway to stop them, report an exit and find a port; polling the modification times
of a few hundred files twice a second costs a fraction of a millisecond.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import nox.project

from framework.node_manifest import framework_table
from framework.nox_support import node
from framework.nox_support.venvs import BIN

COLORS = ("36", "33", "35", "32", "34", "31")
STOP_TIMEOUT = 10.0
POLL_INTERVAL = 0.4
TAIL_LINES = 40


class StartError(Exception):
    """The system could not come up; the message says which service and shows its last lines."""


@dataclass(frozen=True)
class ServiceRun:
    """How one service runs, from its `[tool.framework.run]` table."""

    name: str
    directory: Path
    command: tuple[str, ...]
    port: int | None = None
    health: str | None = None
    docs: str | None = None
    ready: str | None = None
    requires: tuple[str, ...] = ()
    watch: tuple[Path, ...] = ()
    # Where the command's tools are, inside `directory`: the venv, or a Node package's
    # node_modules/.bin.
    tools: Path = Path(".venv", BIN)

    @property
    def http(self) -> bool:
        return self.port is not None or "{port}" in " ".join(self.command)


def read_service_run(
    name: str, directory: Path, shared: Path | None, table: str = "run"
) -> ServiceRun | None:
    """The service's run table, or None when it declares none (it is not a running service).

    A Node package declares it in its package.json, `"framework": {"run": {...}}`, with the same
    keys; its dev server reloads by itself, so nothing is watched. `table="serve"` reads how a
    Node package's built app runs, for its browser tests.
    """
    if (directory / "pyproject.toml").is_file():
        data = nox.project.load_toml(directory / "pyproject.toml")
        run: dict[str, Any] = data.get("tool", {}).get("framework", {}).get(table, {})
        watch, tools = [directory / "src", *([shared] if shared else [])], Path(".venv", BIN)
    else:
        run, watch, tools = framework_table(directory, table), [], node.BIN
    if not run:
        return None
    return ServiceRun(
        name=name,
        directory=directory,
        command=tuple(str(part) for part in run["command"]),
        port=int(run["port"]) if "port" in run else None,
        health=run.get("health"),
        docs=run.get("docs"),
        ready=run.get("ready"),
        requires=tuple(run.get("requires", ())),
        watch=tuple(watch),
        tools=tools,
    )


def free_port(preferred: int | None) -> int:
    """`preferred` when nothing listens there on 127.0.0.1, else a port the OS has free."""
    candidates = [preferred, 0] if preferred else [0]
    for candidate in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


@dataclass
class Running:
    """A started service: its process, its port, and the last lines it wrote."""

    run: ServiceRun
    port: int | None
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    lines: deque[str] = field(default_factory=lambda: deque(maxlen=2000))
    reader: threading.Thread | None = None

    @property
    def url(self) -> str | None:
        return f"http://127.0.0.1:{self.port}" if self.port else None


class Supervisor:
    """Starts, watches, restarts and stops the services; prints their logs as one stream."""

    def __init__(self, log_dir: Path, *, color: bool) -> None:
        self.log_dir = log_dir
        self.color = color
        self.running: dict[str, Running] = {}
        self._print_lock = threading.Lock()
        self._width = 0
        self._colors = itertools.cycle(COLORS)
        self._color_of: dict[str, str] = {}
        self._started: set[str] = set()
        log_dir.mkdir(parents=True, exist_ok=True)

    def reserve(self, names: list[str]) -> None:
        """Align every line's prefix to the longest of these names, from the first line on."""
        self._width = max([self._width, *map(len, names)])

    # Output ------------------------------------------------------------------------------------

    def say(self, name: str, line: str) -> None:
        """Print one line under a service's (or the supervisor's) name."""
        self._width = max(self._width, len(name))
        label = name.rjust(self._width)
        if self.color:
            code = self._color_of.setdefault(name, next(self._colors))
            label = f"\x1b[{code}m{label}\x1b[0m"
        with self._print_lock:
            sys.stdout.write(f"{label} | {line}\n")
            sys.stdout.flush()

    def tail(self, name: str, count: int = TAIL_LINES) -> list[str]:
        return list(self.running[name].lines)[-count:]

    # Processes ---------------------------------------------------------------------------------

    def add(self, run: ServiceRun, env: dict[str, str]) -> Running:
        """Register a service (choosing its port) without starting it."""
        port = free_port(run.port) if run.http else None
        if run.port and port != run.port:
            self.say("dev", f"port {run.port} is taken, so {run.name} listens on {port}")
        self._width = max(self._width, len(run.name))
        running = Running(run, port, env)
        self.running[run.name] = running
        return running

    def start(self, name: str) -> None:
        """Start (or start again) one service's process."""
        running = self.running[name]
        command = [part.replace("{port}", str(running.port)) for part in running.run.command]
        executable = running.run.directory / running.run.tools / command[0]
        if executable.exists():
            command[0] = str(executable)
        # A fresh log per run (tests read it), appended to across restarts.
        log = (self.log_dir / f"{name}.log").open("ab" if name in self._started else "wb")
        self._started.add(name)
        running.process = subprocess.Popen(
            command,
            cwd=running.run.directory,
            env=running.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches nox alone; nox stops each service in turn
        )
        running.reader = threading.Thread(
            target=self._pump, args=(running, running.process.stdout, log), daemon=True
        )
        running.reader.start()

    def _pump(self, running: Running, stream: IO[bytes] | None, log: IO[bytes]) -> None:
        """Copy a process's output, line by line, to the terminal, its log file and its tail."""
        assert stream is not None
        with log, stream:
            for raw in iter(stream.readline, b""):
                log.write(raw)
                log.flush()
                line = raw.decode(errors="replace").rstrip()
                running.lines.append(line)
                self.say(running.run.name, line)

    def stop(self, name: str) -> None:
        """Interrupt a service's process group as Ctrl-C would; kill it if it will not stop."""
        running = self.running[name]
        process = running.process
        if process is None:
            return
        if process.poll() is None:
            _signal_group(process, signal.SIGINT)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.say("dev", f"{name} did not stop within {STOP_TIMEOUT:.0f} s; killing it")
                _signal_group(process, signal.SIGKILL)
                process.wait()
        _signal_group(process, signal.SIGKILL)  # whatever it left behind in its group
        if running.reader is not None:
            running.reader.join(timeout=5)
        running.process = None

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)

    def exited(self, name: str) -> int | None:
        """The exit code of a service that stopped on its own, else None."""
        process = self.running[name].process
        return None if process is None else process.poll()

    # Readiness ---------------------------------------------------------------------------------

    def wait_until_ready(self, name: str, timeout: float) -> None:
        """Wait for the health endpoint (or the ready line); fail with the service's last lines."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.exited(name)
            if code is not None:
                raise StartError(self._failure(name, f"exited with code {code} while starting"))
            if self.is_ready(name):
                return
            time.sleep(0.2)
        raise StartError(self._failure(name, f"was not ready within {timeout:.0f} s"))

    def is_ready(self, name: str) -> bool:
        """Health answers 200, or the ready line was written, or (neither declared) it runs."""
        running = self.running[name]
        health, ready = running.run.health, running.run.ready
        if health and running.url:
            return _answers(running.url + health)
        if ready:
            pattern = re.compile(ready)
            return any(pattern.search(line) for line in list(running.lines))
        return True

    def _failure(self, name: str, what: str) -> str:
        lines = "\n".join(f"    {line}" for line in self.tail(name))
        return f"{name} {what}; its last lines:\n{lines}"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local URL)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def snapshot(directories: list[Path]) -> dict[Path, float]:
    """Every `.py` file under the directories, with its modification time."""
    found: dict[Path, float] = {}
    for directory in directories:
        for path in directory.rglob("*.py"):
            with contextlib.suppress(FileNotFoundError):
                found[path] = path.stat().st_mtime
    return found


def changed_files(before: dict[Path, float], after: dict[Path, float]) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while services run, so they are stopped, not orphaned."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
