"""Assembly of the dispatcher: the router, the broker it publishes to, the command menu."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from faststream.redis import RedisBroker

from tg_bot.handlers import COMMANDS, create_router


def create_dispatcher(broker: RedisBroker) -> Dispatcher:
    """A dispatcher whose handlers receive `broker` through aiogram's workflow data."""
    dispatcher = Dispatcher(broker=broker)
    dispatcher.include_router(create_router())
    dispatcher.startup.register(publish_command_menu)
    return dispatcher


async def publish_command_menu(bot: Bot) -> None:
    """Show the commands in Telegram's menu button, from the same list /help prints."""
    await bot.set_my_commands(list(COMMANDS))
