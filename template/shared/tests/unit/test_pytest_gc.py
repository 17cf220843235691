"""The garbage-collector plugin, seen from this very run: pytest imported this module with the
collector off, and runs its tests with the collector on and everything imported frozen."""

from __future__ import annotations

import gc

COLLECTOR_ON_WHILE_IMPORTED = gc.isenabled()


def test_test_modules_are_imported_with_the_collector_off() -> None:
    assert not COLLECTOR_ON_WHILE_IMPORTED


def test_tests_run_with_the_collector_on_and_the_imports_frozen() -> None:
    assert gc.isenabled()
    assert gc.get_freeze_count() > 10_000
