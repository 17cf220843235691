"""The committed openapi.json (generated from the specs) is exactly what the app serves."""

from __future__ import annotations

import json
from pathlib import Path

from backend.app import create_app
from backend.config import Settings

DOCUMENT = Path(__file__).parents[2] / "openapi.json"


def test_the_generated_document_is_the_served_schema() -> None:
    app = create_app(Settings(database_url="sqlite+aiosqlite://", redis_url="redis://unused"))
    assert app.openapi() == json.loads(DOCUMENT.read_text())


def test_every_operation_id_is_unique() -> None:
    paths = json.loads(DOCUMENT.read_text())["paths"]
    ids = [operation["operationId"] for item in paths.values() for operation in item.values()]
    assert len(ids) == len(set(ids))
