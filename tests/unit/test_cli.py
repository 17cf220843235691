from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framework import __version__
from framework.cli import main


def test_check_passes_on_a_correct_project(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(project)]) == 0
    assert capsys.readouterr().out == "layout, specs and code agree: shared, api, worker\n"


def test_check_lists_problems_and_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "services" / "api" / "uv.lock").unlink()
    assert main(["check", str(project)]) == 1
    assert capsys.readouterr().err == (
        "services/api/pyproject.toml:1: no uv.lock next to this file; run `nox -s lock`\n"
        "1 problem(s) found\n"
    )


def test_check_outside_a_project_explains_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "is not a generated project" in capsys.readouterr().err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "required: COMMAND" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "framework", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"framework {__version__}\n"
