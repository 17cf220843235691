"""Generated Python goes through the project's own ruff, so it reads like hand-written code.

ruff comes from the venv the framework runs in (the root tooling venv pins it) and reads the
project's configuration (line length, import sections). All files are formatted in one ruff run
over a scratch copy of the project's layout: one process instead of two per file, and the
outcome cannot depend on which generated files already exist in the project.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

CONFIG_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")


class FormatterError(RuntimeError):
    """ruff is missing or refused the generated code."""


def ruff_executable() -> str:
    beside_python = Path(sys.executable).parent / "ruff"
    found = str(beside_python) if beside_python.exists() else shutil.which("ruff")
    if found is None:
        raise FormatterError(
            "ruff is not installed next to this Python; run `nox -s setup` (the root venv pins it)"
        )
    return found


def format_python(sources: dict[PurePosixPath, str], root: Path) -> dict[PurePosixPath, str]:
    """Sort the imports of and format every source, as the project's files at those paths."""
    if not sources:
        return {}
    ruff = ruff_executable()
    with tempfile.TemporaryDirectory(prefix="framework-format-") as scratch:
        mirror = Path(scratch)
        for name in CONFIG_FILES:
            if (root / name).is_file():
                shutil.copyfile(root / name, mirror / name)
        # ruff calls an import first-party when its module exists: mirror the modules, empty.
        for module in [*root.glob("services/*/src/**/*.py"), *root.glob("shared/shared/**/*.py")]:
            (mirror / module.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
            (mirror / module.relative_to(root)).touch()
        for path, text in sources.items():
            (mirror / path).parent.mkdir(parents=True, exist_ok=True)
            (mirror / path).write_text(text, encoding="utf-8")
        files = [str(path) for path in sorted(sources)]
        _ruff([ruff, "check", "--select", "I", "--fix", "--quiet", *files], mirror)
        _ruff([ruff, "format", "--quiet", *files], mirror)
        return {path: (mirror / path).read_text(encoding="utf-8") for path in sources}


def _ruff(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if result.returncode != 0:
        raise FormatterError(
            "ruff refused the generated code (a bug in the framework's generator):\n"
            f"{result.stdout}{result.stderr}"
        )
