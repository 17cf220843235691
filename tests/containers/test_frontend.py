"""The frontend for real: driven in Chromium against a real backend, and its production image.

`integration` (`nox -s integration`, after `.ci/run` installs Debian's chromium and starts the
engine): `nox -s "browser(frontend)"` in a generated project builds the app, starts the backend
on PostgreSQL and Redis from containers, serves the built app, creates a user through the form,
sees it listed and sees the 409 message, then leaves no process and no container behind.

`images` (`nox -s images`): `build(frontend)` with Podman on a Node base image made here from
this machine's own Node (no registry: a `node:` image cannot be pulled), then the container
serves the app as uid 10001, answers its health check and passes /api on to BACKEND_URL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.node import node_line
from tests.helpers.podman import NODE_BASE, build_base, podman, report
from tests.helpers.projects import git, render, run_fails, run_ok

MODULES = ["backend", "frontend"]
CHROMIUM_HINT = "install Debian's chromium first (`apt-get install -y chromium`, as .ci/run does)"


def processes_in(project: Path) -> list[str]:
    """Processes whose working directory is inside the project: services, servers, browsers."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cwd = (proc / "cwd").resolve(strict=True)
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError):
            continue
        if proc.name.isdigit() and project in (cwd, *cwd.parents):
            found.append(f"{proc.name}: {command}")
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = render(tmp_path_factory.mktemp("frontend") / "web-shop", MODULES, node=node_line())
    yield project
    run_ok(project, "-s", "dev-clean")


@pytest.mark.integration
def test_the_browser_session_drives_the_built_app_against_the_backend(
    project: Path, pytestconfig: pytest.Config
) -> None:
    if shutil.which("chromium") is None and "CHROMIUM_PATH" not in os.environ:
        pytest.fail(f"no Chromium: {CHROMIUM_HINT}", pytrace=False)
    run_ok(project, "-s", "setup")
    started = time.perf_counter()
    output = run_ok(project, "-s", "browser(frontend)")
    report(pytestconfig, f"browser(frontend), build to stop: {time.perf_counter() - started:.1f} s")
    assert "3 passed" in output
    assert '"POST /users HTTP/1.1" 201 Created' in output
    assert '"POST /users HTTP/1.1" 409 Conflict' in output
    assert processes_in(project) == [], "a process of the browser session was left behind"
    # Servers of its own, so the users it creates never reach the dev database.
    assert re.search(r"stopped web-shop-browser-\d+-postgres, web-shop-browser-\d+-redis", output)
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.integration
def test_without_chromium_the_session_says_what_to_install(project: Path) -> None:
    output = run_fails(project, "-s", "browser(frontend)", env={"CHROMIUM_PATH": "/no/chromium"})
    assert (
        "no Chromium to drive: install Debian's (`apt-get install -y chromium`) or point"
        " CHROMIUM_PATH at a Chrome or Chromium, and run again"
    ) in output
    assert "Traceback" not in output


# --- the production image (`nox -s images`) ---


@pytest.fixture(scope="module")
def node_base(run_id: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """This machine's node and npm on the engine's Debian base, built locally."""
    context = tmp_path_factory.mktemp("node-base")
    node = Path(shutil.which("node") or "node").resolve()
    shutil.copy2(node, context / "node")
    npm = Path(
        subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=True).stdout
    )
    shutil.copytree(Path(npm.as_posix().strip()) / "npm", context / "npm", symlinks=True)
    return build_base(NODE_BASE, context, f"localhost/nst-test-node:{run_id}", run_id)


@pytest.fixture(scope="module")
def frontend_image(
    run_id: str,
    node_base: str,
    tmp_path_factory: pytest.TempPathFactory,
    pytestconfig: pytest.Config,
) -> str:
    project = render(
        tmp_path_factory.mktemp("frontend-image") / f"web-{run_id}", MODULES, node=node_line()
    )
    started = time.perf_counter()
    run_ok(
        project, "-s", "build(frontend)", "--",
        "--network=host", "--build-arg", f"BASE_IMAGE={node_base}",
        env={"CONTAINER_ENGINE": "podman"},
    )  # fmt: skip
    tag = f"localhost/{project.name}-frontend:dev"
    size = int(podman("image", "inspect", "--format", "{{.Size}}", tag).strip())
    report(
        pytestconfig,
        f"frontend image: cold build {time.perf_counter() - started:.1f} s, {size / 1e6:.0f} MB"
        " (on a Debian base with this machine's Node)",
    )
    return tag


def get(port: str, path: str) -> tuple[int, str, str]:
    """Status, content type and body of a GET; status 0 while the server is not up."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()
    except OSError:
        return 0, "", ""


@pytest.mark.images
def test_the_image_serves_the_app_as_a_user_and_passes_api_on(frontend_image: str) -> None:
    assert podman("image", "inspect", "--format", "{{.Config.User}}", frontend_image).strip() == (
        "10001:10001"
    )
    container = podman(
        "run", "--detach", "--publish", "127.0.0.1::8080",
        "--env", "BACKEND_URL=http://127.0.0.1:9", frontend_image,
    ).strip()  # fmt: skip
    try:
        port = podman("port", container, "8080/tcp").strip().rsplit(":", 1)[1]
        deadline = time.monotonic() + 30
        while get(port, "/health")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert get(port, "/health") == (200, "application/json", '{"status":"ok"}')
        status, kind, page = get(port, "/users/some/route")
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert '<div id="root"></div>' in page
        status, _, body = get(port, "/api/users")
        assert (status, json.loads(body)) == (502, {"detail": "the backend did not answer"})
        assert podman("exec", container, "id", "-u").strip() == "10001"
        assert podman("exec", container, "ls", "/app").split() == ["dist", "server"]
        podman("healthcheck", "run", container)
    finally:
        podman("rm", "--force", container)
