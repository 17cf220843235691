"""A container engine that stops answering ends `dev`, `smoke` and `e2e` with an error, not a hang.

The engine here is a shell script standing in for a wedged podman: it answers some commands and
hangs on others, and writes every command it gets to a log, so the tests see what was cleaned up.
The real engines run these functions in the integration sessions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.nox_support import servers

ENGINE = """\
#!/bin/sh
echo "$@" >> "$(dirname "$0")/commands.log"
case "$1" in
  {answers}) echo 0123abcd ;;
  *) exec sleep 300 ;;
esac
"""


def engine_answering(directory: Path, answers: str) -> Path:
    """A fake `podman` that answers the commands in `answers` (a shell pattern) and hangs on
    the rest."""
    engine = directory / "podman"
    engine.write_text(ENGINE.format(answers=answers), encoding="utf-8")
    engine.chmod(0o755)
    return engine


def commands(engine: Path) -> list[str]:
    return (engine.parent / "commands.log").read_text(encoding="utf-8").splitlines()


def test_a_run_that_hangs_names_the_engine_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_answering(tmp_path, "ps")
    monkeypatch.setattr(servers, "RUN_TIMEOUT", 0.2)
    postgres, _ = servers.dev_containers("demo-shop")

    with pytest.raises(servers.ServerError) as raised:
        servers.run(str(engine), postgres)

    message = str(raised.value)
    assert f"`{engine} run` did not finish within 0.2 s" in message
    assert f"Check it with `{engine} ps`" in message


def test_a_start_cut_short_by_a_hanging_engine_stops_what_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_answering(tmp_path, "run|ps|stop")  # `exec`, the readiness probe, hangs
    monkeypatch.setattr(servers, "COMMAND_TIMEOUT", 0.2)

    with pytest.raises(servers.ServerError, match=r"`\S+ exec` did not finish within 0.2 s"):
        servers.start(str(engine), "demo-shop", print, fresh="e2e")

    started = [
        line.split("--name ")[1].split()[0] for line in commands(engine) if " --name " in line
    ]
    assert len(started) == 2
    assert commands(engine)[-1] == f"stop --time 10 {' '.join(started)}"


def test_a_port_the_engine_does_not_name_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    engine = engine_answering(tmp_path, "port")  # prints a container id, not `127.0.0.1:PORT`
    postgres, _ = servers.dev_containers("demo-shop")

    with pytest.raises(servers.ServerError, match="named no host port: 0123abcd"):
        servers.host_port(str(engine), postgres)
