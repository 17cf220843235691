"""Node packages as the framework sees them: discovery, layout rules, Node's version, `npm ci`.

No npm registry here: `npm` is a script that records its calls and writes a node_modules.
The real npm, Node, Vite and Chromium run in tests/template/test_frontend.py.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from framework.layout import check_project
from framework.node_versions import matches_nvmrc, nvmrc_line, parse, satisfies
from framework.nox_support import node
from framework.project import NODE, PYTHON, load_project
from tests.unit.conftest import write

ENGINES = "^20.19.0 || >=22.12.0"
FAKE_NPM = """#!/bin/sh
echo "$*" >> "{log}"
[ -f fail ] && {{ echo "npm error: the lock is out of sync" >&2; exit 1; }}
mkdir -p node_modules/.bin
echo installed > node_modules/marker
"""


def package_json(name: str = "web", **changes: object) -> str:
    data: dict[str, object] = {
        "name": name,
        "version": "0.1.0",
        "engines": {"node": ENGINES},
        "devDependencies": {
            "@biomejs/biome": "2.6.8",
            "@vitest/coverage-v8": "^4.1.12",
            "typescript": "~5.9.3",
            "vitest": "^4.1.12",
        },
    }
    data.update(changes)
    return json.dumps(data, indent=2) + "\n"


def add_node_package(root: Path, name: str = "web", **changes: object) -> Path:
    service = root / "services" / name
    write(service / "package.json", package_json(name, **changes))
    write(service / "package-lock.json", f'{{"name": "{name}", "lockfileVersion": 3}}\n')
    write(service / "tests" / "unit" / "App.test.tsx", "test('x', () => {});\n")
    return service


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in check_project(load_project(root))]


# Discovery and layout ------------------------------------------------------------------------


def test_a_package_json_makes_a_node_service_beside_the_python_ones(project: Path) -> None:
    add_node_package(project)
    packages = {package.name: package.kind for package in load_project(project).packages}
    assert packages == {"shared": PYTHON, "api": PYTHON, "web": NODE, "worker": PYTHON}
    assert problems(project) == []


def test_a_pyproject_beside_a_package_json_keeps_the_service_python(project: Path) -> None:
    write(project / "services" / "api" / "package.json", "{}")
    kinds = {package.name: package.kind for package in load_project(project).packages}
    assert kinds["api"] == PYTHON


def test_a_node_package_is_not_mistaken_for_stray_python(project: Path) -> None:
    web = add_node_package(project)
    write(web / "node_modules" / "some-tool" / "gyp" / "helper.py", "")
    assert problems(project) == []


def test_what_a_node_package_lacks_is_reported_with_the_fix(project: Path) -> None:
    web = add_node_package(project, name="website", engines={}, devDependencies={})
    (web / "package-lock.json").unlink()
    (web / "tests" / "unit" / "App.test.tsx").unlink()
    found = problems(project)
    where = "services/website/package.json"
    assert f"{where}:1: no package-lock.json next to this file; run `nox -s lock`" in found
    assert "services/website/tests/unit:1: no *.test.ts here, so `nox -s test` finds nothing" in (
        "\n".join(found)
    )
    assert any(f"{where}:4: no engines.node" in line for line in found)
    for tool, session in [
        ("typescript", "typecheck"),
        ("vitest", "test"),
        ("@biomejs/biome", "lint"),
    ]:
        assert any(f"`nox -s {session}` runs {tool} from node_modules" in line for line in found)


def test_a_misnamed_or_broken_package_json_is_reported(project: Path) -> None:
    web = add_node_package(project)
    (web / "package.json").write_text(package_json("webapp"))
    assert problems(project) == [
        "services/web/package.json:2: name is 'webapp' but the directory is 'web'; make them match"
    ]
    (web / "package.json").write_text('{"name": "web",\n')
    assert problems(project)[0].startswith("services/web/package.json:2: invalid JSON:")


# Node's version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "wanted", "expected"),
    [
        ("20.19.0", ENGINES, True),
        ("20.18.9", ENGINES, False),
        ("21.7.0", ENGINES, False),
        ("22.12.0", ENGINES, True),
        ("24.1.0", ENGINES, True),
        ("22.11.0", "~22.11", True),
        ("22.12.0", "~22.11", False),
        ("22.5.1", ">=20 <23", True),
        ("23.0.0", ">=20 <23", False),
        ("20.1.0", "20.x", True),
        ("18.19.0", "20", False),
        ("20.0.0", ">20", False),
        ("20.0.0", "<=20.0.0", True),
        ("20.0.0", "latest", True),
    ],
)
def test_engines_ranges_as_package_json_files_write_them(
    version: str, wanted: str, expected: bool
) -> None:
    parsed = parse(version)
    assert parsed is not None
    assert satisfies(parsed, wanted) is expected


def test_nvmrc_names_a_line_or_a_version() -> None:
    assert matches_nvmrc((22, 12, 0), "22")
    assert matches_nvmrc((22, 12, 0), "v22.12")
    assert not matches_nvmrc((20, 19, 0), "22")
    assert matches_nvmrc((20, 19, 0), "lts/*")
    assert nvmrc_line("v20.20.2") == "20"
    assert nvmrc_line("v19.0.0") == "22"
    assert nvmrc_line(None) == "22"
    assert parse("nonsense") is None


@pytest.fixture
def web(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Node package, a project asking for Node 20, and a node on PATH that is 20.19.0."""
    write(project / ".nvmrc", "20\n")
    monkeypatch.setattr(node, "installed_node", lambda: "v20.19.0")
    monkeypatch.setattr(node, "shutil", SimpleNamespace(which=lambda name: f"/usr/bin/{name}"))
    return add_node_package(project)


def test_the_right_node_is_no_problem(project: Path, web: Path) -> None:
    assert node.node_problem(web, project) is None


def test_another_node_line_than_nvmrc_is_one_line_with_the_fix(project: Path, web: Path) -> None:
    write(project / ".nvmrc", "22\n")
    assert node.node_problem(web, project) == (
        "Node v20.19.0 is installed, but .nvmrc asks for 22;"
        " install Node 22 (`nvm install` reads .nvmrc) and run again"
    )


def test_a_node_older_than_the_engines_is_one_line_with_the_fix(
    project: Path, web: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(node, "installed_node", lambda: "v20.11.1")
    assert node.node_problem(web, project) == (
        f"Node v20.11.1 is installed, but services/web/package.json needs {ENGINES}"
        " (engines.node); install Node 20 (`nvm install` reads .nvmrc) and run again"
    )


def test_no_node_at_all_is_one_line(
    project: Path, web: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(node, "installed_node", lambda: None)
    assert node.node_problem(web, project) == (
        "node is not on PATH, and services/web needs Node;"
        " install Node 20 (`nvm install` reads .nvmrc) and run again"
    )


# npm ci and its stamp --------------------------------------------------------------------------


@pytest.fixture
def npm_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `npm` first on PATH; the file it appends its arguments to."""
    tools = tmp_path / "tools"
    log = tmp_path / "npm.log"
    npm = write(tools / "npm", FAKE_NPM.format(log=log))
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    return log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_npm_ci_runs_once_and_again_only_when_the_lock_changes(
    project: Path, npm_log: Path
) -> None:
    web = add_node_package(project)
    first = node.sync(web, project)
    assert first.error == ""
    assert first.environment == "node_modules"
    assert calls(npm_log) == ["ci --prefer-offline --no-audit --no-fund --loglevel=error"]
    assert node.is_current(web, project)

    node.sync(web, project)
    assert len(calls(npm_log)) == 1, "a current node_modules started npm again"

    (web / "package-lock.json").write_text('{"name": "web", "lockfileVersion": 3, "x": 1}\n')
    assert not node.is_current(web, project)
    node.sync(web, project)
    assert len(calls(npm_log)) == 2


def test_a_node_modules_without_stamp_is_installed_again_and_said_so(
    project: Path, npm_log: Path
) -> None:
    web = add_node_package(project)
    write(web / "node_modules" / "half-written" / "index.js")
    outcome = node.sync(web, project)
    assert "its install did not finish: reinstalled" in outcome.note
    assert len(calls(npm_log)) == 1


def test_a_failed_npm_ci_leaves_no_stamp_and_says_why(project: Path, npm_log: Path) -> None:
    web = add_node_package(project)
    write(web / "fail")
    outcome = node.sync(web, project)
    assert outcome.error == "npm error: the lock is out of sync"
    assert not node.is_current(web, project)
