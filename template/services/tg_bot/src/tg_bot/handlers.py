"""What the bot answers: /start, /help, /feedback, and a hint for anything else.

Handlers find the FastStream broker in `context.bot_data["broker"]`, so the same code publishes
to Redis in production and to `TestRedisBroker` in tests.
"""

from __future__ import annotations

from faststream.redis import RedisBroker
from telegram import BotCommand, Message, Update, User
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from shared.generated.events import publish_command_received
from shared.generated.schemas import CommandReceived

COMMANDS = (
    BotCommand("start", "say hello"),
    BotCommand("help", "list the commands"),
    BotCommand("feedback", "send feedback to the team: /feedback <text>"),
)
HELP_TEXT = "Commands:\n" + "\n".join(f"/{item.command} - {item.description}" for item in COMMANDS)
FEEDBACK_USAGE = "Usage: /feedback <text>, for example: /feedback the export button is slow"
FEEDBACK_THANKS = "Thanks! Your feedback was passed on to the team."
UNKNOWN_HINT = "I don't know that one. Send /help to see what I can do."

# New messages only: PTB's handlers take edited messages by default, and editing a /feedback
# must not publish it a second time.
NEW_MESSAGE = filters.UpdateType.MESSAGE

Handler = BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]


def create_handlers() -> list[Handler]:
    """The handlers in the order PTB tries them; the first that matches answers."""
    return [
        CommandHandler("start", start, filters=NEW_MESSAGE),
        CommandHandler("help", help_, filters=NEW_MESSAGE),
        CommandHandler("feedback", feedback, filters=NEW_MESSAGE),
        # Only in private chats: in a group, other people's messages are not meant for the bot.
        MessageHandler(NEW_MESSAGE & filters.TEXT & filters.ChatType.PRIVATE, unknown),
    ]


def incoming(update: Update) -> tuple[Message, User]:
    """The message and its sender, which `NEW_MESSAGE` guarantees but PTB's types cannot show.

    Telegram sets `from` on every message outside channels, so a message update has a sender.
    """
    message = update.message
    if message is None or message.from_user is None:
        raise TypeError(f"expected a new message with a sender, got update {update.update_id}")
    return message, message.from_user


async def answer(message: Message, text: str) -> None:
    """Send `text` to the message's chat (and forum topic) without quoting the message."""
    await message.reply_text(text, do_quote=False)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet by first name so the user sees the bot is alive and who it thinks they are."""
    message, sender = incoming(update)
    greeting = f"Hello, {sender.first_name}! I pass your feedback on to the team. Send /help."
    await answer(message, greeting)


async def help_(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List every command with one line each."""
    message, _ = incoming(update)
    await answer(message, HELP_TEXT)


async def feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Publish the text as a `command_received` event; without text, explain the usage."""
    message, sender = incoming(update)
    text = command_argument(message.text or "")
    if not text:
        await answer(message, FEEDBACK_USAGE)
        return
    event = CommandReceived(
        chat_id=message.chat.id,
        user_id=sender.id,
        username=sender.username,
        command="feedback",
        text=text,
        received_at=message.date,
    )
    broker: RedisBroker = context.bot_data["broker"]
    await publish_command_received(broker, event)
    await answer(message, FEEDBACK_THANKS)


def command_argument(text: str) -> str:
    """Everything after the command, line breaks kept (PTB's `context.args` splits it in words)."""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point at /help instead of staying silent, so the user is never left guessing."""
    message, _ = incoming(update)
    await answer(message, UNKNOWN_HINT)
