"""The users domain (services/backend/spec/users.yaml): each operation is one unit of work.

The generated router validates the request, calls these methods, sets the status code and
publishes `user_registered` after `create_user` succeeds; this class decides what the
operations mean and raises domain errors, which the app turns into 404 or 409.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from backend.dependencies import SessionDep
from backend.errors import UserNotFound
from backend.models import User
from backend.repositories.users import UserRepository
from shared.generated.schemas import UserCreate, UserPage, UserRead, UserUpdate


class UsersController:
    """Registers, reads, changes and removes users (implements UsersControllerProtocol)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._users = UserRepository(session)

    async def create_user(self, data: UserCreate) -> UserRead:
        """Register a user; raises `EmailAlreadyRegistered`."""
        now = datetime.now(UTC)
        user = await self._users.add(
            User(email=data.email, name=data.name, created_at=now, updated_at=now)
        )
        await self._session.commit()
        return _read(user)

    async def list_users(self, limit: int, offset: int) -> UserPage:
        """A page of users, oldest first."""
        users = await self._users.list(limit=limit, offset=offset)
        total = await self._users.count()
        return UserPage(
            items=[_read(user) for user in users], total=total, limit=limit, offset=offset
        )

    async def get_user(self, user_id: UUID) -> UserRead:
        """The user with this id; raises `UserNotFound`."""
        return _read(await self._find(user_id))

    async def update_user(self, user_id: UUID, data: UserUpdate) -> UserRead:
        """Change the fields the request gives; raises `UserNotFound` or `EmailAlreadyRegistered`.

        A field left out or given as null stays as it is, as the schema of `UserUpdate` says
        (both fields may be null there); with nothing to change, the user comes back as it is.
        """
        user = await self._find(user_id)
        if data.email is None and data.name is None:
            return _read(user)
        user.updated_at = datetime.now(UTC)
        await self._users.update(user, email=data.email, name=data.name)
        await self._session.commit()
        return _read(user)

    async def delete_user(self, user_id: UUID) -> None:
        """Remove a user for good; raises `UserNotFound`."""
        await self._users.delete(await self._find(user_id))
        await self._session.commit()

    async def _find(self, user_id: UUID) -> User:
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        return user


def _read(user: User) -> UserRead:
    return UserRead.model_validate(user, from_attributes=True)


def provide_controller(session: SessionDep) -> UsersController:
    """The controller for one request, bound to that request's database session."""
    return UsersController(session)
