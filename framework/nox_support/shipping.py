"""`nox -s up`, `down` and `check-deploy`: the production deploy files, run and checked here.

`up` runs the generated `compose.yaml` with the engine that answers, on the images `nox -s build`
made (`IMAGE_PREFIX=<project>-`, `IMAGE_TAG=dev`, unless the environment or `.env` says
otherwise), and waits until the system is really up. It starts the file in the order its
`depends_on` conditions describe, one step at a time, and waits for each step itself:

    1. PostgreSQL and Redis, until their health checks pass
    2. each service's migrations (`<service>-migrate`), until they exit 0
    3. the services: an HTTP service until its health check passes, a worker until its
       `ready` line appears in its log, any other until it has run a few seconds unrestarted

Doing the order here, rather than leaving it to `depends_on`, is what makes it the same on every
engine: podman-compose ignores `service_healthy` before Podman 4.6, and a migration started
before its database accepts connections fails for good. Whatever does not come up fails the
session with its last log lines, and the system stays up for a look (`nox -s down` stops it).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import nox

from framework.deploy.compose import FILE as COMPOSE_FILE
from framework.deploy.compose import port_variable
from framework.deploy.services import Deployable, System, discover_at
from framework.environment import create_local_env
from framework.nox_support import compose, engines, servers
from framework.nox_support.dotenv import read_dotenv
from framework.nox_support.system import free_port

READY_TIMEOUT = 180.0
SETTLE_SECONDS = 3.0
POLL_SECONDS = 1.0
SERVER_IMAGES = {"POSTGRES_IMAGE": "TEST_POSTGRES_IMAGE", "REDIS_IMAGE": "TEST_REDIS_IMAGE"}


@dataclass
class Step:
    """One container to wait for, and what it must do: healthy, completed, ready or running."""

    name: str
    goal: str
    pattern: str | None = None
    first_seen: float | None = field(default=None, compare=False)


def steps(system: System, chosen: list[Deployable]) -> list[list[Step]]:
    """The waves `up` starts in order: servers, migrations, services."""
    servers_needed = [
        Step(name, "healthy")
        for name, needed in (
            ("postgres", any(s.database for s in chosen)),
            ("redis", any(s.redis for s in chosen)),
        )
        if needed
    ]
    migrations = [Step(s.migrate_name, "completed") for s in chosen if s.migrations]
    services = [_service_step(service) for service in chosen]
    return [wave for wave in (servers_needed, migrations, services) if wave]


def _service_step(service: Deployable) -> Step:
    if service.port is not None and service.health:
        return Step(service.name, "healthy")
    if service.ready:
        return Step(service.name, "ready", service.ready)
    return Step(service.name, "running")


class ComposeSystem:
    """The compose project of this checkout: its command, its variables, its containers."""

    def __init__(self, session: nox.Session, root: Path) -> None:
        self.session = session
        self.root = root
        self.slug = engines.slug(root)
        if not (root / COMPOSE_FILE).is_file():
            session.error(f"no {COMPOSE_FILE} here; `nox -s generate` writes it from the services")
        try:
            self.engine, self.command = compose.find_compose()
        except (engines.EngineError, compose.ComposeError) as error:
            session.error(str(error))
        self.system = discover_at(root)
        self.given = {**read_dotenv(root / ".env"), **os.environ}
        self.env = self._defaults()

    def _defaults(self) -> dict[str, str]:
        """What `up` sets when neither the environment nor `.env` does: a local system."""
        defaults = {
            "IMAGE_PREFIX": f"{self.slug}-",
            "IMAGE_TAG": "dev",
            "POSTGRES_PASSWORD": servers.DEV_PASSWORD,
        }
        # The servers' images the integration tests use, when this machine names its own.
        for variable, image in SERVER_IMAGES.items():
            if self.given.get(image):
                defaults[variable] = self.given[image]
        for service in self.system.services:
            if service.port is not None:
                defaults[port_variable(service)] = str(free_port(service.port))
        return {name: value for name, value in defaults.items() if not self.given.get(name)}

    def run(self, *arguments: str) -> None:
        base = [*self.command, "--project-name", self.slug, "--file", COMPOSE_FILE]
        self.session.run(*base, *arguments, env=self.env, external=True)

    def value(self, name: str) -> str:
        return self.env.get(name) or self.given.get(name, "")

    # up ----------------------------------------------------------------------------------------

    def up(self, chosen_names: list[str]) -> None:
        chosen = self._choose(chosen_names)
        self._require_images(chosen)
        if create_local_env(self.root) is None and not (self.root / ".env").exists():
            (self.root / ".env").write_text("# Settings for this machine (git ignores this file)\n")
        started = time.monotonic()
        for index, wave in enumerate(steps(self.system, chosen)):
            recreate = ["--force-recreate"] if wave[0].goal == "completed" else []
            self.run("up", "--detach", "--no-deps", *recreate, *(step.name for step in wave))
            for step in wave:
                self._wait(step, started + READY_TIMEOUT * (index + 1))
        self._summary(chosen, time.monotonic() - started)

    def _choose(self, names: list[str]) -> list[Deployable]:
        known = [service.name for service in self.system.services]
        unknown = sorted(set(names) - set(known))
        if unknown:
            self.session.error(f"{', '.join(unknown)}: not in {COMPOSE_FILE}; choose from {known}")
        chosen = []
        for service in self.system.services:
            missing = [name for name in service.requires if not self.given.get(name)]
            if names and service.name not in names:
                continue
            if missing:
                self.session.log(f"{service.name}: left out, {', '.join(missing)} not set (.env)")
                continue
            chosen.append(service)
        return chosen

    def _require_images(self, chosen: list[Deployable]) -> None:
        """Stop at once, naming the session that builds them, when a local image is missing."""
        prefix, tag = self.value("IMAGE_PREFIX"), self.value("IMAGE_TAG")
        if "IMAGE_PREFIX" not in self.env:
            return  # a registry's images: the engine pulls them
        missing = [
            service.name
            for service in chosen
            if not _image_exists(self.engine, f"{prefix}{service.name}:{tag}")
        ]
        if missing:
            self.session.error(
                f"no local image for {', '.join(missing)}; build them first:"
                f" nox -s {' '.join(f'build({name})' for name in missing)}"
            )

    def _wait(self, step: Step, deadline: float) -> None:
        while True:
            found = compose.containers(self.engine, self.slug, step.name)
            if found and self._done(step, found[0]):
                self.session.log(f"{step.name}: {step.goal}")
                return
            if time.monotonic() > deadline:
                self._fail(step, found, f"was not {step.goal} within {READY_TIMEOUT:.0f} s")
            time.sleep(POLL_SECONDS)

    def _done(self, step: Step, container: str) -> bool:
        current = compose.state(self.engine, container)
        if step.goal == "completed" and current.exited:
            if current.exit_code != 0:
                self._fail(step, [container], f"exited with code {current.exit_code}")
            return True
        if current.exited or current.restarts:
            what = f"restarted {current.restarts} times" if current.restarts else "exited"
            self._fail(step, [container], f"{what} (code {current.exit_code})")
        if current.status != "running":
            return False
        return self._reached(step, container)

    def _reached(self, step: Step, container: str) -> bool:
        if step.goal == "healthy":
            return compose.healthy(self.engine, container)
        if step.goal == "ready":
            return re.search(step.pattern or "", compose.logs(self.engine, container)) is not None
        step.first_seen = step.first_seen or time.monotonic()
        return step.goal == "running" and time.monotonic() - step.first_seen >= SETTLE_SECONDS

    def _fail(self, step: Step, found: list[str], what: str) -> None:
        lines = compose.logs(self.engine, found[0]) if found else "(no container)\n"
        shown = "".join(f"    {line}\n" for line in lines.splitlines())
        self.session.error(
            f"{step.name} {what}; its last lines:\n{shown}"
            f"The rest stays up for a look: `nox -s down` stops it."
        )

    def _summary(self, chosen: list[Deployable], seconds: float) -> None:
        self.session.log(f"up: {len(chosen)} services healthy in {seconds:.1f} s")
        for service in chosen:
            if service.port is not None:
                port = self.value(port_variable(service))
                self.session.log(f"  {service.name}: http://127.0.0.1:{port}")
            else:
                self.session.log(f"  {service.name}: running")
        self.session.log("logs: `<engine> logs <container>`; stop it all: nox -s down")

    # down --------------------------------------------------------------------------------------

    def down(self, arguments: list[str]) -> None:
        """Stop and remove the containers and the network; `-- --volumes` the data too."""
        self.run("down", "--remove-orphans", *arguments)
        left = compose.containers(self.engine, self.slug)
        if left:
            self.session.warn(f"{len(left)} containers of {self.slug} are still there")


def check_deploy(session: nox.Session, root: Path) -> None:
    """Validate the manifests in a throwaway environment of the root's `deploy` group (locked)."""
    session.run(
        "uv", "run", "--locked", "--isolated", "--only-group", "deploy", "--no-python-downloads",
        "python", "-m", "framework.deploy.check", str(root),
        env={"PYTHONPATH": str(root / ".framework")}, external=True,
    )  # fmt: skip


def _image_exists(engine: str, image: str) -> bool:
    result = subprocess.run([engine, "image", "inspect", image], capture_output=True, check=False)
    return result.returncode == 0
