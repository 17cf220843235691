"""Fixtures shared by the framework's unit tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SERVICE_PYPROJECT = """\
[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["shared"]

[dependency-groups]
dev = ["mypy>=1.18", "pytest>=8.4", "pytest-cov>=6.0"]

[tool.uv.sources]
shared = {{ path = "../../shared", editable = true }}
"""

SHARED_PYPROJECT = """\
[project]
name = "shared"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["pydantic>=2"]

[dependency-groups]
dev = ["mypy>=1.18", "pytest>=8.4", "pytest-cov>=6.0"]
"""


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_service(root: Path, name: str, pyproject: str | None = None) -> Path:
    """A correctly laid out service `services/<name>/` with one test."""
    service = root / "services" / name
    write(service / "pyproject.toml", pyproject or SERVICE_PYPROJECT.format(name=name))
    write(service / "uv.lock")
    write(service / "src" / name.replace("-", "_") / "__init__.py")
    write(service / "tests" / "unit" / "test_it.py", "def test_it() -> None:\n    pass\n")
    return service


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal, correct project: shared plus the services `api` and `worker`."""
    write(tmp_path / "noxfile.py")
    write(tmp_path / "shared" / "pyproject.toml", SHARED_PYPROJECT)
    write(tmp_path / "shared" / "uv.lock")
    write(tmp_path / "shared" / "tests" / "unit" / "test_shared.py", "def test_x() -> None: ...\n")
    add_service(tmp_path, "api")
    add_service(tmp_path, "worker")
    return tmp_path


@pytest.fixture(name="add_service")
def add_service_fixture() -> Callable[..., Path]:
    """`add_service(root, name, pyproject=None)`: lay out one more service."""
    return add_service


LIBRARY = Path(__file__).parents[1] / "data" / "library"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A copy of tests/data/library: the specs from docs/specs.md and a books controller."""
    import shutil

    destination = tmp_path / "library"
    shutil.copytree(LIBRARY, destination)
    return destination
