"""The deploy files of every module combination, and after `new_service`: generated from the
services, valid, and what the workflows and kustomize accept.

Slow (renders projects), so in `nox -s template`. Each combination gets actionlint on both
workflows, shellcheck on the health wait the deploy workflow runs, its `compose.yaml` against
its services, `nox -s check-deploy`, and kustomize's output for the base and the example overlay
validated against the Kubernetes schemas. The files run for real in tests/containers.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from framework.deploy import plan_deploy
from framework.deploy.check import validate_document
from framework.project import load_project
from tests.helpers.projects import git, lint_or_fail, render, run_fails, run_ok
from tests.helpers.workflow import actionlint

BIN = Path(sys.executable).parent
SERVICES = {"backend": "backend", "tg_bot": "tg_bot", "notifications": "notifications_worker"}
COMBINATIONS = [
    list(combination)
    for size in range(1, len(SERVICES) + 1)
    for combination in itertools.combinations(sorted(SERVICES), size)
]
KUBERNETES = Path("deploy", "kubernetes")


def kustomize(directory: Path) -> list[dict[str, Any]]:
    """What `kubectl kustomize` builds from a kustomization: the resources a cluster gets."""
    result = subprocess.run(
        [str(BIN / "kubectl"), "kustomize", str(directory)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"kustomize refuses {directory}:\n{result.stderr}"
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def valid_build(directory: Path) -> list[dict[str, Any]]:
    """kustomize's output for a directory, every resource valid for Kubernetes."""
    documents = kustomize(directory)
    problems = [
        str(problem)
        for document in documents
        for problem in validate_document(document, directory / "(kustomize)", 1)
    ]
    assert problems == []
    return documents


def deployments(documents: list[dict[str, Any]]) -> set[str]:
    return {d["metadata"]["name"] for d in documents if d["kind"] == "Deployment"}


def compose_services(project: Path) -> set[str]:
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    return set(compose["services"])


def generated_is_current(project: Path) -> None:
    """The deploy files on disk are what generating them now writes (check-generated's view)."""
    for path, text in plan_deploy(load_project(project)).items():
        assert (project / path).read_text() == text, f"{path} is not what generate writes"


def with_secrets(project: Path, overlay: Path) -> Path:
    """The example overlay with its secrets.env filled in, as an operator would."""
    example = overlay / "secrets.env.example"
    shutil.copyfile(example, overlay / "secrets.env")
    return overlay


@pytest.mark.parametrize("modules", COMBINATIONS, ids=["+".join(c) for c in COMBINATIONS])
def test_deploy_files_follow_the_module_combination(modules: list[str], tmp_path: Path) -> None:
    project = render(tmp_path / "shop", modules)
    services = {SERVICES[module] for module in modules}
    actionlint(project)
    lint_or_fail(
        [str(BIN / "shellcheck"), "deploy/wait-for-health.sh"],
        "shellcheck rejects deploy/wait-for-health.sh",
        cwd=project,
    )
    generated_is_current(project)
    migrations = {"backend-migrate"} if "backend" in modules else set()
    servers = {"redis"} | ({"postgres"} if "backend" in modules else set())
    assert compose_services(project) == services | migrations | servers
    run_ok(project, "-s", "check-deploy")
    names = {service.replace("_", "-") for service in services}
    assert deployments(valid_build(project / KUBERNETES / "base")) == names
    overlay = with_secrets(project, project / KUBERNETES / "overlays" / "example")
    built = valid_build(overlay)
    assert deployments(built) == names
    images = {
        container["image"].split(":")[0].rsplit("/", 1)[-1]
        for d in built
        if d["kind"] in {"Deployment", "Job"}
        for container in d["spec"]["template"]["spec"]["containers"]
    }
    assert images == services
    (overlay / "secrets.env").unlink()
    assert git(project, "status", "--porcelain") == ""


def test_new_services_join_compose_and_the_manifests_at_once(tmp_path: Path) -> None:
    project = render(tmp_path / "shop", ["backend", "notifications"])
    run_ok(project, "-s", "new_service", "--", "payments")
    run_ok(project, "-s", "new_service", "--", "mailer", "--kind", "worker")
    run_ok(project, "-s", "new_service", "--", "importer", "--kind", "plain")
    run_ok(project, "-s", "check-generated", "check-deploy")
    compose = yaml.safe_load((project / "compose.yaml").read_text())["services"]
    assert {"payments", "mailer"} <= compose.keys()
    assert "importer" not in compose, "a command-line package is not a running service"
    assert compose["payments"]["ports"] == ["${PAYMENTS_PORT:-8000}:8000"]
    assert compose["mailer"]["environment"] == {"REDIS_URL": "redis://redis:6379/0"}
    overlay = with_secrets(project, project / KUBERNETES / "overlays" / "example")
    assert {"payments", "mailer"} <= deployments(valid_build(overlay))
    (overlay / "secrets.env").unlink()
    actionlint(project)
    changed = git(project, "status", "--porcelain", "--untracked-files=all")
    assert " M compose.yaml" in changed
    assert "?? deploy/kubernetes/base/payments.yaml" in changed


def test_an_overlay_of_your_own_must_name_every_image(tmp_path: Path) -> None:
    project = render(tmp_path / "shop", ["backend", "notifications"])
    overlays = project / KUBERNETES / "overlays"
    shutil.copytree(overlays / "example", overlays / "production")
    kustomization = overlays / "production" / "kustomization.yaml"
    text = yaml.safe_load(kustomization.read_text())
    text["images"] = [entry for entry in text["images"] if entry["name"] != "backend"]
    kustomization.write_text(yaml.safe_dump(text))
    output = run_fails(project, "-s", "check-deploy")
    assert (
        "deploy/kubernetes/overlays/production/kustomization.yaml:1: no `images:` entry for"
        " backend: add its registry and tag"
    ) in output
