"""Contracts shared by every service: event messages, their channels and settings."""
