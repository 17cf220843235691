"""Production images of a generated project.

The unmarked tests need no container engine and run in `nox -s tests`: every rendered Dockerfile
passes hadolint, and `.dockerignore` keeps local state out of the build context. The `images`
tests build images for real with Podman through the project's own `build(<service>)` session, on
a Python base image made here from Debian packages (no registry needed), and run them. They run
in `nox -s images`, which `.ci/run` calls after starting the engine.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

from tests.helpers.projects import ROOT, copy_template, git, hadolint, nox, render, run_ok

SERVICES = ["backend", "notifications_worker", "tg_bot"]
BASE_DOCKERFILE = ROOT / "tests" / "images" / "debian-python" / "Dockerfile"
DEBIAN_IMAGE = "localhost/debian-base:bookworm"
RUN_LABEL = "nox-service-template.test-run"
ENGINE_HINT = (
    "start the engine first: `../shared/ci/container-engine.sh up` as root, then `source` the env"
    " file it prints (see docs/developing.md)"
)
LOCAL_STATE = (
    ".git/HEAD",
    ".nox/lint/marker",
    ".env",
    "services/backend/.env",
    "services/backend/.venv/bin/python",
    "services/backend/src/backend/__pycache__/app.cpython-312.pyc",
    "services/backend/.coverage",
    "services/tg_bot/.pytest_cache/v/cache/nodeids",
    "shared/.mypy_cache/3.12/cache.db",
    "shared/shared/__pycache__/events.cpython-312.pyc",
    ".ruff_cache/CACHEDIR.TAG",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every module on Python 3.12, which is not the template's default."""
    return copy_template(
        tmp_path_factory.mktemp("dockerfiles") / "shop",
        modules=["backend", "tg_bot", "notifications"],
        python_version="3.12",
    )


def test_every_service_has_a_dockerfile_that_passes_hadolint(rendered: Path) -> None:
    dockerfiles = sorted(rendered.glob("services/*/Dockerfile"))
    assert [path.parent.name for path in dockerfiles] == SERVICES
    hadolint(*dockerfiles)


def test_the_default_base_image_is_the_projects_python(rendered: Path) -> None:
    for dockerfile in rendered.glob("services/*/Dockerfile"):
        assert "ARG BASE_IMAGE=python:3.12-slim-trixie\n" in dockerfile.read_text()


def copied_sources(dockerfile: Path) -> list[str]:
    """What the Dockerfile's COPY instructions take from the build context."""
    sources = []
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not words[1].startswith("--from"):
            sources += words[1:-1]
    return sources


def test_the_build_context_has_what_images_copy_and_no_local_state(rendered: Path) -> None:
    for name in LOCAL_STATE:
        (rendered / name).parent.mkdir(parents=True, exist_ok=True)
        (rendered / name).write_text("local\n")
    patterns = [
        line.strip()
        for line in (rendered / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    context = set(exclude_paths(str(rendered), patterns))
    assert [name for name in LOCAL_STATE if name in context] == []
    needed = {
        source for path in rendered.glob("services/*/Dockerfile") for source in copied_sources(path)
    }
    assert {"shared/shared", "services/backend/uv.lock", "services/tg_bot/src"} <= needed
    assert sorted(needed - context) == []


def test_build_sessions_are_listed_but_never_run_by_default_or_in_ci(rendered: Path) -> None:
    listing = run_ok(rendered, "-l").splitlines()
    for service in SERVICES:
        line = next(line for line in listing if f"build({service})" in line)
        assert line.startswith(f"- build({service}) -> Build one service's production image")
    ci = json.loads(run_ok(rendered, "-t", "ci", "-l", "--json"))
    assert not [entry for entry in ci if entry["session"].startswith("build")]


def test_build_without_an_engine_says_so_in_one_line(rendered: Path, tmp_path: Path) -> None:
    nothing_installed = {"PATH": str(tmp_path), "CONTAINER_ENGINE": None}
    result = nox(rendered, "-s", "build(backend)", env=nothing_installed)
    assert result.returncode != 0
    assert (
        "no container engine answers (`docker info` and `podman info` both fail); start Docker or"
        " install Podman, or name one in CONTAINER_ENGINE, and run again."
    ) in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_engine_named_but_missing_is_one_line_too(rendered: Path) -> None:
    result = nox(rendered, "-s", "build(tg_bot)", env={"CONTAINER_ENGINE": "no-such-engine"})
    assert result.returncode != 0
    assert "CONTAINER_ENGINE=no-such-engine is not on PATH; install it or unset it." in (
        result.stderr
    )


# --- real builds with Podman (`nox -s images`) ---


def podman(*args: str) -> str:
    """Run podman and return its output; fail the test with podman's own words if it fails."""
    result = subprocess.run(
        ["podman", *args], capture_output=True, text=True, check=False, timeout=900
    )
    if result.returncode != 0:
        pytest.fail(
            f"`podman {' '.join(args)}` exited {result.returncode}:\n{result.stderr[-3000:]}",
            pytrace=False,
        )
    return result.stdout


def trust_store() -> Path:
    """The certificates this machine trusts, so builds behind a TLS-inspecting proxy work too."""
    defaults = ssl.get_default_verify_paths()
    for candidate in (os.environ.get("SSL_CERT_FILE"), defaults.cafile, defaults.openssl_cafile):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail(
        "no CA bundle found; set SSL_CERT_FILE to this machine's certificates", pytrace=False
    )


def report(config: pytest.Config, line: str) -> None:
    """Print a measurement in the test run's output (timings are reported, never asserted)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)


@pytest.fixture(scope="module")
def run_id() -> Iterator[str]:
    """A label value unique to this run; every image the run makes carries it and is removed."""
    if shutil.which("podman") is None:
        pytest.fail(f"podman is not installed; {ENGINE_HINT}", pytrace=False)
    if subprocess.run(["podman", "image", "exists", DEBIAN_IMAGE], check=False).returncode != 0:
        pytest.fail(f"podman has no {DEBIAN_IMAGE}; {ENGINE_HINT}", pytrace=False)
    run = uuid.uuid4().hex[:12]
    try:
        yield run
    finally:
        label = f"label={RUN_LABEL}={run}"
        images = set(podman("images", "--all", "--quiet", "--filter", label).split())
        if images:
            podman("rmi", "--force", *images)
        assert podman("images", "--all", "--quiet", "--filter", label) == "", "images left behind"


@pytest.fixture(scope="module")
def base_image(run_id: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Debian's python3 on the engine's Debian base, built locally: no registry involved."""
    context = tmp_path_factory.mktemp("base-image")
    shutil.copyfile(BASE_DOCKERFILE, context / "Dockerfile")
    shutil.copyfile(trust_store(), context / "trusted-certificates.pem")
    tag = f"localhost/nst-test-python:{run_id}"
    podman(
        "build", "--network=host", "--build-arg", f"DEBIAN_IMAGE={DEBIAN_IMAGE}",
        "--build-arg", f"TEST_RUN={run_id}", "--tag", tag, str(context),
    )  # fmt: skip
    return tag


@pytest.fixture(scope="module")
def project(run_id: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full project in a directory named after the run, so its image tags are the run's own."""
    return render(
        tmp_path_factory.mktemp("images") / f"shop-{run_id}", ["backend", "tg_bot", "notifications"]
    )


def build(project: Path, service: str, base_image: str) -> tuple[str, float]:
    """`nox -s "build(<service>)"` with Podman on the local base; its output and seconds taken."""
    started = time.perf_counter()
    output = run_ok(
        project, "-s", f"build({service})", "--",
        "--network=host", "--build-arg", f"BASE_IMAGE={base_image}",
        env={"CONTAINER_ENGINE": "podman"},
    )  # fmt: skip
    return output, time.perf_counter() - started


def image_id(tag: str) -> str:
    return podman("image", "inspect", "--format", "{{.Id}}", tag).strip()


@pytest.fixture(scope="module")
def backend_image(project: Path, base_image: str, pytestconfig: pytest.Config) -> str:
    _, seconds = build(project, "backend", base_image)
    report(pytestconfig, f"backend image, cold build (no layers cached): {seconds:.1f} s")
    return f"localhost/{project.name}-backend:dev"


@pytest.mark.images
def test_a_rebuild_after_tests_and_local_edits_of_ignored_files_is_fully_cached(
    project: Path, base_image: str, backend_image: str, pytestconfig: pytest.Config
) -> None:
    before = image_id(backend_image)
    git(project, "commit", "--quiet", "--allow-empty", "--message", "a new commit")
    for name in LOCAL_STATE:
        if not name.startswith(".git/"):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            (project / name).write_text(f"changed by {uuid.uuid4()}\n")
    _, seconds = build(project, "backend", base_image)
    report(pytestconfig, f"backend image, warm rebuild (nothing changed): {seconds:.1f} s")
    assert image_id(backend_image) == before


@pytest.mark.images
def test_a_code_change_reuses_the_dependency_layer(
    project: Path, base_image: str, backend_image: str, pytestconfig: pytest.Config
) -> None:
    before = image_id(backend_image)
    module = project / "services" / "backend" / "src" / "backend" / "__init__.py"
    module.write_text(module.read_text() + "# a change to the code\n")
    output, seconds = build(project, "backend", base_image)
    report(pytestconfig, f"backend image, rebuild after a code change: {seconds:.1f} s")
    lines = output.splitlines()
    dependency_step = next(i for i, line in enumerate(lines) if "--no-install-local" in line)
    assert lines[dependency_step + 1].startswith("--> Using cache"), "\n".join(lines[-40:])
    assert image_id(backend_image) != before


@pytest.mark.images
def test_the_image_runs_as_a_user_with_shared_installed_and_no_uv(backend_image: str) -> None:
    probe = (
        "import json, os, shutil, shared, backend.app;"
        "facts = {'uid': os.getuid(), 'uv': shutil.which('uv'), 'shared': shared.__file__};"
        "print(json.dumps(facts))"
    )
    facts = json.loads(podman("run", "--rm", backend_image, "python", "-c", probe))
    assert facts["uid"] != 0
    assert facts["uv"] is None
    assert facts["shared"].startswith("/opt/venv/lib/"), "shared is not a regular install"


def container_logs(container: str) -> str:
    """Both streams a container wrote (`podman logs` replays its stderr on its own stderr)."""
    result = subprocess.run(
        ["podman", "logs", container], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stdout + result.stderr


def get_health(port: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            return response.status, response.read().decode()
    except OSError:  # refused, reset or timed out while uvicorn starts
        return 0, ""


@pytest.mark.images
def test_the_backend_container_answers_its_health_check(backend_image: str) -> None:
    container = podman("run", "--detach", "--publish", "127.0.0.1::8000", backend_image).strip()
    try:
        port = podman("port", container, "8000/tcp").strip().rsplit(":", 1)[1]
        deadline = time.monotonic() + 60
        status, body = get_health(port)
        while status != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
            status, body = get_health(port)
        logs = container_logs(container)
        assert (status, json.loads(body or "null")) == (200, {"status": "ok"}), logs
        # The image's own HEALTHCHECK, as an orchestrator would run it.
        podman("healthcheck", "run", container)
    finally:
        podman("rm", "--force", container)


@pytest.mark.images
def test_the_backend_image_migrates_a_real_database(backend_image: str) -> None:
    postgres_image = os.environ.get("TEST_POSTGRES_IMAGE", "postgres:16-alpine")
    postgres = podman("run", "--detach", "--env", "POSTGRES_PASSWORD=secret", postgres_image)
    postgres = postgres.strip()
    try:
        deadline = time.monotonic() + 60
        while not server_accepts(postgres) and time.monotonic() < deadline:
            time.sleep(0.5)
        # The backend shares the database's network namespace, so localhost reaches it.
        database_url = "postgresql+asyncpg://postgres:secret@localhost:5432/postgres"
        podman(
            "run", "--rm", "--network", f"container:{postgres}", "--env",
            f"DATABASE_URL={database_url}", backend_image, "alembic", "upgrade", "head",
        )  # fmt: skip
        tables = podman(
            "exec", postgres, "psql", "-U", "postgres", "-tAc",
            "select table_name from information_schema.tables where table_schema = 'public'",
        )  # fmt: skip
        assert {"alembic_version", "users"} <= set(tables.split())
    finally:
        podman("rm", "--force", postgres)


def server_accepts(postgres: str) -> bool:
    """Whether PostgreSQL takes TCP connections (the official image's init phase does not)."""
    ready = subprocess.run(
        ["podman", "exec", postgres, "pg_isready", "-h", "127.0.0.1", "-U", "postgres"],
        capture_output=True,
        check=False,
        timeout=30,
    )
    return ready.returncode == 0


@pytest.mark.images
def test_the_bot_image_starts_and_explains_a_missing_token(project: Path, base_image: str) -> None:
    build(project, "tg_bot", base_image)
    result = subprocess.run(
        ["podman", "run", "--rm", f"localhost/{project.name}-tg_bot:dev"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "BOT_TOKEN is not set" in result.stdout + result.stderr


@pytest.mark.images
def test_the_worker_image_starts_consuming_when_redis_is_there(
    project: Path, base_image: str
) -> None:
    build(project, "notifications_worker", base_image)
    redis_image = os.environ.get("TEST_REDIS_IMAGE", "redis:7-alpine")
    redis = podman("run", "--detach", redis_image).strip()
    worker = ""
    try:
        # The worker shares Redis's network namespace, so its default REDIS_URL (localhost) works.
        worker = podman(
            "run", "--detach", "--network", f"container:{redis}",
            f"localhost/{project.name}-notifications_worker:dev",
        ).strip()  # fmt: skip
        deadline = time.monotonic() + 60
        logs = container_logs(worker)
        while "started successfully" not in logs and time.monotonic() < deadline:
            time.sleep(0.5)
            logs = container_logs(worker)
        assert "started successfully" in logs, logs
        assert podman("inspect", "--format", "{{.State.Running}}", worker).strip() == "true"
    finally:
        try:
            if worker:
                podman("rm", "--force", worker)
        finally:
            podman("rm", "--force", redis)
