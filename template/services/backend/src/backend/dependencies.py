"""FastAPI dependencies: how handlers reach the resources the app's lifespan opened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from faststream.redis import RedisBroker
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.controllers.users import UsersController


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, closed (and rolled back if uncommitted) when it ends."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        yield session


def get_broker(request: Request) -> RedisBroker:
    """The broker the lifespan connected."""
    broker: RedisBroker = request.app.state.broker
    return broker


def get_users_controller(
    session: Annotated[AsyncSession, Depends(get_session)],
    broker: Annotated[RedisBroker, Depends(get_broker)],
) -> UsersController:
    """A controller bound to this request's session."""
    return UsersController(session, broker)


UsersControllerDep = Annotated[UsersController, Depends(get_users_controller)]
