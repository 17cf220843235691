"""The supervisor behind `nox -s dev` and `smoke`, driving real (small) processes."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from framework.nox_support.dotenv import read_dotenv
from framework.nox_support.system import (
    ServiceRun,
    StartError,
    Supervisor,
    changed_files,
    free_port,
    read_service_run,
    snapshot,
)

PRINT_AND_WAIT = "import time; print('ready now', flush=True); time.sleep(60)"


def service(tmp_path: Path, code: str, **fields: object) -> ServiceRun:
    return ServiceRun(
        name="svc",
        directory=tmp_path,
        command=(sys.executable, "-c", code),
        **fields,  # type: ignore[arg-type]
    )


def test_a_service_is_ready_when_its_line_appears_and_stops_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    supervisor = Supervisor(tmp_path / "logs", color=False)
    supervisor.add(service(tmp_path, PRINT_AND_WAIT, ready="ready now"), {})
    supervisor.start("svc")
    supervisor.wait_until_ready("svc", timeout=30)
    process = supervisor.running["svc"].process
    assert process is not None
    supervisor.stop_all()
    assert process.poll() is not None, "the process outlived stop_all"
    assert "svc | ready now" in capsys.readouterr().out
    log = (tmp_path / "logs" / "svc.log").read_text()
    assert log.startswith("ready now\n")
    assert log.rstrip().endswith("KeyboardInterrupt"), "it was stopped as Ctrl-C stops it"


def test_a_service_that_dies_while_starting_fails_with_its_last_lines(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path / "logs", color=False)
    code = "print('config is wrong: FOO is not set', flush=True); raise SystemExit(3)"
    supervisor.add(service(tmp_path, code, ready="never"), {})
    supervisor.start("svc")
    with pytest.raises(StartError, match="svc exited with code 3 while starting") as failure:
        supervisor.wait_until_ready("svc", timeout=30)
    assert "config is wrong: FOO is not set" in str(failure.value)
    supervisor.stop_all()


def test_a_preferred_port_in_use_gives_way_to_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        port = free_port(busy)
    assert port != busy
    assert free_port(None) > 0


def test_changed_files_are_seen_added_modified_and_removed(tmp_path: Path) -> None:
    kept, edited, removed = (tmp_path / name for name in ("kept.py", "edited.py", "removed.py"))
    for path in (kept, edited, removed):
        path.write_text("x = 1\n")
    before = snapshot([tmp_path])
    time.sleep(0.01)
    edited.write_text("x = 2\n")
    removed.unlink()
    (tmp_path / "added.py").write_text("")
    (tmp_path / "notes.txt").write_text("not code")
    assert changed_files(before, snapshot([tmp_path])) == sorted(
        [edited, removed, tmp_path / "added.py"]
    )


def test_the_run_table_is_read_from_the_services_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "api"\n\n[tool.framework.run]\n'
        'command = ["uvicorn", "api.app:app", "--port", "{port}"]\nport = 8000\n'
        'health = "/health"\nrequires = ["TOKEN"]\n'
    )
    run = read_service_run("api", tmp_path, tmp_path / "shared")
    assert run is not None
    assert run.command == ("uvicorn", "api.app:app", "--port", "{port}")
    assert (run.port, run.health, run.requires, run.http) == (8000, "/health", ("TOKEN",), True)
    assert run.watch == (tmp_path / "src", tmp_path / "shared")


def test_a_service_without_a_run_table_does_not_run(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "cli"\n')
    assert read_service_run("cli", tmp_path, None) is None


def test_dotenv_reads_what_pydantic_settings_reads(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# a comment\n"
        "PLAIN=value\n"
        "export EXPORTED=1\n"
        "SPACED = with spaces # and a comment\n"
        'DOUBLE="quoted # not a comment"\n'
        "SINGLE='it''s'\n"
        "EMPTY=\n"
        "not a variable line\n"
    )
    assert read_dotenv(tmp_path / ".env") == {
        "PLAIN": "value",
        "EXPORTED": "1",
        "SPACED": "with spaces",
        "DOUBLE": "quoted # not a comment",
        "SINGLE": "it''s",
        "EMPTY": "",
    }
    assert read_dotenv(tmp_path / "missing.env") == {}
