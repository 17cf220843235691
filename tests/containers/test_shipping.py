"""The shipped system, run for real with Podman: compose.yaml through `nox -s up`, and the
Kubernetes manifests through `podman kube play`.

Needs the engine of `.ci/run` (`nox -s images`): it builds a generated project's images on a
Debian Python base made here, then runs them. No registry and no cluster: the compose file runs
with podman-compose (Podman 4.3 has no `podman compose`), and kustomize (from kubectl's wheel)
renders the manifests that `podman kube play` runs. `kube play` runs Pods, Deployments,
ConfigMaps and Secrets but has no Jobs: the migrations Job is validated against its schema and
its pod template is played as a Pod, which is what the Job controller would start.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from framework.deploy.check import validate_document
from tests.helpers.podman import PYTHON_BASE, build_base, podman, report
from tests.helpers.projects import render, run_ok

pytestmark = pytest.mark.images

BIN = Path(sys.executable).parent
SERVICES = ("backend", "notifications_worker", "tg_bot")
MODULES = ("backend", "tg_bot", "notifications")
# The sessions these tests drive with a real engine (the generated docs quote them).
SHIP_SESSIONS = {"build", "up", "down"}
# podman-compose, kubectl: this repository's venv.
TOOLS = {"CONTAINER_ENGINE": "podman", "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture(scope="module")
def project(run_id: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full project whose three images are built locally (the run's label on each)."""
    context = tmp_path_factory.mktemp("base-image")
    base = build_base(PYTHON_BASE, context, f"localhost/nst-ship-python:{run_id}", run_id)
    project = render(tmp_path_factory.mktemp("ship") / f"ship-{run_id}", list(MODULES))
    for service in SERVICES:
        run_ok(
            project, "-s", f"build({service})", "--",
            "--network=host", "--build-arg", f"BASE_IMAGE={base}", env=dict(TOOLS),
        )  # fmt: skip
    return project


def images_report(project: Path) -> str:
    sizes = podman("images", "--format", "{{.Repository}} {{.Size}}", "--filter",
                   f"reference=localhost/{project.name}-*")  # fmt: skip
    return "; ".join(line.rsplit("/", 1)[-1] for line in sorted(sizes.splitlines()))


def post_json(url: str, body: dict[str, str]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 (a local URL)
        url, json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def wait_for_log(container: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    logs = ""
    while time.monotonic() < deadline:
        result = subprocess.run(
            ["podman", "logs", container], capture_output=True, text=True, check=False
        )
        logs = result.stdout + result.stderr
        if text in logs:
            return logs
        time.sleep(0.5)
    pytest.fail(f"{container} wrote no {text!r} within {timeout:.0f} s:\n{logs[-3000:]}")


def left_behind(name: str) -> dict[str, str]:
    """Whatever of the compose project `name` still exists, by kind."""
    label = f"label=com.docker.compose.project={name}"
    found = {
        "containers": podman("ps", "--all", "--quiet", "--filter", label),
        "pods": podman("pod", "ps", "--quiet", "--filter", f"name={name}"),
        "volumes": podman("volume", "ls", "--quiet", "--filter", f"name={name}_"),
        "networks": podman("network", "ls", "--quiet", "--filter", f"name={name}_"),
    }
    return {kind: text for kind, text in found.items() if text.strip()}


# --- one host: compose.yaml ----------------------------------------------------------------


def test_up_runs_the_system_on_podman_and_down_leaves_nothing(
    project: Path, pytestconfig: pytest.Config
) -> None:
    report(pytestconfig, f"images: {images_report(project)}")
    started = time.perf_counter()
    try:
        output = run_ok(project, "-s", "up", env=dict(TOOLS))
        report(pytestconfig, f"nox -s up, to all healthy: {time.perf_counter() - started:.1f} s")
        assert "tg_bot: left out, BOT_TOKEN not set" in output
        assert re.search(r"up: 2 services healthy in [\d.]+ s", output), output
        port = re.search(r"backend: http://127\.0\.0\.1:(\d+)", output)
        assert port is not None, output
        email = f"ship-{uuid.uuid4().hex[:8]}@example.com"
        status, user = post_json(
            f"http://127.0.0.1:{port.group(1)}/users", {"email": email, "name": "Ship"}
        )
        assert (status, user["email"]) == (201, email)
        worker = podman(
            "ps", "--quiet", "--filter", f"label=com.docker.compose.project={project.name}",
            "--filter", "label=com.docker.compose.service=notifications_worker",
        ).split()  # fmt: skip
        assert f"notification to {email}" in wait_for_log(worker[0], f"notification to {email}")
        # The deploy workflow's health wait, run against the same containers.
        wait = subprocess.run(
            ["bash", "deploy/wait-for-health.sh", project.name, "60", "2"],
            cwd=project, env={**os.environ, "ENGINE": "podman"},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert wait.returncode == 0, wait.stdout + wait.stderr
        assert "backend-migrate ok completed" in wait.stdout
    finally:
        run_ok(project, "-s", "down", "--", "--volumes", env=dict(TOOLS))
    assert left_behind(project.name) == {}


def test_up_without_the_images_names_the_session_that_builds_them(project: Path) -> None:
    missing = {**TOOLS, "IMAGE_TAG": "never-built"}
    result = subprocess.run(
        [sys.executable, "-m", "nox", "--no-color", "-s", "up"],
        cwd=project, env={**os.environ, **missing}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "no local image for backend, notifications_worker; build them first:" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- many hosts: the Kubernetes manifests under `podman kube play` ----------------------------


def local_overlay(project: Path, prefix: str) -> Path:
    """An overlay of the generated base: the images built here, names unique to this run."""
    overlay = project / "deploy" / "kubernetes" / "overlays" / "podman"
    overlay.mkdir(parents=True)
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namePrefix": prefix,
        "resources": ["../../base"],
        "images": [
            {"name": name, "newName": f"localhost/{project.name}-{name}", "newTag": "dev"}
            for name in SERVICES
        ],
        "secretGenerator": [{"name": "secrets", "envs": ["secrets.env"]}],
    }
    (overlay / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    secrets = "DATABASE_URL=postgresql://app:kube-secret@postgres:5432/app\nBOT_TOKEN=1:x\n"
    (overlay / "secrets.env").write_text(secrets)
    return overlay


def podman_secret(name: str, data: dict[str, str]) -> None:
    """A Secret as Podman 4.3's `kube play` reads one: JSON of base64 values in its store.

    That Podman stores a `kind: Secret` document it plays in a form its own `secretRef` cannot
    read, so the test puts the Secret kustomize generated into the store itself.
    """
    # kustomize's values are base64 already, which is how Go's JSON writes bytes.
    subprocess.run(
        ["podman", "secret", "create", name, "-"], input=json.dumps(data), text=True, check=True,
        capture_output=True,
    )  # fmt: skip


@pytest.fixture
def platform(run_id: str) -> Iterator[str]:
    """What the platform provides: a network, PostgreSQL as `postgres`, Redis as `redis`."""
    network = f"ship-{run_id}"
    exists = ["podman", "network", "exists", "podman-default-kube-network"]
    kube_network_existed = subprocess.run(exists, check=False).returncode == 0
    podman("network", "create", network)
    names = [f"{network}-postgres", f"{network}-redis"]
    try:
        podman(
            "run", "--detach", "--name", names[0], "--network", network,
            "--network-alias", "postgres", "--env", "POSTGRES_USER=app",
            "--env", "POSTGRES_PASSWORD=kube-secret", "--env", "POSTGRES_DB=app",
            os.environ.get("TEST_POSTGRES_IMAGE", "postgres:16-alpine"),
        )  # fmt: skip
        podman(
            "run", "--detach", "--name", names[1], "--network", network,
            "--network-alias", "redis", os.environ.get("TEST_REDIS_IMAGE", "redis:7-alpine"),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        ready = ["pg_isready", "-h", "127.0.0.1", "-U", "app"]
        while subprocess.run(["podman", "exec", names[0], *ready], capture_output=True,
                             check=False).returncode != 0:  # fmt: skip
            assert time.monotonic() < deadline, "PostgreSQL did not start"
            time.sleep(0.5)
        yield network
    finally:
        subprocess.run(["podman", "rm", "--force", *names], capture_output=True, check=False)
        subprocess.run(["podman", "network", "rm", network], capture_output=True, check=False)
        if not kube_network_existed:
            subprocess.run(["podman", "network", "rm", "podman-default-kube-network"],
                           capture_output=True, check=False)  # fmt: skip


def test_the_manifests_run_under_podman_kube_play_and_kube_down_removes_them(
    project: Path, run_id: str, platform: str, tmp_path: Path
) -> None:
    prefix = f"k{run_id}-"
    overlay = local_overlay(project, prefix)
    rendered = subprocess.run(
        [str(BIN / "kubectl"), "kustomize", str(overlay)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    documents = [document for document in yaml.safe_load_all(rendered) if document]
    # Every resource kustomize made is valid Kubernetes, the Job included (kube play has none).
    problems = [p for d in documents for p in validate_document(d, Path("rendered.yaml"), 1)]
    assert problems == []
    kinds = sorted(document["kind"] for document in documents)
    assert kinds == ["ConfigMap", "Deployment", "Deployment", "Deployment", "Job", "Secret",
                     "Service"]  # fmt: skip
    secret = next(d for d in documents if d["kind"] == "Secret")
    job = next(d for d in documents if d["kind"] == "Job")
    # The bot would need Telegram; the system here is the backend and the worker.
    played = [
        d for d in documents
        if d["kind"] in {"ConfigMap", "Deployment", "Service"}
        and d["metadata"]["name"] != f"{prefix}tg-bot"
    ]  # fmt: skip
    system = tmp_path / "system.yaml"
    system.write_text(yaml.safe_dump_all(played))
    migrate = tmp_path / "migrate.yaml"
    config_map = next(d for d in documents if d["kind"] == "ConfigMap")
    migrate.write_text(yaml.safe_dump_all([config_map, job_as_pod(job)]))
    podman_secret(secret["metadata"]["name"], secret["data"])
    try:
        podman("kube", "play", "--network", platform, str(migrate))
        migrations = f"{job['metadata']['name']}-migrate"
        code = podman("wait", migrations).strip()
        assert code == "0", podman("logs", migrations)
        assert "Running upgrade" in container_logs(migrations)
        podman("kube", "play", "--network", platform, str(system))
        backend = f"{prefix}backend-pod-0-backend"
        worker = f"{prefix}notifications-worker-pod-0-notifications-worker"
        health = wait_for_health(backend)
        assert json.loads(health) == {"status": "ok"}
        wait_for_log(worker, "started successfully")
        email = f"kube-{uuid.uuid4().hex[:8]}@example.com"
        created = podman("exec", backend, "python", "-c", CREATE_USER % email)
        assert json.loads(created)["email"] == email
        wait_for_log(worker, f"notification to {email}")
    finally:
        down = [subprocess.run(["podman", "kube", "down", str(path)], capture_output=True,
                               check=False) for path in (system, migrate)]  # fmt: skip
        subprocess.run(["podman", "secret", "rm", secret["metadata"]["name"]],
                       capture_output=True, check=False)  # fmt: skip
    assert [result.returncode for result in down] == [0, 0]
    assert podman("pod", "ps", "--quiet", "--filter", f"name={prefix}") == ""
    assert podman("ps", "--all", "--quiet", "--filter", f"name={prefix}") == ""


def job_as_pod(job: dict[str, Any]) -> dict[str, Any]:
    """The Pod a Job controller would start from the Job's template."""
    template = job["spec"]["template"]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": job["metadata"]["name"], "labels": template["metadata"]["labels"]},
        "spec": template["spec"],
    }


HEALTH = (
    "import urllib.request;"
    "print(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).read().decode())"
)
CREATE_USER = (
    "import json, urllib.request;"
    "body = json.dumps({'email': '%s', 'name': 'Kube'}).encode();"
    "request = urllib.request.Request('http://127.0.0.1:8000/users', body,"
    " {'Content-Type': 'application/json'});"
    "print(urllib.request.urlopen(request, timeout=10).read().decode())"
)


def wait_for_health(container: str, timeout: float = 60) -> str:
    """What the backend's health endpoint answers inside its pod, as the kubelet's probe asks."""
    deadline = time.monotonic() + timeout
    while True:
        result = subprocess.run(
            ["podman", "exec", container, "python", "-c", HEALTH],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode == 0:
            return result.stdout
        if time.monotonic() > deadline:
            pytest.fail(f"{container} did not answer /health:\n{container_logs(container)}")
        time.sleep(0.5)


def container_logs(container: str) -> str:
    result = subprocess.run(["podman", "logs", container], capture_output=True, text=True,
                            check=False)  # fmt: skip
    return result.stdout + result.stderr
