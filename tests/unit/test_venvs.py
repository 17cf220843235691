"""A venv counts as synced only once its sync finished: the stamp in framework.nox_support.venvs.

These run the real uv on a project without dependencies, so each sync takes milliseconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framework.nox_support import venvs

RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"
PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[tool.uv]
package = false
"""


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A locked uv project with no dependencies, inside a project root with .python-version."""
    (tmp_path / ".python-version").write_text(RUNNING)
    package = tmp_path / "services" / "demo"
    package.mkdir(parents=True)
    (package / "pyproject.toml").write_text(PYPROJECT)
    subprocess.run(["uv", "lock", "--quiet", "--project", str(package)], check=True)
    return package


def root_of(package: Path) -> Path:
    return package.parents[1]


def test_a_first_sync_creates_the_venv_and_stamps_it_last(package: Path) -> None:
    outcome = venvs.sync(package, root_of(package))
    assert outcome == venvs.Outcome(package)
    assert (package / ".venv" / venvs.STAMP).is_file()
    assert venvs.is_current(package, root_of(package))


def test_a_current_venv_costs_no_process(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venvs.sync(package, root_of(package))
    monkeypatch.setenv("PATH", "")  # uv cannot be started now; it need not be
    assert venvs.sync(package, root_of(package)) == venvs.Outcome(package)


def test_a_venv_without_a_stamp_is_rebuilt_and_the_user_told(package: Path) -> None:
    venvs.sync(package, root_of(package))
    (package / ".venv" / venvs.STAMP).unlink()  # what an interrupted sync leaves
    leftover = package / ".venv" / "half-written"
    leftover.write_text("")
    outcome = venvs.sync(package, root_of(package))
    assert outcome.note == "its last sync did not finish (interrupted?), so it was rebuilt"
    assert not leftover.exists()
    assert venvs.is_current(package, root_of(package))


@pytest.mark.parametrize("changed", ["pyproject.toml", "uv.lock", ".python-version"])
def test_a_changed_input_makes_the_venv_stale_and_sync_updates_it_in_place(
    package: Path, changed: str
) -> None:
    venvs.sync(package, root_of(package))
    kept = package / ".venv" / "kept"
    kept.write_text("")
    edited = root_of(package) / changed if changed == ".python-version" else package / changed
    edited.write_text(edited.read_text() + "\n")
    assert not venvs.is_current(package, root_of(package))
    assert venvs.sync(package, root_of(package)) == venvs.Outcome(package)
    assert kept.exists(), "a stale but complete venv was rebuilt instead of updated"
    assert venvs.is_current(package, root_of(package))


def test_the_pyproject_of_a_path_source_is_an_input(package: Path) -> None:
    library = root_of(package) / "shared"
    library.mkdir()
    (library / "pyproject.toml").write_text(PYPROJECT.replace("demo", "shared"))
    pyproject = package / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[tool.uv.sources]\nshared = { path = "../../shared" }\n'
    )
    assert library.resolve() / "pyproject.toml" in venvs.inputs(package, root_of(package))


def test_a_failed_sync_reports_uv_and_leaves_no_stamp(package: Path) -> None:
    (package / "uv.lock").write_text("version = [\n")
    outcome = venvs.sync(package, root_of(package))
    assert "uv.lock" in outcome.error
    assert not (package / ".venv" / venvs.STAMP).exists()


def test_the_venv_python_version_comes_from_pyvenv_cfg(package: Path) -> None:
    assert venvs.venv_python_version(package) is None
    venvs.sync(package, root_of(package))
    assert venvs.venv_python_version(package) == sys.version_info[:2]
