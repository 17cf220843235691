"""The template repository's copies of the deploy files: what `generate` writes, per module set.

A generated project must pass `check-generated` as rendered, and its deploy files depend on the
modules chosen at `copier copy` time. Rather than hand-keep Jinja versions of the generator's
output, the repository's `nox -s generate` renders the project of every module set copier
accepts (framework.module_sets), computes each one's deploy files and writes them into
`template/`:

    a file every set has, alike        as it is
    one module's service's file        under a name copier renders empty without the module,
                                       `{% if 'backend' in module_list %}backend.yaml{% endif %}`
    a file whose text differs          `<name>.jinja` (after either name), one branch per
                                       distinct text

Used only by the repository's noxfile: `python -m framework.deploy.template SETS TEMPLATE`, where
SETS holds one rendered project per module set (`SETS/backend+tg_bot/`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from framework.deploy import Plan, plan_deploy
from framework.deploy.compose import FILE as COMPOSE_FILE
from framework.deploy.kubernetes import ROOT as MANIFESTS
from framework.module_sets import ModuleSet, in_order, module_names, rendered_sets
from framework.project import Project

CHOSEN = "{{%- set chosen = {names!r} | select('in', module_list) | join(' ') -%}}\n"


def plans_by_set(projects: Mapping[ModuleSet, Project]) -> dict[ModuleSet, Plan]:
    """The deploy files of each module set's project."""
    return {chosen: plan_deploy(projects[chosen]) for chosen in in_order(projects)}


def template_files(projects: Mapping[ModuleSet, Project]) -> Plan:
    """Each template file (its path may hold Jinja) and its content.

    `projects` holds every set copier accepts; a file is one module's when exactly the accepted
    sets with that module have it.
    """
    plans = plans_by_set(projects)
    paths = sorted({path for plan in plans.values() for path in plan})
    files: Plan = {}
    for path in paths:
        texts = {chosen: plan[path] for chosen, plan in plans.items() if path in plan}
        files.update(_one_file(path, texts, list(plans)))
    return files


def _one_file(path: PurePosixPath, texts: dict[ModuleSet, str], every_set: list[ModuleSet]) -> Plan:
    """The file under its template name: conditional on its module unless every set has it,
    and Jinja branches unless every set that has it has the same text."""
    name = path.name
    if len(texts) != len(every_set):
        owner = _only_module(set(texts), every_set)
        if owner is None:
            raise ValueError(f"{path}: present in some module sets, but not one module's")
        name = f"{{% if '{owner}' in module_list %}}{path.name}{{% endif %}}"
    distinct = set(texts.values())
    if len(distinct) == 1:
        return {path.with_name(name): distinct.pop()}
    return {path.with_name(f"{name}.jinja"): _branches(texts, every_set)}


def _only_module(present: set[ModuleSet], every_set: list[ModuleSet]) -> str | None:
    """The module whose sets are exactly those a file is present in, if there is one."""
    for module in module_names(every_set):
        if present == {chosen for chosen in every_set if module in chosen}:
            return module
    return None


def _branches(texts: dict[ModuleSet, str], every_set: list[ModuleSet]) -> str:
    keys_by_text: dict[str, list[str]] = {}
    for chosen, text in texts.items():
        keys_by_text.setdefault(text, []).append(" ".join(chosen))
    head = (
        "{#- Written by the template repository's `nox -s generate`: this file for each module"
        " set. -#}\n" + CHOSEN.format(names=module_names(every_set))
    )
    branches = [
        f"{{%- {'if' if index == 0 else 'elif'} chosen in {keys!r} -%}}\n"
        f"{{% raw %}}{text}{{% endraw %}}\n"
        for index, (text, keys) in enumerate(keys_by_text.items())
    ]
    return head + "".join(branches) + "{%- endif -%}\n"


def write_templates(sets: Path, template: Path) -> list[PurePosixPath]:
    """Replace the template's deploy files with those computed from the rendered module sets."""
    files = template_files(rendered_sets(sets))
    shutil.rmtree(template / MANIFESTS, ignore_errors=True)
    for stale in (COMPOSE_FILE, f"{COMPOSE_FILE}.jinja"):
        (template / stale).unlink(missing_ok=True)
    for path, text in files.items():
        (template / path).parent.mkdir(parents=True, exist_ok=True)
        (template / path).write_text(text, encoding="utf-8")
    return sorted(files)


def main(argv: Sequence[str] | None = None) -> int:
    sets, template = (Path(argument) for argument in (argv or sys.argv[1:]))
    for path in write_templates(sets, template):
        print(f"wrote template/{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
