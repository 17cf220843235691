from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db import create_engine, create_sessionmaker
from backend.errors import EmailAlreadyRegistered, TelegramAccountAlreadyRegistered
from backend.models import User
from backend.repositories.users import UserRepository
from tests.unit.conftest import create_schema


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    await create_schema(database_url)
    engine = create_engine(database_url)
    async with create_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


def user(email: str, name: str | None = "Ada") -> User:
    now = datetime.now(UTC)
    return User(email=email, name=name, created_at=now, updated_at=now)


async def test_a_taken_email_is_a_domain_error(session: AsyncSession) -> None:
    users = UserRepository(session)
    await users.add(user("ada@example.com"))
    await session.commit()

    with pytest.raises(EmailAlreadyRegistered, match=r"ada@example\.com"):
        await users.add(user("ADA@example.com"))


async def test_a_taken_telegram_account_is_a_domain_error(session: AsyncSession) -> None:
    users = UserRepository(session)
    now = datetime.now(UTC)
    await users.add(User(telegram_id=42, name="Ada", created_at=now, updated_at=now))
    await session.commit()

    with pytest.raises(TelegramAccountAlreadyRegistered, match="telegram account 42 "):
        await users.add(User(telegram_id=42, name="Eve", created_at=now, updated_at=now))


async def test_other_integrity_errors_are_not_passed_off_as_conflicts(
    session: AsyncSession,
) -> None:
    with pytest.raises(IntegrityError):
        await UserRepository(session).add(user("ada@example.com", name=None))


async def test_a_user_with_neither_email_nor_telegram_account_is_refused(
    session: AsyncSession,
) -> None:
    now = datetime.now(UTC)
    with pytest.raises(IntegrityError, match=r"ck_users_reachable|CHECK constraint failed"):
        await UserRepository(session).add(User(name="Nobody", created_at=now, updated_at=now))
