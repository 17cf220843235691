"""The `Project` a generated noxfile builds: the packages its sessions are parametrized over."""

from __future__ import annotations

from pathlib import Path

from framework.nox_support import Project


def test_sessions_take_the_services_first_and_shared_last(project: Path) -> None:
    """Under `nox -j auto` the services' longer sessions then start before shared's short one."""
    assert Project(project / "noxfile.py").packages == ["api", "worker", "shared"]
