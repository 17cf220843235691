"""What fuzzing the backend on PostgreSQL found, each once a server error or an undocumented answer.

`nox -s contract` fuzzes the app from openapi.json; these tests pin each finding, so the fix
stays even when the fuzzer's budget would not reach the input again.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from backend.edge import EXCERPT, MAX_BODY_BYTES, has_lone_surrogate
from tests.unit.conftest import Api

JSON = {"Content-Type": "application/json"}


async def test_a_nul_character_in_a_string_is_refused_before_the_database(api: Api) -> None:
    # PostgreSQL cannot store U+0000: asyncpg raised, and the client saw a 500.
    for body in ({"email": "ada@example.com", "name": "A\u0000da"}, {"email": "a\u0000@b.co"}):
        response = await api.client.post("/users", json={"name": "Ada", **body})
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["type"] == "string_pattern_mismatch"
    assert (await api.client.get("/users")).json()["total"] == 0


@pytest.mark.parametrize("offset", [2**63, -1, 10**30])
async def test_an_offset_beyond_64_bits_is_a_422_not_an_overflow(api: Api, offset: int) -> None:
    # 9223372036854775808 overflowed PostgreSQL's bigint: a 500.
    response = await api.client.get("/users", params={"offset": offset})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


async def test_the_largest_offset_an_int_holds_is_served(api: Api) -> None:
    response = await api.client.get("/users", params={"offset": 2**53 - 1})
    assert response.status_code == 200
    assert response.json()["items"] == []


async def test_a_lone_surrogate_in_a_bad_input_gets_a_422_that_encodes(api: Api) -> None:
    # The 422 handler failed to encode the echoed input: a 500 from the error handler itself.
    body = b'{"email": "not-an-email\\ud800", "name": 5}'
    response = await api.client.post("/users", content=body, headers=JSON)
    assert response.status_code == 422
    json.loads(response.content)  # valid JSON, ASCII only
    assert response.content.isascii()


async def test_a_lone_surrogate_in_a_valid_looking_string_is_refused(api: Api) -> None:
    body = b'{"email": "ada@example.com", "name": "A\\udc00da"}'
    response = await api.client.post("/users", content=body, headers=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    assert (await api.client.get("/users")).json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "lone"),
    [
        (b'"\\ud83d\\ude00"', False),  # a pair: one emoji
        (b'"\\\\ud800"', False),  # an escaped backslash, then the text "ud800"
        (b'"\\ud800"', True),
        (b'"\\ud800x\\udc00"', True),
        (b'"\\udc00"', True),
        (b'"\\ud800\\n"', True),
    ],
)
def test_lone_surrogates_are_told_from_pairs_and_escaped_backslashes(
    body: bytes, lone: bool
) -> None:
    assert has_lone_surrogate(body) is lone


async def test_a_body_over_the_limit_is_a_413_and_is_not_echoed(api: Api) -> None:
    # A 200 MB body was read whole and echoed back by the 422: 1.3 GB of server memory.
    name = "x" * (MAX_BODY_BYTES + 1)
    response = await api.client.post("/users", json={"email": "ada@example.com", "name": name})
    assert response.status_code == 413
    assert response.json() == {"detail": f"the request body is larger than {MAX_BODY_BYTES} bytes"}


async def test_a_streamed_body_is_cut_off_at_the_limit(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the size shows as it comes
        for _ in range(3):
            yield b" " * (MAX_BODY_BYTES // 2)

    response = await api.client.post("/users", content=chunks(), headers=JSON)
    assert response.status_code == 413


async def test_a_422_echoes_a_bounded_excerpt_of_the_input(api: Api) -> None:
    name = "x" * 100_000
    response = await api.client.post("/users", json={"email": "ada@example.com", "name": name})
    assert response.status_code == 422
    assert len(response.content) < 1000
    shown = response.json()["detail"][0]["input"]
    assert shown == f"{'x' * EXCERPT}... (100000 characters)"


async def test_patch_with_a_null_name_does_what_the_schema_says(api: Api) -> None:
    # The served schema said `"name": null` is valid; the app answered 422.
    schema = api.app.openapi()["components"]["schemas"]["UserUpdate"]["properties"]["name"]
    assert {"type": "null"} in schema["anyOf"]
    created = await api.create_user("ada@example.com")
    response = await api.client.patch(f"/users/{created['id']}", json={"name": None})
    assert response.status_code == 200
    assert response.json() == created


async def test_a_body_that_is_not_utf8_is_the_documented_422(api: Api) -> None:
    # FastAPI answered 400, which the document does not list.
    response = await api.client.post("/users", content=b'{"email": "\xff"}', headers=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    assert "422" in api.app.openapi()["paths"]["/users"]["post"]["responses"]


async def test_a_405_lists_every_method_of_the_path(api: Api) -> None:
    response = await api.client.request("PUT", "/users")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
