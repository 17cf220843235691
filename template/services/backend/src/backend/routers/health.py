"""Liveness probe for orchestrators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter

from backend.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> Health:
    """Answer as long as the process serves HTTP; touches no dependency on purpose."""
    return Health(status="ok")
