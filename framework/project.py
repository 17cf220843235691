"""What a generated project is made of: the `shared` package and the services.

A service is a directory `services/<name>/` that holds a `pyproject.toml` (a Python package) or a
`package.json` (a Node package, such as the frontend); nothing else declares one, and a directory
with both is a Python package. The noxfile discovers services the same way, so this module and
`nox -l` always agree; the sessions dispatch on the package's `kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PYTHON = "python"
NODE = "node"
MANIFESTS = {PYTHON: "pyproject.toml", NODE: "package.json"}


class NotAProjectError(Exception):
    """The directory is not the root of a generated project."""


@dataclass(frozen=True)
class Package:
    """A directory with its own manifest, lock and environment: `pyproject.toml`, `uv.lock` and
    `.venv` for Python; `package.json`, `package-lock.json` and `node_modules` for Node."""

    name: str
    path: Path
    is_service: bool
    kind: str = PYTHON

    @property
    def pyproject(self) -> Path:
        return self.path / "pyproject.toml"

    @property
    def manifest(self) -> Path:
        """`pyproject.toml` or `package.json`: the file that makes the directory a package."""
        return self.path / MANIFESTS[self.kind]


@dataclass(frozen=True)
class Project:
    """The root of a generated project and the packages in it, `shared` first."""

    root: Path
    packages: tuple[Package, ...]

    @property
    def services(self) -> tuple[Package, ...]:
        return tuple(package for package in self.packages if package.is_service)

    def stray_service_dirs(self) -> list[Path]:
        """Directories under `services/` that hold Python code but no manifest."""
        services_dir = self.root / "services"
        if not services_dir.is_dir():
            return []
        return sorted(
            path
            for path in services_dir.iterdir()
            if path.is_dir()
            and not any((path / manifest).exists() for manifest in MANIFESTS.values())
            and any(path.rglob("*.py"))
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
    found = {
        manifest.parent.name: Package(manifest.parent.name, manifest.parent, True, kind)
        for kind in (NODE, PYTHON)  # a Python manifest wins over a package.json beside it
        for manifest in (root / "services").glob(f"*/{MANIFESTS[kind]}")
    }
    packages += [found[name] for name in sorted(found)]
    return Project(root, tuple(packages))
