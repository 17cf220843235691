"""`python -m notifications_worker` and the `notifications-worker` script: run the worker.

The settings are checked before the worker is imported: FastStream, the Redis client and httpx
take most of a second to import, while a misconfiguration should be reported at once.
"""

from __future__ import annotations

import asyncio

from notifications_worker.config import Settings


def main() -> None:
    """Consume events until the process is interrupted (Ctrl+C or SIGTERM)."""
    Settings.load()
    from notifications_worker.main import app  # imported only now, see the module docstring

    asyncio.run(app.run())


if __name__ == "__main__":
    main()
