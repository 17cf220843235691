"""`copier update` on a generated project: the newer template arrives, the project's own code stays.

A temporary git repository holds this template twice: this working tree as tag `v1`, and `v2`,
which changes the noxfile and the users controller as a newer release of the template would. A
project generated from `v1` makes edits of its own, commits them, updates to `v2`, and later
adds modules it left out: the notifications worker, then the frontend. Slow (real venvs and test
runs), so marked `slow`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import copier
import pytest
import yaml

from tests.helpers.node import node_line
from tests.helpers.projects import ROOT, git, run_ok

NOXFILE = Path("noxfile.py")
CONTROLLER = Path("services/backend/src/backend/controllers/users.py")
NOXFILE_CHANGE = "\n\n# Template v2 changed this noxfile; `copier update` brings the change.\n"
CONTROLLER_CHANGE = "# Template v2 changed this controller too; the project's edits must survive.\n"
OWN_FUNCTION = '''

def greeting(user: UserRead) -> str:
    """How the project greets a user: the project's own code, kept across template updates."""
    return f"Welcome, {user.name}!"
'''
OWN_TEST = Path("services/backend/tests/unit/test_greeting.py")
OWN_TEST_TEXT = '''"""The project's own test, kept across template updates."""

from datetime import UTC, datetime
from uuid import uuid4

from backend.controllers.users import greeting
from shared.generated.schemas import UserRead


def test_greeting_names_the_user() -> None:
    now = datetime.now(UTC)
    user = UserRead(id=uuid4(), email="ada@example.com", name="Ada", created_at=now, updated_at=now)
    assert greeting(user) == "Welcome, Ada!"
'''
REMOVED_BY_THE_PROJECT = Path("services/backend/README.md")
CONFLICT = re.compile(r"^<<<<<<< .*^>>>>>>> ", re.MULTILINE | re.DOTALL)


def snapshot_template(destination: Path) -> Path:
    """This repository's working tree (uncommitted work included, ignored files not) as `v1`."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs this repository as a git clone (it lists the files to copy)")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, destination / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree, not yet in the index
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
        else:
            shutil.copy2(source, target)
    git(destination, "init", "--quiet")
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--no-verify", "--message", "template v1")
    git(destination, "tag", "v1")
    return destination


def release_v2(template: Path) -> None:
    """Commit a newer template: a change to the noxfile and to the users controller."""
    with (template / "template" / NOXFILE).open("a") as noxfile:
        noxfile.write(NOXFILE_CHANGE)
    controller = template / "template" / CONTROLLER
    controller.write_text(CONTROLLER_CHANGE + controller.read_text())
    git(template, "commit", "--quiet", "--all", "--message", "template v2")
    git(template, "tag", "v2")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = snapshot_template(tmp_path_factory.mktemp("template"))
    release_v2(template)
    return template


@pytest.fixture(scope="module")
def updated_project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backend-only project from `v1` with edits of its own, then updated to `v2`."""
    project = tmp_path_factory.mktemp("update") / "shop"
    copier.run_copy(
        str(template),
        project,
        data={"project_name": "shop", "modules": ["backend"], "python_version": "3.11"},
        defaults=True,
        quiet=True,
        vcs_ref="v1",
    )
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "generated from v1")
    run_ok(project, "-s", "setup")
    with (project / CONTROLLER).open("a") as controller:
        controller.write(OWN_FUNCTION)
    (project / OWN_TEST).write_text(OWN_TEST_TEXT)
    (project / REMOVED_BY_THE_PROJECT).unlink()
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "our own greeting; no service README")
    copier.run_update(project, vcs_ref="v2", defaults=True, overwrite=True, quiet=True)
    return project


def answers(project: Path) -> dict[str, object]:
    loaded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def leftovers_of_a_conflict(project: Path) -> list[str]:
    """Files copier could not merge: `.rej` files, or conflict markers in tracked files."""
    rejected = [str(path.relative_to(project)) for path in project.rglob("*.rej")]
    tracked = [project / name for name in git(project, "ls-files").splitlines()]
    texts = {path: path.read_text(errors="ignore") for path in tracked if path.is_file()}
    marked = [
        str(path.relative_to(project)) for path, text in texts.items() if CONFLICT.search(text)
    ]
    return rejected + marked


def session_names(project: Path) -> set[str]:
    listing = run_ok(project, "-l", "--json")
    return {entry["session"] for entry in json.loads(listing)}


def test_an_update_brings_the_template_change_and_keeps_the_projects_edits(
    updated_project: Path,
) -> None:
    controller = (updated_project / CONTROLLER).read_text()
    assert controller.startswith(CONTROLLER_CHANGE), "the template's change did not arrive"
    assert controller.endswith(OWN_FUNCTION), "the project's own function was lost"
    assert (updated_project / NOXFILE).read_text().endswith(NOXFILE_CHANGE)
    assert (updated_project / OWN_TEST).read_text() == OWN_TEST_TEXT
    assert not (updated_project / REMOVED_BY_THE_PROJECT).exists(), "a deleted file came back"
    assert leftovers_of_a_conflict(updated_project) == []
    assert answers(updated_project)["_commit"] == "v2"


def test_the_updated_project_passes_its_sessions(updated_project: Path) -> None:
    output = run_ok(updated_project, "-s", "lint", "test")
    assert "test(backend): success" in output


def test_a_module_left_out_at_generation_is_added_by_an_update(updated_project: Path) -> None:
    git(updated_project, "add", "--all")
    git(updated_project, "commit", "--quiet", "--message", "update to template v2")
    assert "test(notifications_worker)" not in session_names(updated_project)

    copier.run_update(
        updated_project,
        data={"modules": ["backend", "notifications"]},
        vcs_ref="v2",
        defaults=True,
        overwrite=True,
        quiet=True,
    )

    sessions = session_names(updated_project)
    for session in ("typecheck", "test"):
        assert f"{session}(notifications_worker)" in sessions
        assert f"{session}(backend)" in sessions
    assert "services/notifications_worker" in (updated_project / "README.md").read_text()
    assert answers(updated_project)["modules"] == ["backend", "notifications"]
    assert (updated_project / CONTROLLER).read_text().endswith(OWN_FUNCTION)
    assert leftovers_of_a_conflict(updated_project) == []
    run_ok(updated_project, "-s", "test(notifications_worker)")


def test_the_frontend_module_is_added_by_an_update(updated_project: Path) -> None:
    git(updated_project, "add", "--all")
    git(updated_project, "commit", "--quiet", "--allow-empty", "--message", "before the frontend")
    chosen = answers(updated_project)["modules"]
    assert isinstance(chosen, list)
    assert "test(frontend)" not in session_names(updated_project)

    copier.run_update(
        updated_project,
        data={"modules": [*chosen, "frontend"], "node_version": node_line()},
        vcs_ref="v2",
        defaults=True,
        overwrite=True,
        quiet=True,
    )

    sessions = session_names(updated_project)
    assert {"typecheck(frontend)", "test(frontend)"} <= sessions
    assert (updated_project / ".nvmrc").read_text() == f"{node_line()}\n"
    assert "services/frontend" in (updated_project / "README.md").read_text()
    assert answers(updated_project)["node_version"] == node_line()
    assert (updated_project / CONTROLLER).read_text().endswith(OWN_FUNCTION)
    assert leftovers_of_a_conflict(updated_project) == []
    # The deploy files and the client types the update wrote are what `generate` writes.
    run_ok(updated_project, "-s", "check-generated", "typecheck(frontend)", "test(frontend)")
