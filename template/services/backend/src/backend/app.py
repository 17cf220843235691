"""The ASGI application: `uvicorn backend.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from faststream.redis import RedisBroker

from backend.config import Settings
from backend.db import create_engine, create_sessionmaker
from backend.edge import install_edge
from backend.errors import EmailAlreadyRegistered, TelegramAccountAlreadyRegistered, UserNotFound
from backend.generated.routers import include_routers
from backend.routers import health

ERROR_STATUS: dict[type[Exception], int] = {
    UserNotFound: status.HTTP_404_NOT_FOUND,
    EmailAlreadyRegistered: status.HTTP_409_CONFLICT,
    TelegramAccountAlreadyRegistered: status.HTTP_409_CONFLICT,
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; the database and broker are opened by its lifespan, not here.

    The broker is created here (not in the lifespan) so tests can wrap it in
    `TestRedisBroker` before the app starts. It lives at `app.state.broker`, where the generated
    routers look for it to publish events.
    """
    settings = settings or Settings.load()
    broker = RedisBroker(settings.redis_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url.get_secret_value())
        app.state.sessionmaker = create_sessionmaker(engine)
        try:
            async with broker:
                yield
        finally:
            await engine.dispose()

    # Title and version as the generated openapi.json has them: the served schema equals it.
    app = FastAPI(title="backend", version="1", lifespan=lifespan)
    install_edge(app)  # a body size limit, and bad requests answered as 4xx (backend/edge.py)
    app.state.broker = broker
    for error_type in ERROR_STATUS:
        app.add_exception_handler(error_type, domain_error_response)
    app.include_router(health.router)
    include_routers(app)
    return app


async def domain_error_response(_request: Request, error: Exception) -> JSONResponse:
    """Turn a domain error into the client error it means, with its message as `detail`."""
    return JSONResponse({"detail": str(error)}, status_code=ERROR_STATUS[type(error)])
