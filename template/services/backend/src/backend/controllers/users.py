"""User use cases: each one is a unit of work that commits, or raises a domain error."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from faststream.redis import RedisBroker
from sqlalchemy.ext.asyncio import AsyncSession

from backend.errors import UserNotFound
from backend.models import User
from backend.repositories.users import UserRepository
from backend.schemas import UserCreate, UserPage, UserRead, UserUpdate
from shared.events import USER_REGISTERED, UserRegistered, publish


class UsersController:
    """Registers, reads, changes and removes users, and tells other services about new ones."""

    def __init__(self, session: AsyncSession, broker: RedisBroker) -> None:
        self._session = session
        self._users = UserRepository(session)
        self._broker = broker

    async def create(self, data: UserCreate) -> User:
        """Register a user, then announce it: only after the commit, so no phantom events."""
        now = datetime.now(UTC)
        user = await self._users.add(
            User(email=data.email, name=data.name, created_at=now, updated_at=now)
        )
        await self._session.commit()
        event = UserRegistered(
            user_id=user.id, email=user.email, name=user.name, registered_at=user.created_at
        )
        await publish(self._broker, USER_REGISTERED, event)
        return user

    async def get(self, user_id: UUID) -> User:
        """The user with this id; raises `UserNotFound`."""
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        return user

    async def list(self, *, limit: int, offset: int) -> UserPage:
        """A page of users, oldest first."""
        users = await self._users.list(limit=limit, offset=offset)
        items = [UserRead.model_validate(user) for user in users]
        return UserPage(items=items, total=await self._users.count(), limit=limit, offset=offset)

    async def update(self, user_id: UUID, changes: UserUpdate) -> User:
        """Change a user's email and/or name; raises `UserNotFound` or `EmailAlreadyRegistered`."""
        user = await self.get(user_id)
        user.updated_at = datetime.now(UTC)
        await self._users.update(user, email=changes.email, name=changes.name)
        await self._session.commit()
        return user

    async def delete(self, user_id: UUID) -> None:
        """Remove a user for good; raises `UserNotFound`."""
        await self._users.delete(await self.get(user_id))
        await self._session.commit()
