"""What a generated project is made of: the `shared` package and the services.

A service is a directory `services/<name>/` that holds a `pyproject.toml`; nothing else declares
one. The noxfile discovers services the same way, so this module and `nox -l` always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class NotAProjectError(Exception):
    """The directory is not the root of a generated project."""


@dataclass(frozen=True)
class Package:
    """A directory with its own `pyproject.toml`, `uv.lock` and `.venv`."""

    name: str
    path: Path
    is_service: bool

    @property
    def pyproject(self) -> Path:
        return self.path / "pyproject.toml"


@dataclass(frozen=True)
class Project:
    """The root of a generated project and the packages in it, `shared` first."""

    root: Path
    packages: tuple[Package, ...]

    @property
    def services(self) -> tuple[Package, ...]:
        return tuple(package for package in self.packages if package.is_service)

    def stray_service_dirs(self) -> list[Path]:
        """Directories under `services/` that hold Python code but no `pyproject.toml`."""
        services_dir = self.root / "services"
        if not services_dir.is_dir():
            return []
        return sorted(
            path
            for path in services_dir.iterdir()
            if path.is_dir() and not (path / "pyproject.toml").exists() and any(path.rglob("*.py"))
        )


def load_project(root: Path) -> Project:
    """Discover the packages of the project at `root`."""
    root = root.resolve()
    if not (root / "noxfile.py").is_file() or not (root / "shared").is_dir():
        raise NotAProjectError(
            f"{root} is not a generated project: it needs noxfile.py and shared/ at its top;"
            " run this from the project root or pass the root as an argument."
        )
    packages = [Package("shared", root / "shared", is_service=False)]
    packages += [
        Package(pyproject.parent.name, pyproject.parent, is_service=True)
        for pyproject in sorted((root / "services").glob("*/pyproject.toml"))
    ]
    return Project(root, tuple(packages))
