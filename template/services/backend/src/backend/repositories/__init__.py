"""Repositories: the only code that talks SQL, one per aggregate."""
