"""`python -m tg_bot` starts the bot."""

from tg_bot.main import main

if __name__ == "__main__":
    main()
