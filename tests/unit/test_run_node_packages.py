"""A Node package in the running system and in the deploy files: declared in its package.json."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from framework.deploy import plan_deploy
from framework.nox_support.system import read_service_run
from framework.project import load_project
from tests.unit.conftest import write
from tests.unit.test_deploy import HTTP_RUN, deployable
from tests.unit.test_node_packages import add_node_package

RUN = {"command": ["vite", "--port", "{port}"], "port": 5173, "health": "/health"}
SERVE = {"command": ["node", "server/server.mjs", "--port", "{port}"], "health": "/health"}


def web_app(project: Path) -> Path:
    """`web`: a Node package that calls `api`, with an image listening on 8080."""
    web = add_node_package(
        project, framework={"run": RUN, "serve": SERVE, "api": {"api": "src/generated/api.ts"}}
    )
    write(web / "Dockerfile", 'FROM node:22-bookworm-slim\nEXPOSE 8080\nCMD ["node"]\n')
    deployable(project, "api", HTTP_RUN, port=8000)
    return web


def test_its_run_table_is_read_from_package_json_with_its_tools(project: Path) -> None:
    web = web_app(project)
    run = read_service_run("web", web, project / "shared" / "shared")
    assert run is not None
    assert run.command == ("vite", "--port", "{port}")
    assert (run.port, run.health, run.http) == (5173, "/health", True)
    assert run.tools == Path("node_modules", ".bin")
    assert run.watch == (), "Vite reloads the page itself; nothing to restart"


def test_its_serve_table_says_how_the_built_app_runs(project: Path) -> None:
    run = read_service_run("web", web_app(project), None, "serve")
    assert run is not None
    assert run.command[:2] == ("node", "server/server.mjs")


def compose(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(
        plan_deploy(load_project(project))[PurePosixPath("compose.yaml")]
    )
    return loaded


def test_compose_gives_it_the_address_of_what_it_calls_and_a_node_health_check(
    project: Path,
) -> None:
    web_app(project)
    service = compose(project)["services"]["web"]
    assert service["environment"] == {"API_URL": "http://api:8000"}
    assert service["ports"] == ["${WEB_PORT:-8080}:8080"]
    test = service["healthcheck"]["test"]
    assert test[:3] == ["CMD", "node", "-e"]
    assert "fetch('http://127.0.0.1:8080/health')" in test[3]


def test_its_deployment_gets_the_address_of_the_service_it_calls(project: Path) -> None:
    web_app(project)
    manifest = plan_deploy(load_project(project))[PurePosixPath("deploy/kubernetes/base/web.yaml")]
    deployment = next(yaml.safe_load_all(manifest))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == [{"name": "API_URL", "value": "http://api"}]
    assert "services/web/package.json" in manifest.splitlines()[2]
