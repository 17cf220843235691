"""The generated OpenAPI document: a valid OpenAPI 3.1 contract with every detail of the spec.

That it equals what the running app serves is tested in each FastAPI service of the template
(`tests/unit/test_openapi.py` there compares `app.openapi()` with the file), where FastAPI is
installed; here the document is checked against the OpenAPI specification itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from framework.cli import main

PRICES = """\
domain: prices
rest: {prefix: /prices, tags: [money]}
operations:
  set_price:
    description: Set a price.
    params:
      - {name: book_id, type: uuid, description: The book.}
      - {name: limit, in: query, type: int, ge: 1, le: 100, default: 20}
      - {name: status, in: query, type: BookStatus, default: reading}
      - {name: cap, in: query, type: decimal, le: 10}
    input: Price
    output: Price
    rest: {method: PUT, path: "/{book_id}", errors: {404: No such book, 422: Bad price}}
  price_statuses:
    output: "list[BookStatus]"
    rest: {method: GET, path: /statuses}
"""
PRICE_MODEL = """\
  Price:
    description: A price.
    fields:
      amount: {type: decimal, ge: 0}
      note: {type: string, optional: true, max_length: 20}
"""


@pytest.fixture
def documents(library: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The library example plus a prices domain, generated; its openapi.json, parsed."""
    (library / "services/library/spec/prices.yaml").write_text(PRICES)
    models = library / "shared/spec/models.yaml"
    models.write_text(models.read_text() + PRICE_MODEL)
    assert main(["generate", str(library)]) == 0, capsys.readouterr().err
    document: dict[str, Any] = json.loads((library / "services/library/openapi.json").read_text())
    return document


def test_the_document_is_valid_openapi_with_unique_operation_ids(
    documents: dict[str, Any],
) -> None:
    validate(documents)
    ids = [op["operationId"] for item in documents["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_parameters_carry_their_limits_defaults_and_descriptions(
    documents: dict[str, Any],
) -> None:
    book_id, limit, status, cap = documents["paths"]["/prices/{book_id}"]["put"]["parameters"]
    assert book_id == {
        "name": "book_id",
        "in": "path",
        "required": True,
        "schema": {
            "type": "string",
            "format": "uuid",
            "title": "Book Id",
            "description": "The book.",
        },
        "description": "The book.",
    }
    assert limit["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
        "title": "Limit",
    }
    assert status["schema"] == {"$ref": "#/components/schemas/BookStatus", "default": "reading"}
    assert cap == {
        "name": "cap",
        "in": "query",
        "required": False,
        "schema": {
            "anyOf": [{"type": "number", "maximum": 10}, {"type": "string"}, {"type": "null"}],
            "title": "Cap",
        },
    }


def test_a_model_read_and_written_with_different_schemas_is_published_twice(
    documents: dict[str, Any],
) -> None:
    """A decimal is a number or text going in and text coming out, as FastAPI publishes it."""
    operation = documents["paths"]["/prices/{book_id}"]["put"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert (body, answer) == (
        {"$ref": "#/components/schemas/Price-Input"},
        {"$ref": "#/components/schemas/Price-Output"},
    )
    schemas = documents["components"]["schemas"]
    assert schemas["Price-Output"]["properties"]["amount"] == {"type": "string", "title": "Amount"}
    assert schemas["BookRead"]["properties"]["price"] == {
        "type": "string",
        "title": "Price",
        "default": "0",
    }


def test_spec_errors_replace_fastapis_validation_error_only_when_they_name_422(
    documents: dict[str, Any],
) -> None:
    responses = documents["paths"]["/prices/{book_id}"]["put"]["responses"]
    assert responses["422"] == {"description": "Bad price"}
    assert responses["404"] == {"description": "No such book"}
    listing = documents["paths"]["/prices/statuses"]["get"]["responses"]
    assert list(listing) == ["200"], "no parameters and no body: nothing to validate"
    assert listing["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/BookStatus"},
        "title": "Response Price Statuses",
    }
