"""The frontend module in generated projects: real npm, Node, tsc, Vitest and Biome.

Every module combination with the frontend (it needs the backend) passes its everyday sessions
as generated. On one backend and frontend project: a second `setup` installs nothing, a spec
change that breaks the web app fails `typecheck(frontend)`, another Node is refused in one line,
and `new_service -- web --kind node` passes every session at once. Slow (real installs); the
browser and the image are tests/containers/test_frontend.py.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import time
from pathlib import Path

import pytest

from tests.helpers.documented import assert_documented_commands_are_valid
from tests.helpers.node import node_line
from tests.helpers.podman import report
from tests.helpers.projects import git, hadolint, nox, render, run_fails, run_ok
from tests.helpers.workflow import actionlint, run_step
from tests.template.test_template import EVERYDAY_SESSIONS

COMBINATIONS = {
    "backend-frontend": ["backend", "frontend"],
    "backend-tg_bot-frontend": ["backend", "tg_bot", "frontend"],
    "backend-notifications-frontend": ["backend", "notifications", "frontend"],
    "all": ["backend", "tg_bot", "notifications", "frontend"],
}
FRONTEND = Path("services/frontend")
COLOR = re.compile(r"\x1b\[[0-9;]*m")
MODELS = Path("shared/spec/models.yaml")


def node_modules_state(project: Path) -> dict[str, float]:
    """Every installed Node package of every Node package, with when it was written."""
    return {
        str(path.relative_to(project)): path.stat().st_mtime
        for path in project.glob("services/*/node_modules/*/package.json")
    }


@pytest.mark.parametrize("modules", COMBINATIONS.values(), ids=COMBINATIONS.keys())
def test_every_combination_with_the_frontend_passes_its_everyday_sessions(
    modules: list[str], tmp_path: Path
) -> None:
    project = render(tmp_path / "demo-shop", modules, node=node_line())
    actionlint(project)
    hadolint(*project.glob("services/*/Dockerfile"))
    assert_documented_commands_are_valid(project)
    run_ok(project, "-s", *EVERYDAY_SESSIONS)
    assert (project / FRONTEND / "node_modules" / ".bin" / "tsc").exists()
    assert git(project, "status", "--porcelain") == "", "the sessions changed tracked files"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = render(
        tmp_path_factory.mktemp("web") / "demo-shop", ["backend", "frontend"], node=node_line()
    )
    run_ok(project, "-s", "setup")
    return project


def test_a_second_setup_installs_nothing_and_is_quick(
    project: Path, pytestconfig: pytest.Config
) -> None:
    before = node_modules_state(project)
    assert before, "setup installed no node_modules"
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        output = run_ok(project, "-s", "setup")
        seconds.append(time.perf_counter() - started)
    assert "4 environments match their locks: . shared backend frontend" in output
    assert node_modules_state(project) == before
    report(
        pytestconfig,
        f"setup with nothing to do, with the frontend: {statistics.median(seconds):.2f} s",
    )


def test_the_ci_matrix_has_the_frontends_jobs(project: Path, tmp_path: Path) -> None:
    outputs = run_step(project, "sessions", "list", tmp_path / "github_output")
    assert {"typecheck(frontend)", "test(frontend)"} <= set(json.loads(outputs["sessions"]))
    images = json.loads(run_ok(project, "-s", "build", "-l", "--json"))
    assert "frontend" in [entry["call_spec"]["service"] for entry in images]


def test_unit_tests_report_coverage_and_take_arguments(
    project: Path, pytestconfig: pytest.Config
) -> None:
    started = time.perf_counter()
    output = COLOR.sub("", run_ok(project, "-s", "test(frontend)"))
    report(pytestconfig, f"test(frontend): {time.perf_counter() - started:.1f} s")
    assert "Coverage report from v8" in output
    assert re.search(r"Tests +\d+ passed", output)
    selected = COLOR.sub("", run_ok(project, "-s", "test(frontend)", "--", "-t", "409"))
    assert re.search(r"Tests +1 passed \| \d+ skipped", selected), selected
    assert "Coverage report" not in selected


def test_a_spec_change_that_breaks_the_web_app_fails_its_typecheck(project: Path) -> None:
    models = project / MODELS
    renamed = models.read_text().replace("      name:\n", "      full_name:\n", 1)
    models.write_text(renamed.replace("optional: [email, name]", "optional: [email, full_name]"))
    try:
        generated = run_ok(project, "-s", "generate")
        assert "wrote services/frontend/src/generated/backend.ts" in generated
        output = run_fails(project, "-s", "typecheck(frontend)")
        assert "src/api/client.ts" in output or "src/users/UserForm.tsx" in output
        assert "full_name" in output
    finally:
        git(project, "checkout", "--", ".")
        run_ok(project, "-s", "generate")
    assert git(project, "status", "--porcelain") == ""


def test_a_hand_edit_of_the_generated_client_fails_check_generated(project: Path) -> None:
    client = project / FRONTEND / "src" / "generated" / "backend.ts"
    client.write_text(client.read_text() + "export type Mine = string;\n")
    try:
        output = run_fails(project, "-s", "check-generated")
    finally:
        git(project, "checkout", "--", str(client))
    assert "services/frontend/src/generated/backend.ts: differs from what the specs generate" in (
        output
    )


def test_another_node_than_nvmrc_is_refused_in_one_line(project: Path) -> None:
    nvmrc = project / ".nvmrc"
    other = "24" if node_line() != "24" else "22"
    nvmrc.write_text(f"{other}\n")
    try:
        result = nox(project, "-s", "typecheck(frontend)")
    finally:
        git(project, "checkout", "--", ".nvmrc")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"is installed, but .nvmrc asks for {other}; install Node {other}" in output
    assert "Traceback" not in output


def test_a_node_service_passes_every_session_at_once(project: Path) -> None:
    run_ok(project, "-s", "new_service", "--", "web", "--kind", "node")
    try:
        listing = {entry["session"] for entry in json.loads(run_ok(project, "-l", "--json"))}
        assert {"typecheck(web)", "test(web)"} <= listing
        assert "build(web)" in run_ok(project, "-s", "build", "-l")
        hadolint(project / "services" / "web" / "Dockerfile")
        run_ok(
            project, "-s", "lint", "check-generated", "complexity", "typecheck(web)", "test(web)"
        )
        compose = (project / "compose.yaml").read_text()
        assert "  web:\n" in compose
    finally:
        shutil.rmtree(project / "services" / "web")
        git(project, "checkout", "--", ".")
        git(project, "clean", "-fdq", "--", "deploy")
