"""A Node package's typed API clients: TypeScript types from the OpenAPI document of a service.

A Node package names the services it calls in its package.json, with where their types go:

    "framework": {"api": {"backend": "src/generated/backend.ts"}}

and `generate` writes there what openapi-typescript makes of `services/backend/openapi.json`,
as this plan has it (so a spec change reaches the types in the same run), with the header every
generated file carries. The package's hand-written client (openapi-fetch) checks each path,
parameter and body against these types, so a spec change that breaks the frontend fails
`nox -s "typecheck(frontend)"`, and `check-generated` fails while the types lag behind the spec.

openapi-typescript runs from the package's own node_modules, pinned by its package-lock.json,
so two machines write the same bytes; `nox -s generate` installs it first.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from framework.node_manifest import api_table
from framework.project import NODE, Package, Project

OPENAPI = "openapi.json"
TOOL = Path("node_modules", ".bin", "openapi-typescript")
Plan = dict[PurePosixPath, str]


class ClientError(RuntimeError):
    """A client cannot be generated; the message names the package.json and the fix."""


def header(source: PurePosixPath, marker: str) -> str:
    """The comment a generated TypeScript file starts with."""
    return (
        f"// {marker} from:\n//   {source}\n"
        "// Do not edit: change the spec and run `nox -s generate`.\n"
    )


def plan_clients(project: Project, planned: Plan, marker: str) -> Plan:
    """Every Node package's client types, from the OpenAPI documents in `planned` (or on disk)."""
    outputs: Plan = {}
    for package in project.packages:
        if package.kind != NODE:
            continue
        relative = PurePosixPath(package.path.relative_to(project.root).as_posix())
        for service, output in sorted(api_table(package.path).items()):
            source = PurePosixPath("services", service, OPENAPI)
            document = planned.get(source) or _on_disk(project.root / source)
            if document is None:
                raise ClientError(
                    f"{relative}/package.json: framework.api names {service!r}, which has no"
                    f" {source}; name a service whose specs have HTTP operations"
                )
            types = _openapi_typescript(package, relative, document)
            outputs[relative / output] = header(source, marker) + types
    return outputs


def candidates(project: Project) -> list[Path]:
    """Where generated client types may be: every TypeScript file under a Node package's src/."""
    return [
        path
        for package in project.packages
        if package.kind == NODE
        for path in (package.path / "src").glob("**/*.ts")
    ]


def _on_disk(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _openapi_typescript(package: Package, relative: PurePosixPath, document: str) -> str:
    tool = package.path / TOOL
    if not tool.exists():
        raise ClientError(
            f"{relative}: openapi-typescript is not installed there (no {TOOL});"
            " run `nox -s setup`, or `npm ci` in that directory"
        )
    result = subprocess.run(
        [str(tool)], input=document, capture_output=True, text=True, cwd=package.path, check=False
    )
    if result.returncode != 0:
        raise ClientError(
            f"{relative}: openapi-typescript refused the OpenAPI document:\n"
            f"{result.stderr.strip() or result.stdout.strip()}"
        )
    return result.stdout
