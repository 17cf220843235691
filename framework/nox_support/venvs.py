"""Keep a package's `.venv` in step with its `uv.lock`, and never trust a venv that was cut short.

`uv sync` installs package after package; stopped halfway (Ctrl-C, SIGTERM, a killed process) it
leaves a venv whose packages are partly written, and a later `uv sync` sees the names recorded
and does nothing. So a venv counts as complete only when it carries a stamp written after its
sync finished, and the stamp says which inputs it was synced from: the package's pyproject and
lock, the pyprojects of its path sources (their dependencies are locked here too), and the
Python version the project asks for. Then:

- stamp present and matching: nothing to do, and uv is not even started;
- stamp present but stale (a lock or the Python changed): uv updates the venv in place;
- no stamp, yet a venv: it was not completed, so it is removed and built again.

Two nox processes (`nox -j`) may reach the same venv at once; a lock per venv makes the second
wait and then find the stamp the first one wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nox.project

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; parallel syncs of one venv are not guarded.
    fcntl = None  # type: ignore[assignment]

STAMP = ".nox-synced"
BIN = "Scripts" if sys.platform == "win32" else "bin"
_VERSION_INFO = re.compile(r"^version_info\s*=\s*(\d+)\.(\d+)", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """What syncing one venv did: `error` is empty on success, `note` says what happened.

    `environment` names what was synced, inside the package: `.venv`, or a Node package's
    `node_modules` (framework.nox_support.node)."""

    package: Path
    note: str = ""
    error: str = ""
    environment: str = ".venv"


def python_version(root: Path) -> str | None:
    """The version `.python-version` asks for, or None when the project has no such file."""
    pinned = root / ".python-version"
    return pinned.read_text(encoding="utf-8").strip() or None if pinned.is_file() else None


def venv_python_version(package: Path) -> tuple[int, int] | None:
    """The (major, minor) of a venv's interpreter, read from its pyvenv.cfg."""
    config = package / ".venv" / "pyvenv.cfg"
    if not config.is_file():
        return None
    match = _VERSION_INFO.search(config.read_text(encoding="utf-8"))
    return (int(match.group(1)), int(match.group(2))) if match else None


def inputs(package: Path, root: Path) -> list[Path]:
    """The files whose content decides what the package's venv holds."""
    found = [package / "pyproject.toml", package / "uv.lock", root / ".python-version"]
    pyproject = nox.project.load_toml(package / "pyproject.toml")
    sources = pyproject.get("tool", {}).get("uv", {}).get("sources", {})
    for source in sources.values():
        if isinstance(source, dict) and "path" in source:
            found.append((package / source["path"] / "pyproject.toml").resolve())
    return found


def digest(paths: list[Path]) -> str:
    """A hash of these files' paths and contents; a missing file counts as missing, not as empty."""
    hashed = hashlib.sha256()
    for path in paths:
        hashed.update(str(path).encode())
        hashed.update(path.read_bytes() if path.is_file() else b"(missing)")
    return hashed.hexdigest()


def fingerprint(package: Path, root: Path) -> str:
    """A hash of every input of the venv, paths included."""
    return digest(inputs(package, root))


def is_current(package: Path, root: Path) -> bool:
    """Whether the venv was completed from exactly today's inputs (and its Python still exists)."""
    venv = package / ".venv"
    stamp = venv / STAMP
    interpreter = venv / BIN / ("python.exe" if sys.platform == "win32" else "python")
    if not stamp.is_file() or not interpreter.exists():
        return False
    return stamp.read_text(encoding="utf-8") == fingerprint(package, root)


def sync(package: Path, root: Path) -> Outcome:
    """Bring one venv up to date, rebuilding it when an earlier sync did not finish."""
    if is_current(package, root):
        return Outcome(package)
    with exclusive(package):
        if is_current(package, root):  # another process synced it while this one waited
            return Outcome(package)
        note = _discard_incomplete(package)
        (package / ".venv" / STAMP).unlink(missing_ok=True)
        result = _uv_sync(package, python_version(root))
        if result.returncode != 0:
            return Outcome(package, note, result.stderr.strip() or result.stdout.strip())
        write_atomically(package / ".venv" / STAMP, fingerprint(package, root))
        return Outcome(package, note)


def _discard_incomplete(package: Path) -> str:
    """Remove a venv that has no stamp; say so, since it costs the user a rebuild."""
    venv = package / ".venv"
    if not venv.is_dir() or (venv / STAMP).is_file():
        return ""
    # An orphaned uv from a killed nox may still be writing: uv holds `.venv/.lock` meanwhile.
    with exclusive(venv / ".lock"):
        shutil.rmtree(venv)
    return "its last sync did not finish (interrupted?), so it was rebuilt"


def _uv_sync(package: Path, python: str | None) -> subprocess.CompletedProcess[str]:
    command = ["uv", "sync", "--locked", "--quiet", "--no-python-downloads"]
    if python:
        # uv looks for .python-version from the package directory up to its own project root
        # only, so a service would otherwise get whatever Python uv finds first.
        command += ["--python", python]
    return subprocess.run(
        [*command, "--project", str(package)], capture_output=True, text=True, check=False
    )


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path`, a file or a directory, for the `with` block.

    Syncs lock the package directory itself: it outlives the venv they may delete, and locking
    it leaves no lock file behind.
    """
    if fcntl is None or not path.exists():
        yield
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_atomically(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a half-written stamp must never match."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
