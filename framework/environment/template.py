"""The template repository's `.env.example`: one generated text per module set, in Jinja.

`.env.example` lists which services read each variable, so it differs with the modules chosen
at `copier copy` time, and every generated project must pass `check-generated` as rendered.
Rather than a hand-kept Jinja copy of the generator's format, the repository's `nox -s generate`
computes the file for each module set (the rendered full project without the services a set
leaves out, as copier's `_exclude` would) and this module writes one Jinja branch per distinct
text. Used only by the repository's noxfile.

The file is `template/{{'.env.example'}}.jinja`, a name copier renders to `.env.example`: a plain
`.env.example.jinja` would match the `.env.*` the template's own `.gitignore` ignores, and git,
and copier's copy of a working tree with uncommitted changes, would leave it out.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from framework.environment import plan_example
from framework.project import Project

# copier.yml: `- "{% if 'notifications' not in modules %}services/notifications_worker{% endif %}"`
_EXCLUDE = re.compile(r"'(\w+)' not in \w+ %\}services/(\w+)\{%")
# The chosen modules: the computed list where copier.yml has one, else the answer itself.
_CHOSEN = "(module_list if module_list is defined else modules)"
TEMPLATE_FILE = "{{'.env.example'}}.jinja"


def module_services(copier_yml: str) -> dict[str, str]:
    """Each module and the service directory it brings, read from copier.yml's `_exclude`."""
    return dict(_EXCLUDE.findall(copier_yml))


def env_example_template(full: Project, modules: dict[str, str]) -> str:
    """A Jinja template that renders, for each module set, exactly what `generate` writes."""
    names = sorted(modules)
    head = (
        "{#- Written by the template repository's `nox -s generate`: the .env.example of each"
        " module set. -#}\n"
        f"{{%- set chosen = {names!r} | select('in', {_CHOSEN}) | join(' ') -%}}\n"
    )
    branches = [
        f"{{%- {'elif' if index else 'if'} chosen in {keys!r} -%}}\n"
        f"{{% raw %}}{text}{{% endraw %}}\n"
        for index, (text, keys) in enumerate(_texts(full, modules).items())
    ]
    return head + "".join(branches) + "{%- endif -%}\n"


def _texts(full: Project, modules: dict[str, str]) -> dict[str, list[str]]:
    """Each distinct `.env.example`, with the module sets (`backend tg_bot`) that produce it."""
    names = sorted(modules)
    texts: dict[str, list[str]] = {}
    for chosen in _subsets(names):
        services = {modules[name] for name in chosen}
        packages = [p for p in full.packages if not p.is_service or p.name in services]
        text = plan_example(dataclasses.replace(full, packages=tuple(packages))) or ""
        texts.setdefault(text, []).append(" ".join(chosen))
    return texts


def _subsets(names: list[str]) -> list[tuple[str, ...]]:
    """Every non-empty subset, smallest first, each in the order of `names`."""
    sizes = range(1, len(names) + 1)
    return [chosen for size in sizes for chosen in itertools.combinations(names, size)]
