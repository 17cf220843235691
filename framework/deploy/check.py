"""`nox -s check-deploy`: the Kubernetes manifests checked offline, without a cluster.

Every resource under `deploy/kubernetes/` is validated against the Kubernetes API schemas of
`KUBERNETES_VERSION` in strict mode (an unknown or misspelt field fails), with the schemas the
kubernetes-validate package ships, so no network is needed. Each kustomization must name files
that exist, and an overlay must give every service's image a registry (`images:`): a service
added by `new_service` and missing from your own overlay would otherwise never pull.

Runs as `python -m framework.deploy.check [ROOT]` in an environment of the root project's
`deploy` dependency group: pyyaml and kubernetes-validate, not the rest of the framework's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from framework.deploy.kubernetes import ROOT as MANIFESTS
from framework.deploy.kubernetes import SECRETS_FILE
from framework.deploy.services import discover
from framework.problems import Problem
from framework.project import NotAProjectError, Project, load_project

KUBERNETES_VERSION = "1.33.0"
KUSTOMIZATION = "kustomization.yaml"


def validate_document(document: Any, path: Path, line: int) -> list[Problem]:
    """One resource against its schema; a problem names the field and what is wrong with it."""
    # Only in the `deploy` group's environment, and untyped.
    import kubernetes_validate  # type: ignore[import-untyped,import-not-found,unused-ignore]

    if not isinstance(document, dict) or "kind" not in document:
        return [Problem(path, line, "not a Kubernetes resource (no `kind`)")]
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        where = ".".join(str(part) for part in error.path) or "(top level)"
        name = document.get("metadata", {}).get("name", "?")
        message = f"{document['kind']} {name}: {where}: {error.message}"
        return [Problem(path, line, f"{message} (Kubernetes {KUBERNETES_VERSION} schema)")]
    except kubernetes_validate.SchemaNotFoundError as error:
        return [Problem(path, line, str(error.message))]
    return []


def documents(text: str) -> Iterator[tuple[int, Any]]:
    """Each YAML document with the line it starts on (1-based)."""
    for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if node is not None:
            yield node.start_mark.line + 1, yaml.safe_load(yaml.serialize(node))


def check_resources(project: Project) -> tuple[list[Problem], int]:
    """Every manifest but the kustomizations; the problems and how many resources were read."""
    problems: list[Problem] = []
    count = 0
    for path in sorted((project.root / MANIFESTS).rglob("*.yaml")):
        if path.name == KUSTOMIZATION:
            continue
        relative = path.relative_to(project.root)
        for line, document in documents(path.read_text(encoding="utf-8")):
            count += 1
            problems += validate_document(document, relative, line)
    return problems, count


def check_kustomizations(project: Project) -> list[Problem]:
    """Files a kustomization names exist; an overlay names an image for every service."""
    images = {service.name for service in discover(project).services}
    problems: list[Problem] = []
    for path in sorted((project.root / MANIFESTS).rglob(KUSTOMIZATION)):
        kustomization = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        relative = path.relative_to(project.root)
        problems += [
            Problem(relative, 1, f"names {name}, which does not exist")
            for name in _named_files(kustomization)
            if not (path.parent / name).exists() and not _filled_in_by_operator(path, name)
        ]
        problems += [
            Problem(relative, 1, f"no `images:` entry for {image}: add its registry and tag")
            for image in _images_missing(kustomization, images)
        ]
    return problems


def _images_missing(kustomization: dict[str, Any], images: set[str]) -> list[str]:
    """An overlay (it builds on `../`) must say where every service's image comes from."""
    if not any(str(entry).startswith("..") for entry in kustomization.get("resources", ())):
        return []
    named = {str(entry.get("name")) for entry in kustomization.get("images", ())}
    return sorted(images - named)


def _named_files(kustomization: dict[str, Any]) -> list[str]:
    names = [str(entry) for entry in kustomization.get("resources", ())]
    for generator in ("configMapGenerator", "secretGenerator"):
        for entry in kustomization.get(generator, ()):
            names += [str(name) for name in (*entry.get("envs", ()), *entry.get("files", ()))]
    return names


def _filled_in_by_operator(kustomization: Path, name: str) -> bool:
    """`secrets.env` is written on the deploying machine from `secrets.env.example`."""
    return name == SECRETS_FILE and (kustomization.parent / f"{name}.example").is_file()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        project = load_project(Path(arguments[0]) if arguments else Path())
    except NotAProjectError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not (project.root / MANIFESTS).is_dir():
        print(f"no {MANIFESTS}/ here: no service is deployable yet, so nothing to check")
        return 0
    problems, count = check_resources(project)
    problems += check_kustomizations(project)
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {MANIFESTS}/", file=sys.stderr)
        return 1
    print(f"{count} Kubernetes resources match the {KUBERNETES_VERSION} schemas; kustomizations ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
