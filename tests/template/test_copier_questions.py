"""The questions in copier.yml: bad answers are refused, modules select services."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.projects import ROOT, copy_template


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "Bad_Name"}, "'Bad_Name' is not a valid project name"),
        ({"project_name": "1shop"}, "is not a valid project name"),
        ({"project_name": "shop api"}, "use lowercase letters, digits, dashes and underscores"),
        ({"modules": []}, "Choose at least one module of backend, tg_bot, notifications"),
        ({"modules": ""}, "Choose at least one module of backend, tg_bot, notifications"),
        ({"modules": "backend,website"}, "'website' is not a module: choose from backend,"),
        (
            {"modules": "tg_bot,frontend"},
            "frontend needs backend: the web app is a client of the backend's users API; choose"
            " both (backend,frontend), or add a web app with no API later"
            " (nox -s new_service -- web --kind node).",
        ),
        (
            {"modules": "backend,frontend", "node_version": "18"},
            "'18' is not in ['20', '22', '24']",
        ),
        ({"author_email": "nope"}, "'nope' does not look like an email address"),
        ({"python_version": "3.9"}, "'3.9' is not in ['3.11', '3.12', '3.13']"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    answers: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        copy_template(tmp_path / "project", **answers)
    assert not (tmp_path / "project").exists()


def test_modules_select_the_service_directories(tmp_path: Path) -> None:
    project = copy_template(tmp_path / "bot-only", project_name="bot-only", modules=["tg_bot"])
    assert [path.name for path in (project / "services").iterdir()] == ["tg_bot"]
    readme = (project / "README.md").read_text()
    assert readme.startswith("# bot-only\n")
    assert "services/tg_bot" in readme
    assert "services/backend" not in readme
    assert (project / ".python-version").read_text() == "3.11\n"


def test_the_framework_is_copied_not_linked(tmp_path: Path) -> None:
    project = copy_template(tmp_path / "project")
    copied = project / ".framework" / "framework" / "layout.py"
    assert not copied.is_symlink()
    assert copied.read_text() == (ROOT / "framework" / "layout.py").read_text()
    assert not list(project.glob(".framework/**/__pycache__"))


@pytest.mark.parametrize(
    "modules",
    [
        "tg_bot,notifications",
        "notifications, tg_bot",
        "[tg_bot, notifications]",
        ["tg_bot", "notifications"],
    ],
)
def test_modules_are_a_list_or_names_separated_by_commas(
    modules: str | list[str], tmp_path: Path
) -> None:
    project = copy_template(tmp_path / "project", modules=modules)
    assert sorted(path.name for path in (project / "services").iterdir()) == [
        "notifications_worker",
        "tg_bot",
    ]
    readme = (project / "README.md").read_text()
    assert "services/tg_bot" in readme
    assert "services/backend" not in readme


def test_a_project_name_may_have_underscores(tmp_path: Path) -> None:
    project = copy_template(tmp_path / "project", project_name="my_project", modules=["tg_bot"])
    assert (project / "README.md").read_text().startswith("# my_project\n")


def test_a_task_description_becomes_task_md_and_agents_md_points_at_it(tmp_path: Path) -> None:
    task = "Build a shop.\n\nIt sells books."
    project = copy_template(tmp_path / "with-task", modules=["tg_bot"], task_description=task)
    assert (project / "TASK.md").read_text().endswith(f"\n{task}\n")
    assert "[TASK.md](TASK.md)" in (project / "AGENTS.md").read_text()
    assert "[TASK.md](TASK.md)" in (project / "README.md").read_text()
    plain = copy_template(tmp_path / "without", modules=["tg_bot"], task_description="  ")
    assert not (plain / "TASK.md").exists()
    assert "TASK.md" not in (plain / "AGENTS.md").read_text()


def test_a_refused_answer_is_the_last_line_copier_prints(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("copier")), "copy", "--defaults", "--quiet",
            "--vcs-ref=HEAD",
            "--data", "project_name=Shop", "--data", "modules=backend,tg_bot",
            str(ROOT), str(tmp_path / "project"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "ValueError: Validation error for question 'project_name': 'Shop' is not a valid project"
        " name: use lowercase letters, digits, dashes and underscores, starting with a letter"
        " (for example: shop-api or shop_api)."
    )
    assert not (tmp_path / "project").exists()
