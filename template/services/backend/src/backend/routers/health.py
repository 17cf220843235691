"""Liveness probe for orchestrators and load balancers (not part of any spec: it is plumbing)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The liveness answer."""

    status: str = Field(examples=["ok"])


@router.get("/health", include_in_schema=False)  # plumbing, not the spec's contract
async def health() -> Health:
    """Answer as long as the process serves HTTP; touches no dependency on purpose."""
    return Health(status="ok")
