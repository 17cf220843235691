"""The questions in copier.yml: bad answers are refused, modules select services."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.helpers.projects import ROOT, copy_template


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "Bad_Name"}, "'Bad_Name' is not a valid project name"),
        ({"project_name": "shop--api"}, "is not a valid project name"),
        ({"modules": []}, "Choose at least one module."),
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
