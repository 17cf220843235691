"""Alembic migrations, shipped inside the package so every install can upgrade its database."""
