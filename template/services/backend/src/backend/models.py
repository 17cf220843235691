"""ORM models: the tables the backend owns."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from backend.db import Base, UTCDateTime

EMAIL_MAX_LENGTH = 320
NAME_MAX_LENGTH = 200


class User(Base):
    """A registered user. Emails are unique regardless of case, so they are stored lowercase."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        """Lowercase every email on assignment, so the unique constraint ignores case."""
        return email.lower()
