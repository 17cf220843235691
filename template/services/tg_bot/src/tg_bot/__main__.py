"""`python -m tg_bot` and the `tg-bot` script: check the settings, then start the bot.

The settings come first and the bot is imported only after them: python-telegram-bot, FastStream
and the Redis client take most of a second to import, while a missing token should be reported
at once.
"""

from tg_bot.config import load_settings


def main() -> None:
    """Start the bot, or stop with one line that names the setting to fix."""
    settings = load_settings()
    from tg_bot.main import serve  # imported only now, see the module docstring

    serve(settings)


if __name__ == "__main__":
    main()
