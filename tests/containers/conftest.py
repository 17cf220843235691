"""What the container tests share: a labelled run per module, whose images are all removed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.podman import labelled_run


@pytest.fixture(scope="module")
def run_id() -> Iterator[str]:
    """This module's run id: every image it builds carries it as a label and is removed after."""
    with labelled_run() as run:
        yield run
