"""Production images of a generated project, built for real with Podman and run.

The project's own `build(<service>)` session builds them, on a Python base image made here from
Debian packages (no registry needed). They run in `nox -s images`, which `.ci/run` calls after
starting the engine. What needs no engine (hadolint, the build context) is in
tests/template/test_dockerfiles.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.helpers.podman import LOCAL_STATE, PYTHON_BASE, build_base, podman, report
from tests.helpers.projects import git, render, run_ok

pytestmark = pytest.mark.images


@pytest.fixture(scope="module")
def base_image(run_id: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Debian's python3 on the engine's Debian base, built locally: no registry involved."""
    context = tmp_path_factory.mktemp("base-image")
    return build_base(PYTHON_BASE, context, f"localhost/nst-test-python:{run_id}", run_id)


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


def test_the_backend_image_without_a_database_url_says_so_in_one_line(backend_image: str) -> None:
    result = subprocess.run(
        ["podman", "run", "--rm", backend_image],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "backend cannot start: DATABASE_URL is not set" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_the_backend_container_answers_its_health_check(backend_image: str) -> None:
    redis_image = os.environ.get("TEST_REDIS_IMAGE", "redis:7-alpine")
    # The backend joins Redis's network namespace (its default REDIS_URL, localhost, works), so
    # the backend's port is published on the Redis container. Liveness touches no database: the
    # URL names one that is never reached.
    redis = podman("run", "--detach", "--publish", "127.0.0.1::8000", redis_image).strip()
    database_url = "postgresql://nobody:unused@localhost:1/none"
    container = ""
    try:
        container = podman(
            "run", "--detach", "--network", f"container:{redis}",
            "--env", f"DATABASE_URL={database_url}", backend_image,
        ).strip()  # fmt: skip
        port = podman("port", redis, "8000/tcp").strip().rsplit(":", 1)[1]
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
        # The backend first: Podman keeps a container whose namespace another one uses.
        if container:
            podman("rm", "--force", container)
        podman("rm", "--force", redis)


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
