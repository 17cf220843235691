"""ORM models: the tables the backend owns."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from backend.db import Base, UTCDateTime

EMAIL_MAX_LENGTH = 320
NAME_MAX_LENGTH = 200


class User(Base):
    """A registered user, reachable by e-mail, on Telegram, or both: never by neither.

    Emails are unique regardless of case, so they are stored lowercase. Telegram ids exceed
    32 bits, hence BIGINT. Unique columns take any number of NULLs, on PostgreSQL and SQLite.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email IS NOT NULL OR telegram_id IS NOT NULL", name="reachable"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @validates("email")
    def _normalise_email(self, _key: str, email: str | None) -> str | None:
        """Lowercase every email on assignment, so the unique constraint ignores case."""
        return email.lower() if email is not None else None
