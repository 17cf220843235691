"""Service code reads only variables its settings declare (`framework check`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.cli import main
from framework.environment import check_environment
from framework.project import load_project
from tests.unit.conftest import write

CONFIG = '''\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    api_key: str = "local"
    """The key."""
'''
API_SRC = Path("services/api/src/api")


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in check_environment(load_project(root))]


@pytest.fixture
def api(project: Path) -> Path:
    """The minimal project whose api declares API_KEY, with its .env.example current."""
    write(project / API_SRC / "config.py", CONFIG)
    assert main(["generate", str(project)]) == 0
    return project


def test_reads_of_undeclared_variables_name_file_line_and_fix(api: Path) -> None:
    write(
        api / API_SRC / "client.py",
        "import os\nfrom os import environ as env, getenv\n\n"
        'TOKEN = os.environ["TOKEN"]\n'
        'HOST = os.environ.get("HOST", "localhost")\n'
        'PORT = getenv("PORT")\n'
        'MODE = env.get("MODE")\n'
        "ANY = os.getenv(TOKEN)\n",
    )
    fix = (
        "which no settings class of api declares; add a field for it to the settings in"
        f" {API_SRC}/config.py, read that, and run `nox -s generate`"
    )
    assert problems(api) == [
        f"{API_SRC}/client.py:4: reads TOKEN, {fix}",
        f"{API_SRC}/client.py:5: reads HOST, {fix}",
        f"{API_SRC}/client.py:6: reads PORT, {fix}",
        f"{API_SRC}/client.py:7: reads MODE, {fix}",
        f"{API_SRC}/client.py:8: reads an environment variable whose name is computed, so no"
        f" contract can declare it; make it a field of the settings in {API_SRC}/config.py and"
        " read that",
    ]


def test_declared_variables_tests_and_generated_code_pass(
    api: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(api / API_SRC / "client.py", 'import os\n\nKEY = os.environ["API_KEY"]\n')
    write(api / API_SRC / "generated" / "keys.py", 'import os\n\nX = os.getenv("ANYTHING")\n')
    write(api / "services/api/tests/unit/test_env.py", 'import os\n\nX = os.getenv("CI")\n')
    write(
        api / API_SRC / "spawn.py", "import os\n\nENV = dict(os.environ)\nos.environ['A'] = 'b'\n"
    )
    assert problems(api) == []
    assert main(["check", str(api)]) == 0, capsys.readouterr().err


def test_another_services_variable_is_not_declared_for_this_one(api: Path) -> None:
    write(api / "services/worker/src/worker/main.py", 'import os\n\nKEY = os.environ["API_KEY"]\n')
    assert problems(api) == [
        "services/worker/src/worker/main.py:3: reads API_KEY, which no settings class of worker"
        " declares; add a field for it to the settings in services/worker/src/worker/config.py,"
        " read that, and run `nox -s generate`"
    ]


def test_a_settings_class_outside_config_is_a_problem(api: Path) -> None:
    write(
        api / API_SRC / "extra.py",
        "from api.config import Settings\n\n\nclass MoreSettings(Settings):\n    x: int = 1\n",
    )
    assert problems(api) == [
        f"{API_SRC}/extra.py:4: settings class MoreSettings is outside config.py, so"
        " .env.example does not list its variables; move it to"
        f" {API_SRC}/config.py and run `nox -s generate`"
    ]
