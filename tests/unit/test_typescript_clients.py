"""framework.generate.typescript: a Node package's API types, from the plan's OpenAPI document.

openapi-typescript is a stand-in script here that echoes what it read; the real one runs in the
template tests, on the backend's real document.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path, PurePosixPath

import pytest

from framework.generate import MARKER, existing
from framework.generate.typescript import ClientError, plan_clients
from framework.project import load_project
from tests.unit.conftest import write
from tests.unit.test_node_packages import add_node_package

OUTPUT = PurePosixPath("services/web/src/generated/api.ts")
SOURCE = PurePosixPath("services/api/openapi.json")
FAKE_TOOL = """#!/bin/sh
[ -f ../refuse ] && { echo "not an OpenAPI document" >&2; exit 1; }
echo "export type paths = $(cat | tr -d '\\n');"
"""


@pytest.fixture
def web(project: Path) -> Path:
    """A Node package whose types come from `api`, with a stand-in openapi-typescript."""
    web = add_node_package(project, framework={"api": {"api": "src/generated/api.ts"}})
    tool = write(web / "node_modules" / ".bin" / "openapi-typescript", FAKE_TOOL)
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return web


def test_the_types_come_from_the_planned_document_with_the_generated_header(
    project: Path, web: Path
) -> None:
    planned = {SOURCE: json.dumps({"openapi": "3.1.0"})}
    outputs = plan_clients(load_project(project), planned, MARKER)
    assert outputs == {
        OUTPUT: f"// {MARKER} from:\n//   {SOURCE}\n"
        "// Do not edit: change the spec and run `nox -s generate`.\n"
        'export type paths = {"openapi": "3.1.0"};\n'
    }


def test_without_a_planned_document_the_committed_one_is_used(project: Path, web: Path) -> None:
    write(project / SOURCE, '{"committed": true}')
    outputs = plan_clients(load_project(project), {}, MARKER)
    assert outputs[OUTPUT].endswith('export type paths = {"committed": true};\n')


def test_a_generated_client_counts_as_generated_and_a_hand_written_file_does_not(
    project: Path, web: Path
) -> None:
    write(project / OUTPUT, f"// {MARKER} from:\n")
    write(web / "src" / "api" / "client.ts", "export const x = 1;\n")
    assert OUTPUT in existing(load_project(project))
    assert PurePosixPath("services/web/src/api/client.ts") not in existing(load_project(project))


def test_a_service_without_an_openapi_document_is_named(project: Path, web: Path) -> None:
    with pytest.raises(ClientError) as refused:
        plan_clients(load_project(project), {}, MARKER)
    assert str(refused.value) == (
        "services/web/package.json: framework.api names 'api', which has no"
        " services/api/openapi.json; name a service whose specs have HTTP operations"
    )


def test_without_node_modules_the_fix_is_named(project: Path, web: Path) -> None:
    (web / "node_modules" / ".bin" / "openapi-typescript").unlink()
    with pytest.raises(ClientError, match=r"^services/web: openapi-typescript is not installed"):
        plan_clients(load_project(project), {SOURCE: "{}"}, MARKER)


def test_a_refused_document_shows_the_tools_reason(project: Path, web: Path) -> None:
    write(web.parent / "refuse")
    with pytest.raises(ClientError, match="refused the OpenAPI document:\nnot an OpenAPI"):
        plan_clients(load_project(project), {SOURCE: "{}"}, MARKER)
