"""The template's own releases: a tag made by the release command is what `copier update` reaches.

A throwaway git repository holds this working tree (as test_copier_update builds it). The
template's release command releases it there, a project is generated from that tag, the template
changes and is released again, and the project updates to the newest tag with no `--vcs-ref`:
the change arrives, and the framework's version, bumped in the locks by the release, still
syncs with `uv sync --locked`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import copier
import pytest
import yaml

from framework.semver import Bump, Version
from framework.versionfiles import read_pyproject
from tests.helpers.projects import GIT_IDENTITY, git, run_ok
from tests.template.test_copier_update import snapshot_template

CONTRIBUTING_CHANGE = "\nA line the next template release adds.\n"


def release_template(template: Path, version: Version, note: str) -> str:
    """Describe a change under [Unreleased], commit it, and release the template as `version`."""
    changelog = template / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text().replace(
            "## [Unreleased]\n", f"## [Unreleased]\n\n### Fixed\n\n- {note}\n", 1
        )
    )
    git(template, "commit", "--quiet", "--all", "--message", f"Describe {note}")
    result = subprocess.run(
        [sys.executable, "-m", "framework", "release-template", str(version)],
        cwd=template,  # the clone's own framework package, as its noxfile would run it
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = snapshot_template(tmp_path_factory.mktemp("template"))
    git(template, "tag", "--delete", "v1")  # the update test's tag; the releases make their own
    return template


def test_a_project_updates_across_a_tagged_release(template: Path, tmp_path: Path) -> None:
    _, current = read_pyproject(template / "pyproject.toml")
    first = Version.parse(current).bump(Bump.MAJOR)
    second = first.bump(Bump.MINOR)
    output = release_template(template, first, "the first tagged release")
    assert f"released {first}: tagged v{first}" in output

    project = tmp_path / "shop"
    copier.run_copy(
        str(template),
        project,
        data={"project_name": "shop", "modules": "tg_bot", "python_version": "3.11"},
        defaults=True,
        quiet=True,
        vcs_ref=f"v{first}",
    )
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", f"generated from v{first}")

    with (template / "template" / "CONTRIBUTING.md").open("a") as contributing:
        contributing.write(CONTRIBUTING_CHANGE)
    git(template, "commit", "--quiet", "--all", "--message", "A change to the template")
    release_template(template, second, "a line in CONTRIBUTING.md")
    assert git(template, "tag").split() == [f"v{first}", f"v{second}"]

    copier.run_update(project, defaults=True, overwrite=True, quiet=True)  # the newest tag

    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_commit"] == f"v{second}"
    assert (project / "CONTRIBUTING.md").read_text().endswith(CONTRIBUTING_CHANGE)
    version = f'__version__ = "{second}"'
    assert version in (project / ".framework" / "framework" / "__init__.py").read_text()
    assert f'name = "framework"\nversion = "{second}"' in (project / "uv.lock").read_text()
    run_ok(project, "-s", "lint")  # syncs the root venv from its lock with --locked
