"""Welcome notifications for new users, delivered from `user_registered` events."""
