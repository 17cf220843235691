"""Kubernetes manifests under `deploy/kubernetes/`: a kustomize base and an example overlay.

    base/kustomization.yaml      the resources below, and the ConfigMap `config` from config.env
    base/config.env              every non-secret variable the services read, with its default
    base/<service>.yaml          a Deployment (and a Service for an HTTP service)
    base/<service>-migrate.yaml  a Job that runs the service's migrations
    overlays/example/            images from the registry, the Secret `secrets` from a
                                 secrets.env the operator writes (never committed), a config value

The pods run as the images' user (uid 10001), with a read-only root filesystem (a writable
`/tmp` from an emptyDir), no privilege escalation and no capabilities; each container has
resource requests and limits; an HTTP service is probed on its health endpoint. PostgreSQL and
Redis are not here: the platform provides them (a managed database, an operator), and their
addresses go into `secrets.env` (`DATABASE_URL`) and the config (`REDIS_URL`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

import yaml

from framework.deploy.services import REDIS_VARIABLE, Deployable, System
from framework.environment.contract import Variable

ROOT = PurePosixPath("deploy", "kubernetes")
BASE = ROOT / "base"
EXAMPLE = ROOT / "overlays" / "example"
CONFIG_MAP = "config"
SECRET = "secrets"  # noqa: S105 (the Secret's name)
SECRETS_FILE = "secrets.env"
USER_ID = 10001
SERVICE_PORT = 80
# A Redis the platform runs as the Service `redis` in the same namespace.
CLUSTER_REDIS_URL = "redis://redis:6379/0"
KUSTOMIZATION = {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization"}
RESOURCES = {
    "requests": {"cpu": "100m", "memory": "128Mi"},
    "limits": {"cpu": "1", "memory": "512Mi"},
}
Plan = dict[PurePosixPath, str]


def render_kubernetes(system: System, header: Callable[..., str]) -> Plan:
    """Every manifest, by its path in the project; `header(*sources)` starts each file."""
    files: Plan = {}
    resources = []
    for service in system.services:
        name = f"{service.dns_name}.yaml"
        files[BASE / name] = header(*service.sources) + _dump(_service_documents(service))
        resources.append(name)
        if service.migrations:
            name = f"{service.dns_name}-migrate.yaml"
            files[BASE / name] = header(*service.sources) + _dump([_job(service)])
            resources.append(name)
    files.update(_system_files(system, header(*system.sources), resources))
    return files


def _system_files(system: System, header: str, resources: list[str]) -> Plan:
    """The files that name every service: the kustomizations, the config, the secrets."""
    files: Plan = {}
    base: dict[str, Any] = {**KUSTOMIZATION, "resources": resources}
    base["configMapGenerator"] = [{"name": CONFIG_MAP, "envs": ["config.env"]}]
    files[BASE / "kustomization.yaml"] = header + _dump([base])
    files[BASE / "config.env"] = header + _config_env(system)
    files[EXAMPLE / "kustomization.yaml"] = header + _dump([_example_overlay(system)])
    files[EXAMPLE / f"{SECRETS_FILE}.example"] = _secrets_example(system)
    return files


def labels(service: Deployable, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": service.dns_name, "app.kubernetes.io/component": component}


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order written, and no `&id001` anchors for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(documents: list[dict[str, Any]]) -> str:
    return "---\n".join(
        yaml.dump(document, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=100)
        for document in documents
    )


def _service_documents(service: Deployable) -> list[dict[str, Any]]:
    selector = {"app.kubernetes.io/name": service.dns_name}
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": service.dns_name, "labels": labels(service, "service")},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": labels(service, "service")},
                "spec": _pod_spec(service, _container(service)),
            },
        },
    }
    if service.port is None:
        return [deployment]
    port = {"name": "http", "port": SERVICE_PORT, "targetPort": "http"}
    kube_service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": service.dns_name, "labels": labels(service, "service")},
        "spec": {"selector": selector, "ports": [port]},
    }
    return [deployment, kube_service]


def _job(service: Deployable) -> dict[str, Any]:
    """Migrations, once per release: `kubectl apply` it (it is immutable: delete the old one)."""
    container = {**_container(service), "command": ["alembic", "upgrade", "head"]}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe", "ports"):
        container.pop(probe, None)
    container["name"] = "migrate"
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": f"{service.dns_name}-migrate", "labels": labels(service, "migration")},
        "spec": {
            "backoffLimit": 3,
            "template": {
                "metadata": {"labels": labels(service, "migration")},
                "spec": {**_pod_spec(service, container), "restartPolicy": "Never"},
            },
        },
    }


def _pod_spec(service: Deployable, container: dict[str, Any]) -> dict[str, Any]:
    return {
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": USER_ID,
            "runAsGroup": USER_ID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [container],
        # The root filesystem is read-only; Python and libraries may still want a scratch /tmp.
        "volumes": [{"name": "tmp", "emptyDir": {}}],
    }


def _container(service: Deployable) -> dict[str, Any]:
    env_from: list[dict[str, Any]] = [{"configMapRef": {"name": CONFIG_MAP}}]
    if service.secrets:
        env_from.append({"secretRef": {"name": SECRET}})
    container: dict[str, Any] = {
        "name": service.dns_name,
        # The overlay's `images:` names the registry and the tag.
        "image": service.name,
        "imagePullPolicy": "IfNotPresent",
        "envFrom": env_from,
    }
    if service.calls:
        # Each Service answers on port 80 (SERVICE_PORT) under its name.
        container["env"] = [
            {"name": f"{name.upper()}_URL", "value": f"http://{name.replace('_', '-')}"}
            for name, _port in service.calls
        ]
    if service.port is not None:
        container["ports"] = [{"name": "http", "containerPort": service.port}]
    if service.port is not None and service.health:
        container.update(_probes(service.health))
    container["resources"] = RESOURCES
    container["securityContext"] = {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    container["volumeMounts"] = [{"name": "tmp", "mountPath": "/tmp"}]  # noqa: S108
    return container


def _probes(path: str) -> dict[str, Any]:
    check = {"httpGet": {"path": path, "port": "http"}}
    return {
        "startupProbe": {**check, "periodSeconds": 2, "failureThreshold": 30},
        "readinessProbe": {**check, "periodSeconds": 5},
        "livenessProbe": {**check, "periodSeconds": 20, "failureThreshold": 3},
    }


def _config_env(system: System) -> str:
    """The non-secret variables with the value each service gets unless an overlay says more."""
    lines = [
        "# The ConfigMap `config`: every non-secret variable the services read. An overlay",
        "# changes a value with a configMapGenerator of `behavior: merge`.",
    ]
    for variable in system.variables:
        if variable.secret:
            continue
        lines += ["", *_describe(variable), _config_line(variable)]
    if system.redis and REDIS_VARIABLE not in {variable.name for variable in system.variables}:
        lines += ["", f"# {REDIS_VARIABLE}: the Redis the services use", _redis_line()]
    return "\n".join(lines) + "\n"


def _config_line(variable: Variable) -> str:
    """`NAME=default`; a variable without a default stays commented out until an overlay sets it."""
    if variable.name == REDIS_VARIABLE:
        return _redis_line()
    if variable.default is not None:
        return f"{variable.name}={variable.default}"
    needed = "required: set it in an overlay" if variable.required else "optional"
    return f"# {variable.name}={variable.example}  ({needed})"


def _redis_line() -> str:
    return f"{REDIS_VARIABLE}={CLUSTER_REDIS_URL}"


def _secrets_example(system: System) -> str:
    lines = [
        "# Written by `nox -s generate` from the services' settings: their secret variables.",
        f"# Copy it to {SECRETS_FILE} (git ignores that) and fill in every value: the overlay",
        f"# makes the Secret `{SECRET}` from it (or create that Secret yourself, and drop the",
        "# overlay's secretGenerator).",
    ]
    for variable in system.variables:
        if variable.secret:
            lines += [
                "",
                *_describe(variable),
                f"# Example: {variable.example}",
                f"{variable.name}=",
            ]
    return "\n".join(lines) + "\n"


def _describe(variable: Variable) -> list[str]:
    readers = ", ".join(variable.readers)
    first = variable.description.splitlines()[0] if variable.description else ""
    return [f"# {variable.name} (read by {readers}): {first}".rstrip(": ")]


def _example_overlay(system: System) -> dict[str, Any]:
    overlay: dict[str, Any] = {**KUSTOMIZATION, "resources": ["../../base"]}
    overlay["images"] = [
        {"name": s.name, "newName": f"ghcr.io/OWNER/REPO/{s.name}", "newTag": "latest"}
        for s in system.services
    ]
    if any(variable.secret for variable in system.variables):
        overlay["secretGenerator"] = [{"name": SECRET, "envs": [SECRETS_FILE]}]
    if system.redis:
        literals = [f"{REDIS_VARIABLE}=redis://redis.example.internal:6379/0"]
        overlay["configMapGenerator"] = [
            {"name": CONFIG_MAP, "behavior": "merge", "literals": literals}
        ]
    return overlay
