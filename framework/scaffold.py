"""`python -m framework new-service <name>`: a new service that passes every session at once.

The files come from the scaffolds kept next to this module (`scaffolds/common/` for what every
Python kind shares, `scaffolds/<kind>/` for the rest), so a generated project carries them in
`.framework/` and `copier update` refreshes them. Scaffold files that end in `.tmpl` (which keeps
ruff, mypy and copier's `.jinja` rendering away from them) use `string.Template` placeholders
(`${name}`, `${script}`, `${python_version}`, `${node_version}`; `$$` is a literal `$`); any
other file is copied as it is (the `node` kind's, several of which the template's frontend links
to); a directory named `PACKAGE` becomes the service's import package.

Everything is written to a hidden staging directory beside the final one, locked there (the lock
records paths relative to the service, and the staging directory sits at the same depth), and
renamed into place at the end: a refused name or a failed `uv lock` leaves nothing behind.
"""

from __future__ import annotations

import keyword
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Template

from framework.names import normalize, requirement_name
from framework.node_versions import DEFAULT_NODE, installed_node
from framework.project import Project
from framework.scaffold_node import LOCK, named_lock, pin_node, project_node

SCAFFOLDS = Path(__file__).parent / "scaffolds"
TEMPLATE_SUFFIX = ".tmpl"
PACKAGE_DIR = "PACKAGE"
KINDS = {
    "fastapi": "an HTTP API (a FastAPI app factory with a /health route)",
    "worker": "a FastStream worker (a Redis subscriber that answers on a second channel)",
    "plain": "a plain Python package with a small command line",
    "node": "a web app (Vite, React, TypeScript) served by a small Node server: a Node package",
}
NODE_KIND = "node"
DEFAULT_KIND = "fastapi"
_VALID_NAME = re.compile(r"[a-z][a-z0-9_]*")
RESERVED_NAMES = {
    "shared": "it is the package every service shares",
    "framework": "it is the framework's package in .framework/",
    "tooling": "it is the name of the root tooling project",
    "services": "it is the directory that holds the services",
    "src": "it is the source directory of every service",
    "test": "pytest and the standard library's regression tests use it",
    "tests": "it is every package's test package",
    "conftest": "pytest loads modules of that name as its configuration",
}


class ScaffoldError(Exception):
    """The service cannot be created; the message says why and what to do instead."""


@dataclass(frozen=True)
class NewService:
    """A service the scaffold has put in place."""

    name: str
    kind: str
    path: Path
    files: tuple[Path, ...]


def suggest(name: str) -> str:
    """A valid name close to what the user typed, for the error message."""
    candidate = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if candidate[:1].isdigit():
        candidate = f"service_{candidate}"
    return candidate or "billing"


def check_name(project: Project, name: str, requires: Mapping[str, str] | None = None) -> None:
    """Refuse a name that cannot be a service here, in one line that names the way out.

    `requires` maps the import-style names of what the new service will install to where they
    come from; the project's locks are searched as well.
    """
    refused = f"cannot create service {name!r}:"
    if not _VALID_NAME.fullmatch(name):
        raise ScaffoldError(
            f"{refused} a service name is its Python package name, so use lowercase letters,"
            f" digits and underscores, starting with a letter (for example: {suggest(name)})"
        )
    other = f"choose another name (for example: {name}_service)"
    target = project.root / "services" / name
    if target.exists():
        raise ScaffoldError(
            f"{refused} services/{name} already exists; {other} or remove that directory"
        )
    if keyword.iskeyword(name):
        raise ScaffoldError(f"{refused} it is a Python keyword, so it cannot be imported; {other}")
    if keyword.issoftkeyword(name):
        raise ScaffoldError(
            f"{refused} it is a Python soft keyword, which reads as syntax in code; {other}"
        )
    if name in RESERVED_NAMES:
        raise ScaffoldError(f"{refused} {RESERVED_NAMES[name]}; {other}")
    if name in sys.stdlib_module_names:
        raise ScaffoldError(
            f"{refused} it would shadow the standard library module {name!r}; {other}"
        )
    installed = {**locked_distributions(project), **(requires or {})}
    if name in installed:
        raise ScaffoldError(
            f"{refused} the package {name!r} ({installed[name]}) has that import name, and the"
            f" two would shadow each other in a venv; {other}"
        )


def locked_distributions(project: Project) -> dict[str, str]:
    """Every distribution the project's locks pin, as an import-style name -> the lock naming it.

    A service whose package has the name of an installed distribution shadows it (or is shadowed):
    the locks are the list of what can end up installed.
    """
    locks = [project.root / "uv.lock", *(package.path / "uv.lock" for package in project.packages)]
    found: dict[str, str] = {}
    for lock in locks:
        if not lock.is_file():
            continue
        try:
            data = tomllib.loads(lock.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            continue  # `nox -s lint` reports a broken lock; it must not block scaffolding
        for package in data.get("package", []):
            source = package.get("source", {})
            if "registry" not in source:
                continue  # the project's own packages are caught as existing services
            import_name = normalize(str(package.get("name", ""))).replace("-", "_")
            found.setdefault(import_name, f"in {lock.relative_to(project.root)}")
    return found


def scaffold_requirements(kind: str, pyproject: str) -> dict[str, str]:
    """What the scaffold's pyproject installs, as import-style name -> where it comes from."""
    data = tomllib.loads(pyproject)
    listed = [*data["project"]["dependencies"], *data["dependency-groups"]["dev"]]
    where = f"a dependency of the {kind} scaffold"
    return {requirement_name(item).replace("-", "_"): where for item in listed}


def render(
    kind: str, name: str, python_version: str, node_version: str = DEFAULT_NODE
) -> dict[Path, str]:
    """The files of a new service of `kind`, by path inside the service directory."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    values = {
        "name": name,
        "script": name.replace("_", "-"),
        "python_version": python_version,
        "node_version": node_version,
    }
    layers = [SCAFFOLDS / kind] if kind == NODE_KIND else [SCAFFOLDS / "common", SCAFFOLDS / kind]
    files: dict[Path, str] = {}
    for layer in layers:
        for source in sorted(path for path in layer.rglob("*") if path.is_file()):
            files.update([_rendered(source, layer, values)])
    if kind == NODE_KIND:
        files[Path(LOCK)] = named_lock(files[Path(LOCK)], name)
    return files


def _rendered(source: Path, layer: Path, values: dict[str, str]) -> tuple[Path, str]:
    """A scaffold file's path in the service and its text: a `.tmpl` filled in, others as is."""
    relative = source.relative_to(layer)
    text = source.read_text(encoding="utf-8")
    if source.name.endswith(TEMPLATE_SUFFIX):
        relative = relative.with_name(source.name[: -len(TEMPLATE_SUFFIX)])
        text = Template(text).substitute(values)
    parts = [values["name"] if part == PACKAGE_DIR else part for part in relative.parts]
    return Path(*parts), text


def project_python(project: Project) -> str:
    """The project's Python version (`.python-version`), which the Dockerfile's base image names."""
    pinned = project.root / ".python-version"
    if pinned.is_file() and pinned.read_text().strip():
        return pinned.read_text().strip()
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def create_service(project: Project, name: str, kind: str, *, lock: bool = True) -> NewService:
    """Write `services/<name>/` from the scaffold of `kind`, locked unless `lock` is False.

    A Node service comes with its lock, so `lock` changes nothing for it; it pins the project's
    Node line in `.nvmrc` when the project had none."""
    node_version = project_node(project.root, installed_node())
    files = render(kind, name, project_python(project), node_version)
    pyproject = files.get(Path("pyproject.toml"))
    check_name(project, name, scaffold_requirements(kind, pyproject) if pyproject else {})
    lock = lock and pyproject is not None
    services = project.root / "services"
    made_services_dir = not services.exists()
    services.mkdir(exist_ok=True)
    staging = services / f".new-{name}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if lock:
            lock_service(staging, name)
        target = services / name
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made_services_dir:
            shutil.rmtree(services, ignore_errors=True)
        raise
    written = (*files, Path("uv.lock")) if lock else tuple(files)
    if kind == NODE_KIND and (pinned := pin_node(project.root, node_version)):
        written = (*written, Path(os.path.relpath(pinned, target)))
    return NewService(name, kind, target, tuple(sorted(written)))


def lock_service(directory: Path, name: str) -> None:
    """Resolve the new service's uv.lock; the error carries uv's own explanation."""
    uv = shutil.which("uv")
    if uv is None:
        raise ScaffoldError(
            f"cannot lock service {name!r}: uv is not on PATH; install it (`pip install uv`)"
            " and run again"
        )
    result = subprocess.run(
        [uv, "lock", "--quiet", "--no-python-downloads", "--project", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ScaffoldError(
            f"cannot lock service {name!r}: `uv lock` failed, so nothing was created:\n"
            f"{result.stderr.strip()}"
        )
