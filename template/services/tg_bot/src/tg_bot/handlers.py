"""What the bot answers: /start, /help, /feedback, and a hint for anything else.

Handlers get the FastStream broker from aiogram's workflow data (`broker` keyword), so the same
code publishes to Redis in production and to `TestRedisBroker` in tests.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import BotCommand, Message, User
from faststream.redis import RedisBroker

from shared.generated.events import publish_command_received
from shared.generated.schemas import CommandReceived

COMMANDS = (
    BotCommand(command="start", description="say hello"),
    BotCommand(command="help", description="list the commands"),
    BotCommand(command="feedback", description="send feedback to the team: /feedback <text>"),
)
HELP_TEXT = "Commands:\n" + "\n".join(f"/{item.command} - {item.description}" for item in COMMANDS)
FEEDBACK_USAGE = "Usage: /feedback <text>, for example: /feedback the export button is slow"
FEEDBACK_THANKS = "Thanks! Your feedback was passed on to the team."
UNKNOWN_HINT = "I don't know that one. Send /help to see what I can do."


def create_router() -> Router:
    """A fresh router per dispatcher: aiogram refuses to attach one router to two parents."""
    router = Router(name="tg_bot")
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    # Every `message` update from a non-channel chat has a sender, so the filter only makes
    # that promise visible to the `event_from_user: User` argument below.
    router.message.register(feedback, Command("feedback"), F.from_user)
    # Only in private chats: in a group, other people's messages are not meant for the bot.
    router.message.register(unknown, F.text, F.chat.type == ChatType.PRIVATE)
    return router


async def start(message: Message) -> None:
    """Greet by first name so the user sees the bot is alive and who it thinks they are."""
    name = message.from_user.first_name if message.from_user else "there"
    await message.answer(f"Hello, {name}! I pass your feedback on to the team. Send /help.")


async def help_(message: Message) -> None:
    """List every command with one line each."""
    await message.answer(HELP_TEXT)


async def feedback(
    message: Message, command: CommandObject, event_from_user: User, broker: RedisBroker
) -> None:
    """Publish the text as a `command_received` event; without text, explain the usage."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(FEEDBACK_USAGE)
        return
    event = CommandReceived(
        chat_id=message.chat.id,
        user_id=event_from_user.id,
        username=event_from_user.username,
        command="feedback",
        text=text,
        received_at=message.date,
    )
    await publish_command_received(broker, event)
    await message.answer(FEEDBACK_THANKS)


async def unknown(message: Message) -> None:
    """Point at /help instead of staying silent, so the user is never left guessing."""
    await message.answer(UNKNOWN_HINT)
