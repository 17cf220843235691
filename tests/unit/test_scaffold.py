from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from framework.cli import main
from framework.layout import check_project
from framework.project import load_project
from framework.scaffold import KINDS, ScaffoldError, create_service, render
from tests.helpers.projects import hadolint

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_SERVICE = ROOT / "template" / "services" / "notifications_worker" / "pyproject.toml"
TEMPLATE_DOCKERFILE = TEMPLATE_SERVICE.with_name("Dockerfile.jinja")
REGISTRY = '{ registry = "https://registry.example/simple" }'
# The Python kinds; the node kind (a Node package) has tests of its own in test_scaffold_node.py.
PYTHON_KINDS = [kind for kind in KINDS if kind != "node"]


def contents(directory: Path) -> list[str]:
    """Every path under `directory`, hidden ones included, relative to it."""
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*"))


def toml(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


@pytest.mark.parametrize("kind", PYTHON_KINDS)
def test_every_kind_renders_a_package_tests_and_a_readme(kind: str) -> None:
    files = render(kind, "billing", "3.11")
    names = {str(path) for path in files}
    assert {
        "pyproject.toml",
        "README.md",
        "Dockerfile",
        "src/billing/__init__.py",
        "src/billing/py.typed",
        "tests/__init__.py",
        "tests/unit/__init__.py",
    } <= names
    assert any(name.startswith("tests/unit/test_") for name in names)
    assert not [name for name in names if "PACKAGE" in name]
    for path, text in files.items():
        assert not re.search(r"\$\{?(name|script|python_version)\b", text), f"{path}: placeholder"
        if path.suffix == ".py":
            ast.parse(text, filename=str(path))


@pytest.mark.parametrize("kind", PYTHON_KINDS)
def test_the_pyproject_names_the_service_and_keeps_the_house_rules(kind: str) -> None:
    data = toml(render(kind, "billing", "3.11")[Path("pyproject.toml")])
    house = toml(TEMPLATE_SERVICE.read_text())
    assert data["project"]["name"] == "billing"
    assert "shared" in data["project"]["dependencies"]
    assert set(house["dependency-groups"]["dev"]) <= set(data["dependency-groups"]["dev"])
    assert data["build-system"] == house["build-system"]
    tool, house_tool = data["tool"], house["tool"]
    assert tool["uv"] == {
        "build-backend": {"module-name": "billing"},
        "sources": house_tool["uv"]["sources"],
    }
    assert tool["mypy"] == house_tool["mypy"]
    assert tool["pytest"] == house_tool["pytest"]
    assert tool["coverage"] == {
        "run": {"source": ["billing"]},
        "report": house_tool["coverage"]["report"],
    }
    assert tool["coverage"]["report"] == {"fail_under": 85}


@pytest.mark.parametrize("kind", PYTHON_KINDS)
def test_a_new_service_passes_the_layout_check_once_locked(project: Path, kind: str) -> None:
    service = create_service(load_project(project), "billing", kind, lock=False)
    assert service.path == project / "services" / "billing"
    assert contents(service.path) == sorted(
        {str(path) for path in service.files}
        | {str(parent) for path in service.files for parent in path.parents if parent != Path()}
    )
    problems = [str(problem) for problem in check_project(load_project(project))]
    assert problems == [
        "services/billing/pyproject.toml:1: no uv.lock next to this file; run `nox -s lock`"
    ]


def test_the_service_directory_has_ordinary_permissions(project: Path) -> None:
    create_service(load_project(project), "billing", "plain", lock=False)
    api = (project / "services" / "api").stat().st_mode & 0o777
    assert (project / "services" / "billing").stat().st_mode & 0o777 == api


def test_the_fastapi_kind_serves_health_and_the_worker_subscribes() -> None:
    fastapi = render("fastapi", "billing", "3.11")
    assert '@health_router.get("/health")' in fastapi[Path("src/billing/app.py")]
    assert "def create_app() -> FastAPI" in fastapi[Path("src/billing/app.py")]
    worker = render("worker", "billing", "3.11")
    assert 'JOBS_CHANNEL = "billing.jobs"' in worker[Path("src/billing/app.py")]
    assert "@broker.subscriber(JOBS_CHANNEL)" in worker[Path("src/billing/app.py")]
    plain = render("plain", "cli_tool", "3.11")
    scripts = toml(plain[Path("pyproject.toml")])["project"]["scripts"]
    assert scripts == {"cli-tool": "cli_tool.main:main"}


def image_recipe(dockerfile: str) -> list[str]:
    """The lines from the base image to the runtime user: what every service image shares."""
    lines = dockerfile.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ARG BASE_IMAGE="))
    return lines[start : lines.index("USER 10001:10001") + 1]


@pytest.mark.parametrize("kind", PYTHON_KINDS)
def test_the_dockerfile_builds_like_the_templates_services(kind: str) -> None:
    ours = render(kind, "notifications_worker", "3.12")[Path("Dockerfile")]
    house = TEMPLATE_DOCKERFILE.read_text().replace("{{ python_version }}", "3.12")
    assert image_recipe(ours) == image_recipe(house), (
        f"framework/scaffolds/{kind}/Dockerfile.tmpl has drifted from"
        f" {TEMPLATE_DOCKERFILE.relative_to(ROOT)}; bring the scaffold's up to date"
    )
    assert "ARG BASE_IMAGE=python:3.12-slim-trixie" in ours


def test_every_dockerfile_passes_hadolint(tmp_path: Path) -> None:
    dockerfiles = []
    for kind in KINDS:
        dockerfile = tmp_path / kind / "Dockerfile"
        dockerfile.parent.mkdir()
        dockerfile.write_text(render(kind, "billing", "3.11")[Path("Dockerfile")])
        dockerfiles.append(dockerfile)
    hadolint(*dockerfiles)


def test_the_python_version_comes_from_the_project(project: Path) -> None:
    (project / ".python-version").write_text("3.13\n")
    service = create_service(load_project(project), "billing", "fastapi", lock=False)
    assert "ARG BASE_IMAGE=python:3.13-slim-trixie\n" in (service.path / "Dockerfile").read_text()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("api", "services/api already exists; choose another name (for example: api_service)"),
        ("Billing-API", "use lowercase letters, digits and underscores, starting with a letter"
         " (for example: billing_api)"),
        ("2fa", "starting with a letter (for example: service_2fa)"),
        ("", "starting with a letter (for example: billing)"),
        ("class", "it is a Python keyword, so it cannot be imported"),
        ("match", "it is a Python soft keyword"),
        ("shared", "it is the package every service shares"),
        ("tests", "it is every package's test package"),
        ("test", "pytest and the standard library's regression tests use it"),
        ("email", "it would shadow the standard library module 'email'"),
        ("json", "it would shadow the standard library module 'json'"),
    ],
)  # fmt: skip
def test_a_bad_name_is_refused_and_nothing_is_created(
    project: Path, name: str, message: str
) -> None:
    before = contents(project)
    with pytest.raises(ScaffoldError, match=r"^cannot create service") as refused:
        create_service(load_project(project), name, "fastapi", lock=False)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert contents(project) == before


def test_a_name_that_a_locked_package_imports_as_is_refused(project: Path) -> None:
    (project / "shared" / "uv.lock").write_text(
        f'version = 1\n\n[[package]]\nname = "python-dateutil"\nsource = {REGISTRY}\n\n'
        '[[package]]\nname = "shared"\nsource = { editable = "." }\n'
    )
    with pytest.raises(ScaffoldError, match=r"the package 'python_dateutil' \(in shared/uv.lock\)"):
        create_service(load_project(project), "python_dateutil", "plain", lock=False)
    created = create_service(load_project(project), "dateutil_service", "plain", lock=False)
    assert created.path.is_dir()


def test_a_name_that_the_scaffold_installs_is_refused(project: Path) -> None:
    expected = r"'faststream' \(a dependency of the worker scaffold\)"
    with pytest.raises(ScaffoldError, match=expected):
        create_service(load_project(project), "faststream", "worker", lock=False)
    assert not (project / "services" / "faststream").exists()


def test_a_broken_lock_does_not_stop_scaffolding(project: Path) -> None:
    (project / "shared" / "uv.lock").write_text("this is [ not toml\n")
    assert create_service(load_project(project), "billing", "plain", lock=False).path.is_dir()


def test_an_unknown_kind_is_refused(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="unknown kind 'django'; choose one of: fastapi,"):
        create_service(load_project(project), "billing", "django", lock=False)
    assert not (project / "services" / "billing").exists()


def test_without_uv_nothing_is_created(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = contents(project)
    monkeypatch.setenv("PATH", str(project / "no-tools-here"))
    with pytest.raises(ScaffoldError, match=r"uv is not on PATH; install it \(`pip install uv`\)"):
        create_service(load_project(project), "billing", "fastapi")
    assert contents(project) == before


def test_a_failed_lock_shows_uvs_reason_and_creates_nothing(project: Path) -> None:
    (project / "shared" / "pyproject.toml").write_text("[project\nname = 'shared'\n")
    before = contents(project)
    with pytest.raises(ScaffoldError, match="`uv lock` failed, so nothing was created") as failed:
        create_service(load_project(project), "billing", "fastapi")
    assert "shared" in str(failed.value).split("\n", 1)[1]
    assert contents(project) == before


def test_a_project_without_services_gets_none_on_failure(project: Path) -> None:
    for service in ("api", "worker"):
        for path in sorted((project / "services" / service).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        (project / "services" / service).rmdir()
    (project / "services").rmdir()
    (project / "shared" / "pyproject.toml").write_text("[project\n")
    with pytest.raises(ScaffoldError):
        create_service(load_project(project), "billing", "plain")
    assert not (project / "services").exists()
    create_service(load_project(project), "billing", "plain", lock=False)
    assert (project / "services" / "billing" / "pyproject.toml").is_file()


def test_the_command_lists_what_it_created(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["new-service", "billing", "--kind", "worker", "--no-lock", "--root", str(project)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created services/billing (worker):"
    assert "  src/billing/app.py" in out
    assert "  tests/unit/test_app.py" in out


def test_the_command_refuses_a_bad_name_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-service", "worker", "--no-lock", "--root", str(project)]) == 1
    assert capsys.readouterr().err == (
        "error: cannot create service 'worker': services/worker already exists; choose another"
        " name (for example: worker_service) or remove that directory\n"
    )


def test_the_command_refuses_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["new-service", "billing", "--kind", "django"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'django'" in capsys.readouterr().err
