"""The app against its own contract: schemathesis fuzzes every operation of openapi.json.

`nox -s contract` runs this, in process: the app is called through ASGI, without a server, on
SQLite and FastStream's test broker as the unit tests use them. Every check schemathesis has is
on: no server error, responses (status, content type, headers, body) as documented, data the
schema allows accepted, data it forbids rejected. The session sets the budget and the seed, so a
run is bounded and repeats exactly: `nox -s contract -- --examples 1000 --seed 7` changes them.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import schemathesis
from fastapi import FastAPI
from faststream.redis import TestRedisBroker
from schemathesis.config import SchemathesisConfig

from backend.app import create_app
from backend.config import Settings
from backend.db import Base, create_engine

OPENAPI = Path(__file__).parents[2] / "openapi.json"
# What bare `pytest tests/contract` uses; the session passes its own.
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "50"))
SEED = int(os.environ.get("CONTRACT_SEED", "0"))


def contract_app() -> FastAPI:
    """The app on a fresh SQLite file, removed when the run ends, its broker replaced by
    FastStream's test broker."""
    directory = tempfile.mkdtemp(prefix="contract-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    database_url = f"sqlite+aiosqlite:///{directory}/backend.db"
    app = create_app(Settings(database_url=database_url, redis_url="redis://unused:6379/0"))
    serve = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(database_url)
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        await engine.dispose()
        async with TestRedisBroker(app.state.broker), serve(app):
            yield

    app.router.lifespan_context = lifespan
    return app


CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES, "database": "none"},
        "checks": {"enabled": True},
    }
)
schema = schemathesis.openapi.from_path(OPENAPI, config=CONFIG)
schema.app = contract_app()


@schema.parametrize()
def test_every_operation_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()
