"""A first `nox -s setup` stopped at any moment leaves nothing that the next run cannot repair.

`uv sync` writes one package after another; stopped halfway it leaves a venv whose packages are
partly on disk, and a second `uv sync` does not notice. These tests stop setup on an empty set of
venvs at many moments (Ctrl-C to the whole process group as a terminal sends it, SIGTERM to nox
alone so its uv processes run on as orphans, SIGKILL to everything), then prove the next run
leaves every venv exactly as an uninterrupted setup does: the same distributions, every file each
distribution records present, and the sessions green.

Fixed moments in seconds hit different phases on a faster or slower machine, so the moments are
fractions of an uninterrupted setup timed on this machine, from nox starting to its end. Three
more cases wait until a venv exists and then interrupt at once: those cut a sync short wherever
the run happens, and the repair path must be seen at work, not just assumed.
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

from framework.nox_support.venvs import STAMP
from tests.helpers.projects import render, run_ok

# (moment, signal, whom): the moment is a fraction of an uninterrupted setup's duration.
AT_FRACTIONS = [
    (0.15, signal.SIGINT, "group"),
    (0.3, signal.SIGTERM, "nox"),
    (0.45, signal.SIGKILL, "group"),
    (0.6, signal.SIGINT, "group"),
    (0.75, signal.SIGTERM, "nox"),
    (0.9, signal.SIGKILL, "group"),
]
# (signal, whom) sent as soon as a venv exists without its stamp: a sync is under way.
DURING_A_SYNC = [
    (signal.SIGINT, "group"),
    (signal.SIGTERM, "nox"),
    (signal.SIGKILL, "group"),
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


def incomplete_venvs(project: Path) -> list[str]:
    """The venvs that exist without the stamp a finished sync writes."""
    return [
        str(package.relative_to(project))
        for package in packages(project)
        if (package / ".venv").is_dir() and not (package / ".venv" / STAMP).exists()
    ]


def interrupt_setup(
    project: Path, sig: signal.Signals, target: str, *, after: float, once_a_venv_exists: bool
) -> int:
    """Start `nox -s setup`, send `sig` `after` seconds in (or after a venv appears), wait for nox.

    Returns the process group, where uv processes orphaned by a SIGTERM to nox may still run.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "nox", "--no-color", "-s", "setup"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    if once_a_venv_exists:
        deadline = time.monotonic() + 60
        while not incomplete_venvs(project) and process.poll() is None:
            assert time.monotonic() < deadline, "setup created no venv within 60 s"
            time.sleep(0.005)
    time.sleep(after)
    try:
        if target == "group":
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
    except ProcessLookupError:
        pass  # setup was over already: a moment after the end is a moment too
    process.wait(timeout=120)
    return process.pid


def timed_setup(project: Path) -> float:
    """Seconds an uninterrupted setup takes from no venvs at all, uv's cache warm."""
    remove_venvs(project)
    started = time.monotonic()
    run_ok(project, "-s", "setup")
    return time.monotonic() - started


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
    duration = min(timed_setup(project) for _ in range(2))
    expected = inventory(project)
    assert not [line for lines in expected.values() for line in lines if line.startswith("|")]

    cases = [(fraction * duration, sig, target, False) for fraction, sig, target in AT_FRACTIONS]
    cases += [(0.0, sig, target, True) for sig, target in DURING_A_SYNC]
    rebuilt = []
    for after, sig, target, once_a_venv_exists in cases:
        when = "after a venv appeared" if once_a_venv_exists else "in"
        case = f"{sig.name} to {target} {after:.2f} s {when}"
        remove_venvs(project)
        group = interrupt_setup(
            project, sig, target, after=after, once_a_venv_exists=once_a_venv_exists
        )
        left_incomplete = incomplete_venvs(project)
        output = run_ok(project, "-s", "setup")
        wait_for_orphans(group)
        if left_incomplete:
            assert "did not finish (interrupted?), so it was rebuilt" in output, case
            rebuilt.append(case)
        assert inventory(project) == expected, case
    assert rebuilt, f"no case left a venv half-synced (setup took {duration:.2f} s)"


def test_any_session_repairs_the_venv_it_needs_without_setup(project: Path) -> None:
    remove_venvs(project)
    wait_for_orphans(
        interrupt_setup(project, signal.SIGINT, "group", after=0, once_a_venv_exists=True)
    )
    assert incomplete_venvs(project), "the interruption left no venv half-synced"
    for session in ("lint", "complexity", "typecheck", "test"):
        run_ok(project, "-s", session)
    run_ok(project, "-s", "setup")
    assert all("| missing" not in " ".join(lines) for lines in inventory(project).values())
