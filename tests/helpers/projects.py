"""Generate projects from this template and drive them, as a user would from a shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import copier
import pytest

ROOT = Path(__file__).resolve().parents[2]
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Test",
    "GIT_AUTHOR_EMAIL": "template-test@example.com",
    "GIT_COMMITTER_NAME": "Template Test",
    "GIT_COMMITTER_EMAIL": "template-test@example.com",
}


def copy_template(destination: Path, ref: str = "HEAD", /, **answers: object) -> Path:
    """`copier copy` this repository with these answers: at HEAD, uncommitted changes included."""
    copier.run_copy(
        str(ROOT),
        destination,
        data=answers,
        defaults=True,
        quiet=True,
        vcs_ref=ref if (ROOT / ".git").exists() else None,
    )
    return destination


def render(
    destination: Path,
    modules: list[str],
    python: str = "3.11",
    ref: str = "HEAD",
    node: str | None = None,
) -> Path:
    """Generate a project the way a user does, then commit it so changes show in git status.

    `node` answers the frontend's node_version question (the installed Node's line, here)."""
    answers: dict[str, object] = {"project_name": "demo-shop", "modules": modules}
    answers |= {"python_version": python, **({"node_version": node} if node else {})}
    copy_template(destination, ref, **answers)
    return commit_generated(destination)


def commit_generated(destination: Path) -> Path:
    """Make a freshly generated project a git repository with one commit of all its files."""
    git(destination, "init", "--quiet")
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--message", "generated")
    return destination


def interpreter_dir(version: str) -> Path | None:
    """The `bin` directory of an installed Python `version` (uv never downloads one here).

    On PATH already, or under pyenv (this machine's 3.12 and 3.13 are there, off PATH), where
    uv does not look: callers put that directory at the end of PATH, as a user has it.
    """
    found = subprocess.run(
        ["uv", "python", "find", "--no-python-downloads", version],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode == 0:
        return Path(found.stdout.strip()).parent
    pyenv = shutil.which("pyenv")
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout if pyenv else ""
    candidates = sorted(Path(root.strip()).glob(f"versions/{version}.*/bin")) if root else []
    return candidates[-1] if candidates else None


def with_python_on_path(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    """Make Python `version` findable by uv for the rest of the test, or fail naming it."""
    bin_dir = interpreter_dir(version)
    if bin_dir is None:
        pytest.fail(f"Python {version} is not installed (neither on PATH nor under pyenv)")
    monkeypatch.setenv("PATH", f"{os.environ['PATH']}{os.pathsep}{bin_dir}")


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=project,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def nox(
    project: Path, *args: str, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the generated project's noxfile with the nox pinned in this repository's lock.

    `env` changes the environment: a value of None removes that variable.
    """
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nox", "--no-color", *args],
        cwd=project,
        env={name: value for name, value in environment.items() if value is not None},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def explain(project: Path, args: tuple[str, ...], result: subprocess.CompletedProcess[str]) -> str:
    output = (result.stdout + result.stderr).strip().splitlines()
    tail = "\n".join(output[-60:])
    return f"{project.name}: `nox {' '.join(args)}` exited {result.returncode}:\n{tail}"


def run_ok(project: Path, *args: str, env: dict[str, str | None] | None = None) -> str:
    """Run nox in the project and fail the test, naming project and session, unless it passes."""
    result = nox(project, *args, env=env)
    if result.returncode != 0:
        pytest.fail(explain(project, args, result), pytrace=False)
    return result.stdout + result.stderr


def run_fails(project: Path, *args: str, env: dict[str, str | None] | None = None) -> str:
    """Run nox in the project and fail the test unless it fails; return what it printed."""
    result = nox(project, *args, env=env)
    if result.returncode == 0:
        pytest.fail(f"{project.name}: `nox {' '.join(args)}` passed; it should fail", pytrace=False)
    return result.stdout + result.stderr


def lint_or_fail(command: list[str], rejects: str, cwd: Path | None = None) -> None:
    """Run a linter and fail the test with its report (`<rejects>:` first) unless it passes."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        report = (result.stdout + result.stderr).strip()
        pytest.fail(f"{rejects}:\n{report}", pytrace=False)


HADOLINT = Path(sys.executable).with_name("hadolint")


def hadolint(*dockerfiles: Path) -> None:
    """Fail the test with hadolint's report unless every Dockerfile passes, style rules included."""
    assert dockerfiles, "no Dockerfile to check (hadolint would read standard input instead)"
    lint_or_fail(
        [str(HADOLINT), "--no-color", "--failure-threshold", "style", *map(str, dockerfiles)],
        "hadolint rejects a Dockerfile",
    )


ALL_MODULES = ["backend", "tg_bot", "notifications"]


def set_up(destination: Path, modules: list[str] = ALL_MODULES) -> Path:
    """A rendered, committed project whose venvs `nox -s setup` has created."""
    project = render(destination, modules)
    run_ok(project, "-s", "setup")
    return project
