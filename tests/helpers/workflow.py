"""A generated project's GitHub workflow, read and checked the way GitHub would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.helpers.projects import lint_or_fail

# This repository's venv: the nox, actionlint and shellcheck pinned by its uv.lock.
BIN = Path(sys.executable).parent
WORKFLOW = Path(".github", "workflows", "ci.yml")


def actionlint(project: Path) -> None:
    """Fail the test with actionlint's report unless every workflow passes (shell steps too)."""
    workflows = sorted(
        str(path.relative_to(project)) for path in (project / WORKFLOW).parent.glob("*.yml")
    )
    lint_or_fail(
        [str(BIN / "actionlint"), f"-shellcheck={BIN / 'shellcheck'}", *workflows],
        f"{project.name}: actionlint rejects {', '.join(workflows)}",
        cwd=project,
    )


def load(project: Path) -> dict[str, Any]:
    workflow = yaml.safe_load((project / WORKFLOW).read_text())
    assert isinstance(workflow, dict)
    return workflow


def step(project: Path, job: str, step_id: str) -> dict[str, Any]:
    """The step with this `id` in this job."""
    steps: list[dict[str, Any]] = load(project)["jobs"][job]["steps"]
    found = [entry for entry in steps if entry.get("id") == step_id]
    assert len(found) == 1, f"{WORKFLOW}: job {job} has no single step with id {step_id}"
    return found[0]


def run_step(project: Path, job: str, step_id: str, output: Path) -> dict[str, str]:
    """Run a step's script as GitHub's bash would; return what it wrote to $GITHUB_OUTPUT."""
    output.write_text("")
    environment = {
        **os.environ,
        **load(project).get("env", {}),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
    }
    result = subprocess.run(
        [
            "bash",
            "--noprofile",
            "--norc",
            "-eo",
            "pipefail",
            "-c",
            step(project, job, step_id)["run"],
        ],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"step {job}.{step_id} failed:\n{result.stdout}{result.stderr}"
    lines = output.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def nox_commands(project: Path) -> list[str]:
    """Every line of a `run:` script that calls nox directly (not through a pipe or a variable)."""
    scripts = [
        entry.get("run", "")
        for job in load(project)["jobs"].values()
        for entry in job.get("steps", [])
    ]
    lines = [line.strip() for script in scripts for line in script.splitlines()]
    return [line for line in lines if line.startswith("nox ") and not {"|", "$"} & set(line)]
