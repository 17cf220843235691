"""HTTP API that owns user accounts and announces each new user on the event bus."""
