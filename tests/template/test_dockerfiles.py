"""The Dockerfiles and build context of a generated project, checked without a container engine.

Every rendered Dockerfile passes hadolint, `.dockerignore` keeps a developer's local state out of
the context while keeping all that the images copy, and the `build` sessions are listed but never
run by default or in CI. Building and running the images is tests/containers/test_images.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

from tests.helpers.podman import LOCAL_STATE
from tests.helpers.projects import copy_template, hadolint, nox, run_ok

SERVICES = ["backend", "notifications_worker", "tg_bot"]


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
