"""The project-wide tests: tests/smoke and tests/e2e run against the whole system."""
