"""Podman for the container tests: run it, build the local base images, label and clean up a run.

The engine of `../shared/ci/container-engine.sh` has no registry behind it, so base images are
built here from its local Debian image. Every image a test run builds carries the run's label,
and the run removes them all when it ends.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.projects import ROOT

PYTHON_BASE = ROOT / "tests" / "images" / "debian-python" / "Dockerfile"
NODE_BASE = ROOT / "tests" / "images" / "debian-node" / "Dockerfile"
DEBIAN_IMAGE = "localhost/debian-base:bookworm"
RUN_LABEL = "nox-service-template.test-run"
ENGINE_HINT = (
    "start the engine first: `../shared/ci/container-engine.sh up` as root, then `source` the env"
    " file it prints (see docs/developing.md)"
)
# Files a developer's checkout has that must never reach a build context, nor change an image.
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


@contextmanager
def labelled_run() -> Iterator[str]:
    """A run id for image labels; on exit every image carrying it is removed, and none is left."""
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


def build_base(dockerfile: Path, context: Path, tag: str, run_id: str) -> str:
    """Build a base image from one of tests/images/ on the local Debian image; its tag.

    `context` is an empty directory: the Dockerfile and this machine's trust store go into it,
    and whatever else the caller put there beforehand."""
    shutil.copyfile(dockerfile, context / "Dockerfile")
    shutil.copyfile(trust_store(), context / "trusted-certificates.pem")
    podman(
        "build", "--network=host", "--build-arg", f"DEBIAN_IMAGE={DEBIAN_IMAGE}",
        "--build-arg", f"TEST_RUN={run_id}", "--tag", tag, str(context),
    )  # fmt: skip
    return tag


def report(config: pytest.Config, line: str) -> None:
    """Print a measurement in the test run's output (timings are reported, never asserted)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)
