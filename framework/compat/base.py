"""The ref `check-compat` compares with, and its specs and OpenAPI documents, read from git.

Without a REF: the merge-base of HEAD and the default branch (what a pull request changes), or
else the latest tag (what the last release promised). The old side is read with `git show`
into a scratch directory, never checked out, so the working tree is not touched.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework.changes import default_branch
from framework.project import load_project
from framework.specs.loader import load_specs
from framework.specs.model import Specs
from framework.specs.source import SpecError

# What the specs and documents of a project are made of, as paths in a commit.
_WANTED = re.compile(
    r"^(noxfile\.py|shared/spec/[^/]+|services/[^/]+/(pyproject\.toml|package\.json"
    r"|openapi\.json|spec/[^/]+))$"
)


class CompatError(Exception):
    """The comparison cannot be made; the message says what to pass or fix."""


@dataclass(frozen=True)
class Side:
    """One version of the contracts: its specs and each service's OpenAPI document."""

    specs: Specs
    documents: dict[str, Any]


@dataclass(frozen=True)
class Base:
    commit: str
    description: str


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)


def find_base(root: Path, ref: str | None) -> Base:
    """The commit to compare with, and how it was chosen."""
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise CompatError(f"{root} is not a git repository with a commit; commit, then compare")
    if ref is not None:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if found.returncode != 0:
            raise CompatError(f"{ref!r} is no commit, branch or tag here; pass one git knows")
        return Base(found.stdout.strip(), ref)
    base = _merge_base(root) or _latest_tag(root)
    if base is None:
        raise CompatError(
            "nothing to compare with: no main or master branch and no tag;"
            " name a ref: nox -s check-compat -- REF"
        )
    return base


def _merge_base(root: Path) -> Base | None:
    branch = default_branch(root)
    found = _git(root, "merge-base", "HEAD", branch) if branch else None
    if found is None or found.returncode != 0:
        return None
    return Base(found.stdout.strip(), f"the merge-base of HEAD and {branch}")


def _latest_tag(root: Path) -> Base | None:
    tag = _git(root, "describe", "--tags", "--abbrev=0")
    if tag.returncode != 0:
        return None
    name = tag.stdout.strip()
    return Base(_git(root, "rev-parse", f"{name}^{{commit}}").stdout.strip(), f"tag {name}")


def current(root: Path) -> Side:
    """The working tree's specs and documents."""
    return _side(root, "the working tree")


def at_commit(root: Path, base: Base) -> Side:
    """The specs and documents as they were in `base`."""
    with _files_at(root, base.commit) as scratch:
        return _side(scratch, base.description)


@contextmanager
def _files_at(root: Path, commit: str) -> Iterator[Path]:
    listing = _git(root, "ls-tree", "-r", "--name-only", commit).stdout.splitlines()
    with tempfile.TemporaryDirectory(prefix="check-compat-") as scratch:
        base = Path(scratch) / "project"
        (base / "shared").mkdir(parents=True)
        (base / "noxfile.py").touch()
        for path in filter(_WANTED.match, listing):
            shown = subprocess.run(
                ["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True, check=True
            )
            (base / path).parent.mkdir(parents=True, exist_ok=True)
            (base / path).write_bytes(shown.stdout)
        yield base


def _side(root: Path, name: str) -> Side:
    project = load_project(root)
    try:
        specs = load_specs(project)
    except SpecError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        raise CompatError(f"the specs of {name} do not load ({first}); fix them first") from error
    documents = {
        service.name: json.loads((service.path / "openapi.json").read_text(encoding="utf-8"))
        for service in project.services
        if (service.path / "openapi.json").is_file()
    }
    return Side(specs, documents)
