"""The benchmark's baseline: a generated project driven the conventional nox way.

`bench/run.py` copies this file into a generated project as `conventional_noxfile.py` and runs
it with `nox -f`. Every session gets a virtualenv of its own in `.nox/` (nox's uv backend, the
fastest nox offers), filled by `session.install` from the package's `pyproject.toml`: no locks
and no venvs shared between sessions. `reuse_venv = "yes"` keeps those venvs between runs, as
most projects configure it; nox still runs each `session.install` again, because it cannot know
whether the requirements changed.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_external_run = False

ROOT = Path(__file__).parent
PYTHON = (ROOT / ".python-version").read_text().strip()
SERVICES = sorted(path.parent.name for path in ROOT.glob("services/*/pyproject.toml"))
PACKAGES = ["shared", *SERVICES]


def package_dir(package: str) -> Path:
    return ROOT / package if package == "shared" else ROOT / "services" / package


def install_package(session: nox.Session, package: str) -> None:
    """The package, editable, with its dev group; `shared` comes from the project, not an index."""
    directory = package_dir(package)
    pyproject = nox.project.load_toml(directory / "pyproject.toml")
    dev = nox.project.dependency_groups(pyproject, "dev")
    third_party = [requirement for requirement in dev if not requirement.startswith("shared")]
    editable = ["-e", f"{ROOT / 'shared'}[testing]"]
    if package != "shared":
        editable += ["-e", str(directory)]
    session.install(*editable, *third_party)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and the framework's layout check, as the project's own `lint` runs them."""
    pyproject = nox.project.load_toml(ROOT / "pyproject.toml")
    session.install(
        "-e", str(ROOT / ".framework"), *nox.project.dependency_groups(pyproject, "dev")
    )
    session.run("ruff", "format", "--check", ".")
    session.run("ruff", "check", ".")
    session.run("python", "-m", "framework", "check", ".")


@nox.session(python=PYTHON, allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def typecheck(session: nox.Session, package: str) -> None:
    """mypy --strict on one package, configured by its pyproject."""
    install_package(session, package)
    session.chdir(package_dir(package))
    # A cache of its own: the benchmark alternates this noxfile with the project's own, and mypy
    # throws away a cache written from another environment, so a shared one is rebuilt each time.
    session.run("mypy", env={"MYPY_CACHE_DIR": str(Path(session.virtualenv.location, "mypy"))})


@nox.session(python=PYTHON, allow_parallel=True)
@nox.parametrize("package", PACKAGES, ids=PACKAGES)
def test(session: nox.Session, package: str) -> None:
    """One package's unit tests with coverage, configured by its pyproject."""
    install_package(session, package)
    session.chdir(package_dir(package))
    session.run("pytest", "tests/unit")
