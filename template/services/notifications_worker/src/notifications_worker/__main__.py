"""`python -m notifications_worker` and the `notifications-worker` script: run the worker."""

from __future__ import annotations

import asyncio

from notifications_worker.main import app


def main() -> None:
    """Consume events until the process is interrupted (Ctrl+C or SIGTERM)."""
    asyncio.run(app.run())


if __name__ == "__main__":
    main()
