"""The template repository's copies of the deploy files: what `generate` writes, per module set.

A generated project must pass `check-generated` as rendered, and its deploy files depend on the
modules chosen at `copier copy` time. Rather than hand-keep Jinja versions of the generator's
output, the repository's `nox -s generate` renders the full project, computes the deploy files
for every module set (the full project without the services a set leaves out, as copier's
`_exclude` would) and writes them into `template/`:

    a file every set has, alike        as it is
    one module's service's file        under a name copier renders empty without the module,
                                       `{% if 'backend' in module_list %}backend.yaml{% endif %}`
    anything else                      `<name>.jinja`, one branch per distinct text

Used only by the repository's noxfile: `python -m framework.deploy.template RENDERED TEMPLATE`.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from framework.deploy import Plan, plan_deploy
from framework.deploy.compose import FILE as COMPOSE_FILE
from framework.deploy.kubernetes import ROOT as MANIFESTS
from framework.environment.template import module_services
from framework.project import Project, load_project

CHOSEN = "{{%- set chosen = {names!r} | select('in', module_list) | join(' ') -%}}\n"


def module_sets(modules: dict[str, str]) -> list[tuple[str, ...]]:
    """Every non-empty combination of modules, each in name order."""
    names = sorted(modules)
    return [
        combo for size in range(1, len(names) + 1) for combo in itertools.combinations(names, size)
    ]


def plans_by_set(full: Project, modules: dict[str, str]) -> dict[tuple[str, ...], Plan]:
    plans = {}
    for chosen in module_sets(modules):
        services = {modules[name] for name in chosen}
        packages = [p for p in full.packages if not p.is_service or p.name in services]
        plans[chosen] = plan_deploy(dataclasses.replace(full, packages=tuple(packages)))
    return plans


def template_files(full: Project, modules: dict[str, str]) -> Plan:
    """Each template file (its path may hold Jinja) and its content."""
    plans = plans_by_set(full, modules)
    paths = sorted({path for plan in plans.values() for path in plan})
    files: Plan = {}
    for path in paths:
        texts = {chosen: plan[path] for chosen, plan in plans.items() if path in plan}
        files.update(_one_file(path, texts, modules, list(plans)))
    return files


def _one_file(
    path: PurePosixPath,
    texts: dict[tuple[str, ...], str],
    modules: dict[str, str],
    every_set: list[tuple[str, ...]],
) -> Plan:
    distinct = set(texts.values())
    if len(distinct) == 1 and len(texts) == len(every_set):
        return {path: distinct.pop()}
    owner = _only_module(set(texts), modules)
    if len(distinct) == 1 and owner is not None:
        name = f"{{% if '{owner}' in module_list %}}{path.name}{{% endif %}}"
        return {path.with_name(name): distinct.pop()}
    if len(texts) != len(every_set):
        raise ValueError(f"{path}: present in some module sets, with differing contents")
    return {path.with_name(f"{path.name}.jinja"): _branches(texts, modules)}


def _only_module(present: set[tuple[str, ...]], modules: dict[str, str]) -> str | None:
    """The module whose sets are exactly those a file is present in, if there is one."""
    for module in modules:
        if present == {chosen for chosen in module_sets(modules) if module in chosen}:
            return module
    return None


def _branches(texts: dict[tuple[str, ...], str], modules: dict[str, str]) -> str:
    keys_by_text: dict[str, list[str]] = {}
    for chosen, text in texts.items():
        keys_by_text.setdefault(text, []).append(" ".join(chosen))
    head = (
        "{#- Written by the template repository's `nox -s generate`: this file for each module"
        " set. -#}\n" + CHOSEN.format(names=sorted(modules))
    )
    branches = [
        f"{{%- {'if' if index == 0 else 'elif'} chosen in {keys!r} -%}}\n"
        f"{{% raw %}}{text}{{% endraw %}}\n"
        for index, (text, keys) in enumerate(keys_by_text.items())
    ]
    return head + "".join(branches) + "{%- endif -%}\n"


def write_templates(rendered: Path, template: Path, copier_yml: Path) -> list[PurePosixPath]:
    """Replace the template's deploy files with those computed from a rendered full project."""
    modules = module_services(copier_yml.read_text(encoding="utf-8"))
    files = template_files(load_project(rendered), modules)
    shutil.rmtree(template / MANIFESTS, ignore_errors=True)
    for stale in (COMPOSE_FILE, f"{COMPOSE_FILE}.jinja"):
        (template / stale).unlink(missing_ok=True)
    for path, text in files.items():
        (template / path).parent.mkdir(parents=True, exist_ok=True)
        (template / path).write_text(text, encoding="utf-8")
    return sorted(files)


def main(argv: Sequence[str] | None = None) -> int:
    rendered, template = (Path(argument) for argument in (argv or sys.argv[1:]))
    for path in write_templates(rendered, template, template.parent / "copier.yml"):
        print(f"wrote template/{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
