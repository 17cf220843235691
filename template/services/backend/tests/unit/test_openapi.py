"""The committed openapi.json (generated from the specs) describes the app that runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backend.app import create_app
from backend.config import Settings

DOCUMENT = Path(__file__).parents[2] / "openapi.json"


def operations(document: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    """Each (path, method) with the status codes it documents."""
    return {
        (path, method): set(operation["responses"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_the_generated_document_lists_exactly_the_served_operations() -> None:
    committed = operations(json.loads(DOCUMENT.read_text()))
    app = create_app(Settings(database_url="sqlite+aiosqlite://", redis_url="redis://unused"))
    served = operations(app.openapi())
    served.pop(("/health", "get"))  # plumbing, not part of any spec
    assert committed.keys() == served.keys()
    for key, statuses in committed.items():
        assert statuses == served[key], key


def test_the_generated_document_names_the_schemas_the_api_uses() -> None:
    schemas = json.loads(DOCUMENT.read_text())["components"]["schemas"]
    assert {"UserCreate", "UserUpdate", "UserRead", "UserPage"} <= schemas.keys()
