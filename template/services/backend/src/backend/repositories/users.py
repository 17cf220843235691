"""Persistence of users: queries, and turning constraint violations into domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.errors import EmailAlreadyRegistered
from backend.models import User


class UserRepository:
    """Reads and writes users in the caller's session; the caller decides when to commit."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> User:
        """Insert a user now (not at commit), so a taken email surfaces here as a domain error."""
        self._session.add(user)
        await self._flush(user.email)
        return user

    async def get(self, user_id: UUID) -> User | None:
        """The user with this id, or None."""
        return await self._session.get(User, user_id)

    async def list(self, *, limit: int, offset: int) -> Sequence[User]:
        """A page of users, oldest first; the id breaks ties so pages never overlap."""
        query = select(User).order_by(User.created_at, User.id).limit(limit).offset(offset)
        return (await self._session.scalars(query)).all()

    async def count(self) -> int:
        """How many users exist."""
        return await self._session.scalar(select(func.count()).select_from(User)) or 0

    async def update(
        self, user: User, *, email: str | None = None, name: str | None = None
    ) -> User:
        """Apply the given changes and write them now, so a taken email surfaces here."""
        if email is not None:
            user.email = email
        if name is not None:
            user.name = name
        await self._flush(user.email)
        return user

    async def delete(self, user: User) -> None:
        """Delete a user now."""
        await self._session.delete(user)
        await self._session.flush()

    async def _flush(self, email: str) -> None:
        """Flush; when the database refuses it, say why if the reason is a taken email.

        The unique constraint is the only safe check (two requests can race past a lookup).
        After it fires, the transaction is rolled back and the email looked up: other
        integrity errors stay what they are instead of passing for a conflict.
        """
        try:
            await self._session.flush()
        except IntegrityError as error:
            await self._session.rollback()
            if await self._email_taken(email):
                raise EmailAlreadyRegistered(email) from error
            raise

    async def _email_taken(self, email: str) -> bool:
        query = select(User.id).where(User.email == email)
        return await self._session.scalar(query) is not None
