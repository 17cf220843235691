"""The `/users` resource."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from backend.dependencies import UsersControllerDep
from backend.schemas import DEFAULT_LIMIT, MAX_LIMIT, UserCreate, UserPage, UserRead, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No user has this id"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    status.HTTP_409_CONFLICT: {"description": "The email is already registered"}
}


@router.post("", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def create_user(data: UserCreate, users: UsersControllerDep) -> UserRead:
    """Register a user."""
    return UserRead.model_validate(await users.create(data))


@router.get("")
async def list_users(
    users: UsersControllerDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> UserPage:
    """List users, oldest first."""
    return await users.list(limit=limit, offset=offset)


@router.get("/{user_id}", responses=NOT_FOUND)
async def get_user(user_id: UUID, users: UsersControllerDep) -> UserRead:
    """Read one user."""
    return UserRead.model_validate(await users.get(user_id))


@router.patch("/{user_id}", responses=NOT_FOUND | CONFLICT)
async def update_user(user_id: UUID, changes: UserUpdate, users: UsersControllerDep) -> UserRead:
    """Change a user's email and/or name."""
    return UserRead.model_validate(await users.update(user_id, changes))


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_user(user_id: UUID, users: UsersControllerDep) -> None:
    """Remove a user."""
    await users.delete(user_id)
