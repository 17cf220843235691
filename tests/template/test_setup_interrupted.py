"""A first `nox -s setup` stopped at any moment leaves nothing that the next run cannot repair.

`uv sync` writes one package after another; stopped halfway it leaves a venv whose packages are
partly on disk, and a second `uv sync` does not notice. These tests stop setup on an empty set of
venvs at many moments (Ctrl-C to the whole process group as a terminal sends it, SIGTERM to nox
alone so its uv processes run on as orphans, SIGKILL to everything), then prove the next run
leaves every venv exactly as an uninterrupted setup does: the same distributions, every file each
distribution records present, and the sessions green.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.projects import render, run_ok

# Moments, in seconds, into a setup that takes about two seconds with a warm uv cache.
CASES = [
    (0.2, signal.SIGINT, "group"),
    (0.5, signal.SIGTERM, "nox"),
    (0.8, signal.SIGKILL, "group"),
    (1.1, signal.SIGINT, "group"),
    (1.4, signal.SIGTERM, "nox"),
    (1.7, signal.SIGKILL, "group"),
    (2.0, signal.SIGINT, "group"),
]
INVENTORY = """
import importlib.metadata as metadata, json
dists = list(metadata.distributions())
print(json.dumps({
    "installed": sorted(f"{d.metadata['Name']}=={d.version}" for d in dists),
    "missing": sorted(
        f"{d.metadata['Name']}: {file}"
        for d in dists for file in (d.files or []) if not d.locate_file(file).exists()
    ),
}))
"""


def packages(project: Path) -> list[Path]:
    return [project, project / "shared", *sorted(project.glob("services/*"))]


def inventory(project: Path) -> dict[str, list[str]]:
    """Per venv: its distributions, then (after a `|`) any file a distribution lacks."""
    found = {}
    for package in packages(project):
        python = package / ".venv" / "bin" / "python"
        result = subprocess.run(
            [str(python), "-c", INVENTORY], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{python} cannot start: {result.stderr}"
        report = json.loads(result.stdout)
        found[str(package.relative_to(project))] = [
            *report["installed"],
            *(f"| missing {line}" for line in report["missing"]),
        ]
    return found


def interrupt_setup(project: Path, after: float, sig: signal.Signals, target: str) -> int:
    """Start `nox -s setup`, send `sig` after `after` seconds, wait for nox to end.

    Returns the process group, where uv processes orphaned by a SIGTERM to nox may still run.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "nox", "--no-color", "-s", "setup"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(after)
    if target == "group":
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    process.wait(timeout=120)
    return process.pid


def wait_for_orphans(group: int) -> None:
    """uv processes orphaned by a SIGTERM to nox finish on their own; none may outlive the test."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(group, signal.SIGKILL)
    pytest.fail(f"processes of the interrupted setup (group {group}) were still running after 60 s")


def remove_venvs(project: Path) -> None:
    for package in packages(project):
        shutil.rmtree(package / ".venv", ignore_errors=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(
        tmp_path_factory.mktemp("interrupted") / "demo-shop", ["backend", "tg_bot", "notifications"]
    )


def test_setup_after_any_interruption_leaves_every_venv_complete(project: Path) -> None:
    run_ok(project, "-s", "setup")  # fills uv's cache, as a user's second attempt would find it
    expected = inventory(project)
    assert not [line for lines in expected.values() for line in lines if line.startswith("|")]

    rebuilt_seen = False
    for after, sig, target in CASES:
        remove_venvs(project)
        group = interrupt_setup(project, after, sig, target)
        output = run_ok(project, "-s", "setup")
        wait_for_orphans(group)
        rebuilt_seen |= "did not finish (interrupted?), so it was rebuilt" in output
        assert inventory(project) == expected, f"{sig.name} to {target} after {after} s"
    assert rebuilt_seen, "no interruption left an incomplete venv; the moments need adjusting"


def test_any_session_repairs_the_venv_it_needs_without_setup(project: Path) -> None:
    remove_venvs(project)
    wait_for_orphans(interrupt_setup(project, 0.8, signal.SIGINT, "group"))
    for session in ("lint", "complexity", "typecheck", "test"):
        run_ok(project, "-s", session)
    run_ok(project, "-s", "setup")
    assert all("| missing" not in " ".join(lines) for lines in inventory(project).values())
