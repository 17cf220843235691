"""Persistence of users: queries, and turning constraint violations into domain errors."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.errors import EmailAlreadyRegistered, TelegramAccountAlreadyRegistered
from backend.models import User


class UserRepository:
    """Reads and writes users in the caller's session; the caller decides when to commit."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> User:
        """Insert a user now (not at commit), so a taken email or Telegram account surfaces
        here as a domain error."""
        self._session.add(user)
        await self._flush(email=user.email, telegram_id=user.telegram_id)
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
        await self._flush(email=email)
        return user

    async def delete(self, user: User) -> None:
        """Delete a user now."""
        await self._session.delete(user)
        await self._session.flush()

    async def _flush(self, *, email: str | None = None, telegram_id: int | None = None) -> None:
        """Flush; when the database refuses it, say why if the reason is a taken email or
        Telegram account (the values this write sets; the caller names them).

        The unique constraints are the only safe check (two requests can race past a lookup).
        After one fires, the transaction is rolled back and the values looked up: other
        integrity errors stay what they are instead of passing for a conflict.
        """
        try:
            await self._session.flush()
        except IntegrityError as error:
            await self._session.rollback()
            if email is not None and await self._taken(User.email == email.lower()):
                raise EmailAlreadyRegistered(email.lower()) from error
            if telegram_id is not None and await self._taken(User.telegram_id == telegram_id):
                raise TelegramAccountAlreadyRegistered(telegram_id) from error
            raise

    async def _taken(self, condition: ColumnElement[bool]) -> bool:
        query = select(User.id).where(condition)
        return await self._session.scalar(query) is not None
