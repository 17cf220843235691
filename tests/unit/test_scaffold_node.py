"""`new-service <name> --kind node`: a Node package that installs from the lock it ships.

The scaffold and the template's frontend share their toolchain: the frontend's configuration,
server and lock are links to the scaffold's files, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from framework.layout import check_project
from framework.node_versions import NODE_VERSIONS
from framework.project import NODE, load_project
from framework.scaffold import create_service, render

ROOT = Path(__file__).resolve().parents[2]
SCAFFOLD = ROOT / "framework" / "scaffolds" / "node"
FRONTEND = ROOT / "template" / "services" / "frontend"
DEPENDENCY_KEYS = ("version", "dependencies", "devDependencies", "engines")


def test_the_package_and_its_lock_carry_the_new_name() -> None:
    files = render("node", "web", "3.11", "20")
    package = json.loads(files[Path("package.json")])
    lock = json.loads(files[Path("package-lock.json")])
    assert package["name"] == lock["name"] == lock["packages"][""]["name"] == "web"
    assert files[Path("package-lock.json")].endswith("}\n")
    assert '"resolved"' not in files[Path("package-lock.json")], "the lock names a registry"
    assert "${" not in files[Path("package.json")] + files[Path("src/App.tsx")]


def test_the_package_asks_for_exactly_what_its_lock_holds() -> None:
    """`npm ci` refuses a package.json its lock does not match."""
    package = json.loads(render("node", "web", "3.11")[Path("package.json")])
    locked = json.loads((SCAFFOLD / "package-lock.json").read_text())["packages"][""]
    for key in DEPENDENCY_KEYS:
        assert package[key] == locked[key], key


def test_the_frontend_asks_for_what_the_shared_lock_holds() -> None:
    frontend = json.loads((FRONTEND / "package.json").read_text())
    locked = json.loads((FRONTEND / "package-lock.json").read_text())["packages"][""]
    for key in DEPENDENCY_KEYS:
        assert frontend[key] == locked[key], key
    assert frontend["framework"]["api"] == {"backend": "src/generated/backend.ts"}


@pytest.mark.parametrize(
    "shared",
    [
        ".npmrc",
        "biome.json",
        "tsconfig.json",
        "vite.config.ts",
        "package-lock.json",
        "server/server.mjs",
        "src/styles.css",
        "tests/unit/server.test.ts",
    ],
)
def test_the_frontend_links_to_the_scaffolds_toolchain(shared: str) -> None:
    link = FRONTEND / shared
    assert link.is_symlink(), f"template/services/frontend/{shared} is a copy, not a link"
    assert link.resolve() == (SCAFFOLD / shared).resolve()


def test_the_image_is_built_by_node_and_runs_as_the_manifests_user() -> None:
    dockerfile = render("node", "web", "3.11", "24")[Path("Dockerfile")]
    assert "ARG BASE_IMAGE=node:24-bookworm-slim\n" in dockerfile
    assert "FROM ${BASE_IMAGE} AS builder" in dockerfile
    assert "npm ci" in dockerfile
    assert "npm install" not in dockerfile
    assert "USER 10001:10001" in dockerfile
    assert "EXPOSE 8080" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert "COPY services/web/server/server.mjs" in dockerfile


def test_a_new_node_service_passes_the_layout_check_and_pins_node(project: Path) -> None:
    service = create_service(load_project(project), "web", "node")
    assert [p.kind for p in load_project(project).packages if p.name == "web"] == [NODE]
    assert [str(problem) for problem in check_project(load_project(project))] == []
    nvmrc = (project / ".nvmrc").read_text().strip()
    assert nvmrc in NODE_VERSIONS
    assert Path("../../.nvmrc") in service.files
    assert f"node:{nvmrc}-bookworm-slim" in (service.path / "Dockerfile").read_text()


def test_a_projects_nvmrc_is_kept_and_used(project: Path) -> None:
    (project / ".nvmrc").write_text("24\n")
    service = create_service(load_project(project), "web", "node")
    assert (project / ".nvmrc").read_text() == "24\n"
    assert Path("../../.nvmrc") not in service.files
    assert "ARG BASE_IMAGE=node:24-bookworm-slim" in (service.path / "Dockerfile").read_text()


def test_copier_offers_the_node_versions_the_framework_knows() -> None:
    question = yaml.safe_load((ROOT / "copier.yml").read_text())["node_version"]
    assert tuple(question["choices"]) == NODE_VERSIONS
    assert question["default"] in NODE_VERSIONS
