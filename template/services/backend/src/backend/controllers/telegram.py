"""The telegram domain (services/backend/spec/telegram.yaml): users who come through the bot.

The bot knows a Telegram user's id and name, never an e-mail address, so they register with
those. The generated router publishes `user_registered` after a registration succeeds, like
the users domain does; the app turns `TelegramAccountAlreadyRegistered` into a 409, which the
bot reads as "welcome back".
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.dependencies import SessionDep
from backend.models import User
from backend.repositories.users import UserRepository
from shared.generated.schemas import UserRead, UserTelegramCreate


class TelegramController:
    """Registers Telegram users (implements TelegramControllerProtocol)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._users = UserRepository(session)

    async def register_telegram_user(self, data: UserTelegramCreate) -> UserRead:
        """Register a user without e-mail; raises `TelegramAccountAlreadyRegistered`."""
        now = datetime.now(UTC)
        user = User(telegram_id=data.telegram_id, name=data.name, created_at=now, updated_at=now)
        await self._users.add(user)
        await self._session.commit()
        return UserRead.model_validate(user, from_attributes=True)


def provide_controller(session: SessionDep) -> TelegramController:
    """The controller for one request, bound to that request's database session."""
    return TelegramController(session)
