"""What `nox -s browser` needs besides the running system: a Chromium, and the tests' settings.

The browser tests drive the system's own Chromium through playwright-core (Playwright's browser
downloads need a host that closed networks and many CI machines cannot reach): Debian's
`chromium` package, or any Chrome or Chromium named by `CHROMIUM_PATH`.
"""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CONFIG = "tests/browser/vitest.config.ts"
NO_CHROMIUM = (
    "no Chromium to drive: install Debian's (`apt-get install -y chromium`) or point"
    " CHROMIUM_PATH at a Chrome or Chromium, and run again"
)


def find_chromium() -> str | None:
    """`CHROMIUM_PATH` when set, else the first Chromium or Chrome on PATH."""
    chosen = os.environ.get("CHROMIUM_PATH")
    if chosen:
        return chosen if shutil.which(chosen) else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def test_env(system: dict[str, str], package: str, chromium: str) -> dict[str, str]:
    """The running system's settings, plus where the app under test answers (`APP_URL`) and
    which browser to launch (`CHROMIUM_PATH`)."""
    return {**system, "APP_URL": system[f"{package.upper()}_URL"], "CHROMIUM_PATH": chromium}
