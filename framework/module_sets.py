"""The template repository's module sets: each choice of modules, and the project it renders.

Some files `generate` writes differ with the modules chosen at `copier copy` time
(`.env.example`, `compose.yaml`, `deploy/kubernetes/`), and every rendered project must pass
`check-generated`. So the repository's `nox -s generate` computes them for each module set
and writes Jinja that picks the set's text (framework.environment.template,
framework.deploy.template). The project of a set is read one of two ways:

    rendered_sets(DIR)           DIR/<module>+<module>/: one project per set, as copier
                                 renders it for a user; what `nox -s generate` uses, since a
                                 service's own files may differ with the set too (the bot's
                                 settings read `BACKEND_URL` only with the backend)
    subtracted_sets(FULL, ...)   the full project without the services a set leaves out, as
                                 copier's `_exclude` would; right while no service's own files
                                 depend on the modules chosen

A set is a tuple of module names in name order, the order the Jinja branches name them in.
Used only by the repository, never by a generated project.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from pathlib import Path

from framework.project import Project, load_project

SEPARATOR = "+"
ModuleSet = tuple[str, ...]


def all_sets(names: Iterable[str]) -> list[ModuleSet]:
    """Every non-empty combination of the modules, smallest first, each in name order."""
    ordered = sorted(names)
    sizes = range(1, len(ordered) + 1)
    return [chosen for size in sizes for chosen in itertools.combinations(ordered, size)]


def in_order(sets: Iterable[ModuleSet]) -> list[ModuleSet]:
    """The sets smallest first, then by name: the order `all_sets` gives, and the branches'."""
    return sorted(sets, key=lambda chosen: (len(chosen), chosen))


def set_directory(root: Path, chosen: Iterable[str]) -> Path:
    """Where `rendered_sets` looks for the project of this set: `root/backend+tg_bot`."""
    return root / SEPARATOR.join(sorted(chosen))


def rendered_sets(root: Path) -> dict[ModuleSet, Project]:
    """The project of each set rendered under `root`, by set."""
    found = {
        tuple(sorted(path.name.split(SEPARATOR))): load_project(path)
        for path in root.iterdir()
        if path.is_dir()
    }
    if not found:
        raise ValueError(f"{root} holds no rendered module set (<module>+<module>/)")
    return {chosen: found[chosen] for chosen in in_order(found)}


def subtracted_sets(full: Project, modules: dict[str, str]) -> dict[ModuleSet, Project]:
    """Each set's project as the full one without the services the set leaves out.

    `modules` maps each module to the service directory it brings (`module_services`).
    """
    projects = {}
    for chosen in all_sets(modules):
        services = {modules[name] for name in chosen}
        packages = [p for p in full.packages if not p.is_service or p.name in services]
        projects[chosen] = dataclasses.replace(full, packages=tuple(packages))
    return projects


def module_names(projects: Iterable[ModuleSet]) -> list[str]:
    """Every module some set names, in name order."""
    return sorted({name for chosen in projects for name in chosen})
