"""End-to-end scenarios: `nox -s e2e` runs every service for real and then these."""
