from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from framework.layout import check_project, line_of
from framework.problems import Problem
from framework.project import NotAProjectError, load_project


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in check_project(load_project(root))]


def test_a_correct_project_has_no_problems(project: Path) -> None:
    assert problems(project) == []


def test_services_are_discovered_by_their_pyproject(project: Path) -> None:
    (project / "services" / "docs").mkdir()
    loaded = load_project(project)
    assert [package.name for package in loaded.packages] == ["shared", "api", "worker"]
    assert [package.name for package in loaded.services] == ["api", "worker"]


def test_a_directory_without_noxfile_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError, match=r"needs noxfile\.py and shared/"):
        load_project(tmp_path)


def test_python_code_without_pyproject_is_reported(project: Path) -> None:
    stray = project / "services" / "billing" / "src" / "billing"
    stray.mkdir(parents=True)
    (stray / "__init__.py").write_text("")
    assert problems(project) == [
        "services/billing:1: holds Python code but no pyproject.toml, so nox sees no service"
        " here; copy pyproject.toml from another service, rename it and run `nox -s lock`"
    ]


def test_name_must_match_the_directory(project: Path) -> None:
    pyproject = project / "services" / "api" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('name = "api"', 'name = "apy"'))
    assert problems(project) == [
        "services/api/pyproject.toml:2: [project] name is 'apy' but the directory is 'api';"
        " make them match"
    ]


def test_dashes_and_underscores_in_names_are_equivalent(
    project: Path, add_service: Callable[..., Path]
) -> None:
    add_service(project, "tg_bot", None)
    pyproject = project / "services" / "tg_bot" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('name = "tg_bot"', 'name = "tg-bot"'))
    assert problems(project) == []


def test_shared_must_be_an_editable_path_source(project: Path) -> None:
    pyproject = project / "services" / "worker" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("editable = true", "editable = false"))
    assert problems(project) == [
        "services/worker/pyproject.toml:10: `shared` must come from the project, not an index:"
        ' under [tool.uv.sources] write shared = { path = "../../shared", editable = true }'
    ]


def test_missing_dev_tools_name_the_session_that_needs_them(project: Path) -> None:
    pyproject = project / "shared" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"mypy>=1.18", ', ""))
    assert problems(project) == [
        "shared/pyproject.toml:7: `nox -s typecheck` runs mypy from this venv, but"
        " [dependency-groups] dev does not list it; add it and run `nox -s lock`"
    ]


def test_missing_lock_source_and_tests_are_reported(project: Path) -> None:
    service = project / "services" / "api"
    (service / "uv.lock").unlink()
    (service / "src" / "api" / "__init__.py").unlink()
    (service / "tests" / "unit" / "test_it.py").unlink()
    assert problems(project) == [
        "services/api/pyproject.toml:1: no uv.lock next to this file; run `nox -s lock`",
        "services/api/src/api/__init__.py:1: the service's code belongs in src/api/;"
        " create this file",
        "services/api/tests/unit:1: no test_*.py here, so `nox -s test` finds nothing to run;"
        " add a test",
    ]


def test_module_name_comes_from_the_build_backend(
    project: Path, add_service: Callable[..., Path]
) -> None:
    service = add_service(project, "web-app", None)
    pyproject = service / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + '\n[tool.uv.build-backend]\nmodule-name = "webapp"\n'
    )
    assert problems(project) == [
        "services/web-app/src/webapp/__init__.py:1: the service's code belongs in src/webapp/;"
        " create this file"
    ]


def test_invalid_toml_points_at_the_line(project: Path) -> None:
    pyproject = project / "services" / "api" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1.0"', "version = 0.1.0"))
    [problem] = problems(project)
    assert problem.startswith("services/api/pyproject.toml:3: invalid TOML:")


def test_missing_pyproject_in_shared_is_reported(project: Path) -> None:
    (project / "shared" / "pyproject.toml").unlink()
    assert problems(project) == [
        "shared/pyproject.toml:1: missing; every package needs a pyproject.toml"
    ]


def test_problems_sort_by_file_then_line() -> None:
    later = Problem(Path("b.toml"), 1, "x")
    earlier = Problem(Path("a.toml"), 9, "y")
    assert sorted([later, earlier]) == [earlier, later]


@pytest.mark.parametrize(("pattern", "line"), [(r"^b", 2), (r"^c\s*=", 3), (r"^missing", 1)])
def test_line_of_finds_the_first_match(pattern: str, line: int) -> None:
    assert line_of("a = 1\nb = 2\nc = 3\n", pattern) == line
