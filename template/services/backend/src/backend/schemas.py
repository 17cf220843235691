"""The API's request and response bodies (the HTTP contract, kept apart from the ORM)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, model_validator

from backend.models import NAME_MAX_LENGTH

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX_LENGTH)
]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class UserCreate(BaseModel):
    """A registration: who the user is and how to reach them."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    name: Name


class UserUpdate(BaseModel):
    """A partial update: only the fields present change, and at least one must be present."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr | None = None
    name: Name | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        """Reject `{}` and explicit nulls: neither says what to change, so both are client bugs."""
        if not self.model_fields_set:
            raise ValueError("give at least one of: email, name")
        nulls = sorted(field for field in self.model_fields_set if getattr(self, field) is None)
        if nulls:
            raise ValueError(f"cannot be null: {', '.join(nulls)}")
        return self


class UserRead(BaseModel):
    """A user as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    email: str
    name: str
    created_at: datetime
    updated_at: datetime


class UserPage(BaseModel):
    """One page of users, oldest first, with the total so clients know when to stop."""

    items: list[UserRead]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    """The liveness answer."""

    status: str = Field(examples=["ok"])
