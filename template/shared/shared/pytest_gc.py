"""A pytest plugin that keeps Python's garbage collector away from what imports build.

Loaded in every pytest run of the project (the `pytest11` entry point of `shared`). A run imports
FastAPI, SQLAlchemy, pydantic, FastStream and the app itself: hundreds of thousands of objects that
live until the process ends. With the collector on, it scans them again and again while they are
created, and every full collection during the tests walks all of them once more. So the plugin
turns the collector off while the conftest files and test modules are imported, then moves
everything imported to the permanent generation (`gc.freeze()`) and turns it back on for the
tests, which it then collects as usual.
"""

from __future__ import annotations

import gc

import pytest

gc.disable()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    gc.freeze()
    gc.enable()
