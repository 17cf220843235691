"""A generated project run as a system: `dev`, `smoke` and the migration sessions.

`dev` is driven as a person drives it: started in the foreground, used over HTTP, a controller
edited while it runs, then Ctrl-C (SIGINT to nox), after which no process of the session and no
container may be left. Needs a container engine (or, for URL mode, servers started here).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import docker
import pytest

from tests.helpers.projects import git, run_fails, run_ok, set_up
from tests.helpers.servers import postgres_by_hand, servers_by_hand

pytestmark = pytest.mark.integration

# The sessions these tests drive (the generated docs quote them; see test_generated_docs.py).
SYSTEM_SESSIONS = {
    "dev", "dev-clean", "smoke", "migrate", "makemigration", "migrations-check",
    "e2e",  # driven in test_e2e.py
}  # fmt: skip
CONTROLLER = Path("services/backend/src/backend/controllers/users.py")
MODELS = Path("services/backend/src/backend/models.py")


@dataclass
class Dev:
    """A running `nox -s dev`: its process and what it has printed so far."""

    process: subprocess.Popen[bytes]
    output: Path

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float = 180) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if match := re.search(pattern, self.text()):
                return match
            if self.process.poll() is not None:
                pytest.fail(f"`nox -s dev` ended early:\n{self.text()[-4000:]}", pytrace=False)
            time.sleep(0.1)
        pytest.fail(f"no {pattern!r} within {timeout:.0f} s:\n{self.text()[-4000:]}", pytrace=False)

    def interrupt(self) -> None:
        """Ctrl-C as a terminal sends it to nox, and wait for the session to end."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)


def start_dev(project: Path, env: dict[str, str] | None = None) -> Dev:
    output = project.parent / "dev-output.txt"  # outside the tree, so git status stays clean
    with output.open("wb") as sink:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "nox", "--no-color", "-s", "dev"],
            cwd=project,
            env={**os.environ, **(env or {})},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Dev(process, output)


def http(method: str, url: str, body: dict[str, str] | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 (the project's local URL)
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local URL)
        return response.status, json.loads(response.read())


def service_processes(project: Path) -> list[str]:
    """Processes running from the project's venvs (the services `dev` starts)."""
    listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True)
    return [line for line in listing.stdout.splitlines() if f"{project}/services/" in line]


def containers_named(prefix: str) -> list[str]:
    client = docker.from_env()
    try:
        names = [container.name or "" for container in client.containers.list(all=True)]
        return [name for name in names if name.startswith(prefix)]
    finally:
        client.close()


def volumes_named(prefix: str) -> list[str]:
    client = docker.from_env()
    try:
        names = [volume.name or "" for volume in client.volumes.list()]
        return [name for name in names if name.startswith(prefix)]
    finally:
        client.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = set_up(tmp_path_factory.mktemp("system") / "demo-shop")
    yield project
    run_ok(project, "-s", "dev-clean")


def exercise(dev: Dev, project: Path) -> dict[str, float]:
    """Use the running system as a person would; the times it took."""
    started = time.monotonic()
    backend = dev.wait_for(r"backend: (http://127\.0\.0\.1:\d+)").group(1)
    dev.wait_for(r"watching for changes")
    up = time.monotonic() - started
    assert http("GET", f"{backend}/health") == (200, {"status": "ok"})
    email = f"dev-{uuid4().hex[:10]}@example.com"
    status, _ = http("POST", f"{backend}/users", {"email": email, "name": "Ada"})
    assert status == 201
    dev.wait_for(rf"notifications_worker \| .*notification to {re.escape(email)}", timeout=30)
    assert "tg_bot: idle, BOT_TOKEN not set" in dev.text()

    controller = project / CONTROLLER
    original = controller.read_text()
    controller.write_text(original.replace("total=total,", "total=total + 1000,"))
    edited = time.monotonic()
    try:
        deadline = edited + 60
        while time.monotonic() < deadline:
            try:
                _, page = http("GET", f"{backend}/users")
            except OSError:
                page = {}
            if isinstance(page, dict) and page.get("total", 0) >= 1000:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"the backend never served the edited controller:\n{dev.text()[-3000:]}")
        reload = time.monotonic() - edited
    finally:
        controller.write_text(original)
    assert "controllers/users.py changed: restarting backend" in dev.text()
    return {"up": up, "reload": reload}


def test_dev_runs_the_system_reloads_an_edit_and_ctrl_c_leaves_nothing(project: Path) -> None:
    dev = start_dev(project)
    try:
        times = exercise(dev, project)
    finally:
        dev.interrupt()
    print(f"dev: backend answering after {times['up']:.1f} s, reload {times['reload']:.1f} s")
    assert dev.process.returncode == 0, dev.text()[-3000:]
    assert service_processes(project) == [], "a service outlived `nox -s dev`"
    assert containers_named("demo-shop-dev-") == [], "a dev container outlived `nox -s dev`"
    assert git(project, "status", "--porcelain") == ""


def test_dev_in_url_mode_starts_no_container(project: Path) -> None:
    with servers_by_hand() as servers:
        urls = {
            "DATABASE_URL": servers.postgres,
            "REDIS_URL": servers.redis,
            # Any attempt to use an engine now fails: only the URLs can make this pass.
            "CONTAINER_ENGINE": "no-such-engine",
        }
        dev = start_dev(project, urls)
        try:
            exercise(dev, project)
        finally:
            dev.interrupt()
    assert "DATABASE_URL and REDIS_URL are set: using those servers" in dev.text()
    assert dev.process.returncode == 0, dev.text()[-3000:]
    assert service_processes(project) == []


def test_smoke_runs_the_main_flow_and_cleans_up(project: Path) -> None:
    output = run_ok(project, "-s", "smoke")
    assert "2 passed" in output
    # Servers of its own, not dev's: its test users never reach the dev database.
    assert re.search(r"stopped demo-shop-smoke-\d+-postgres, demo-shop-smoke-\d+-redis", output)
    assert containers_named("demo-shop-") == []
    assert service_processes(project) == []


def test_a_model_change_is_caught_then_written_as_a_revision_that_migrates_both_ways(
    project: Path,
) -> None:
    models = project / MODELS
    original = models.read_text()
    models.write_text(
        original.replace(
            "    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())\n",
            "    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())\n"
            "    phone: Mapped[str | None] = mapped_column(String(32))\n",
        )
    )
    failed = run_fails(project, "-s", "migrations-check")
    assert "'add_column', None, 'users', Column('phone'" in failed
    assert "the models of backend differ from its migrations" in failed

    written = run_ok(project, "-s", "makemigration", "--", "add the users' phone")
    revision = (
        project / "services/backend/src/backend/migrations/versions/0003_add_the_users_phone.py"
    )
    assert f"wrote {revision.relative_to(project)}" in written
    assert "op.add_column" in revision.read_text()
    run_ok(project, "-s", "migrations-check", "lint")

    with postgres_by_hand() as url:
        database: dict[str, str | None] = {"DATABASE_URL": url}
        run_ok(project, "-s", "migrate", env=database)
        run_ok(project, "-s", "migrate", "--", "downgrade", "base", env=database)
        run_ok(project, "-s", "migrate", "--", "upgrade", "head", env=database)

    refused = run_fails(project, "-s", "makemigration", "--", "again")
    assert "nothing to change: the models of backend match its migrations" in refused
    revision.unlink()
    models.write_text(original)
    assert git(project, "status", "--porcelain") == ""
