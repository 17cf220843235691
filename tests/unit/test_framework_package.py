"""The framework package a generated project installs is this repository's `framework`."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_pyproject_declares_the_same_package_without_dev_tools() -> None:
    ours, shipped = load(ROOT / "pyproject.toml"), load(ROOT / "template/.framework/pyproject.toml")
    assert shipped["project"] == ours["project"]
    assert shipped["build-system"] == ours["build-system"]
    assert shipped["tool"] == {"uv": {"build-backend": ours["tool"]["uv"]["build-backend"]}}  # type: ignore[index]
    assert "dependency-groups" not in shipped


def test_the_shipped_framework_is_this_one() -> None:
    assert (ROOT / "template/.framework/framework").resolve() == (ROOT / "framework").resolve()
