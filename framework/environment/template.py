"""The template repository's `.env.example`: one generated text per module set, in Jinja.

`.env.example` lists which services read each variable, so it differs with the modules chosen
at `copier copy` time, and every generated project must pass `check-generated` as rendered.
Rather than a hand-kept Jinja copy of the generator's format, the repository's `nox -s generate`
computes the file for each module set (from the project copier renders for that set, see
framework.module_sets) and this module writes one Jinja branch per distinct text. Used only by
the repository's noxfile.

The file is `template/{{'.env.example'}}.jinja`, a name copier renders to `.env.example`: a plain
`.env.example.jinja` would match the `.env.*` the template's own `.gitignore` ignores, and git,
and copier's copy of a working tree with uncommitted changes, would leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from framework.environment import plan_example
from framework.module_sets import ModuleSet, in_order, module_names
from framework.project import Project

# copier.yml: `- "{% if 'notifications' not in modules %}services/notifications_worker{% endif %}"`
_EXCLUDE = re.compile(r"'(\w+)' not in \w+ %\}services/(\w+)\{%")
# The chosen modules: the computed list where copier.yml has one, else the answer itself.
_CHOSEN = "(module_list if module_list is defined else modules)"
TEMPLATE_FILE = "{{'.env.example'}}.jinja"


def module_services(copier_yml: str) -> dict[str, str]:
    """Each module and the service directory it brings, read from copier.yml's `_exclude`."""
    return dict(_EXCLUDE.findall(copier_yml))


def env_example_template(projects: Mapping[ModuleSet, Project]) -> str:
    """A Jinja template that renders, for each module set, what `generate` writes in its project.

    A set missing from `projects` (one copier refuses) renders an empty file.
    """
    head = (
        "{#- Written by the template repository's `nox -s generate`: the .env.example of each"
        " module set. -#}\n"
        f"{{%- set chosen = {module_names(projects)!r} | select('in', {_CHOSEN}) | join(' ') -%}}\n"
    )
    branches = [
        f"{{%- {'elif' if index else 'if'} chosen in {keys!r} -%}}\n"
        f"{{% raw %}}{text}{{% endraw %}}\n"
        for index, (text, keys) in enumerate(_texts(projects).items())
    ]
    return head + "".join(branches) + "{%- endif -%}\n"


def _texts(projects: Mapping[ModuleSet, Project]) -> dict[str, list[str]]:
    """Each distinct `.env.example`, with the module sets (`backend tg_bot`) that produce it."""
    texts: dict[str, list[str]] = {}
    for chosen in in_order(projects):
        text = plan_example(projects[chosen]) or ""
        texts.setdefault(text, []).append(" ".join(chosen))
    return texts
