"""Telegram bot: answers commands and publishes user feedback as `command_received` events."""
