"""Point git at the project's tracked hooks (`.githooks/`), without overriding a user's own.

Only `.git/config` changes, never a tracked file. Outside a repository (a fresh copier output
before `git init`) there is nothing to do, and hooks the user set up themselves are left alone.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HOOKS_DIR = ".githooks"


def git_output(root: Path, *args: str) -> str | None:
    """What `git <args>` prints in `root`, or None when git is missing or the command fails."""
    if shutil.which("git") is None:
        return None
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def own_hooks(root: Path) -> list[str]:
    """Hooks installed by hand in `.git/hooks` (not samples): core.hooksPath would hide them."""
    hooks = git_output(root, "rev-parse", "--git-path", "hooks")
    if hooks is None:
        return []
    installed = (root / hooks).glob("*")
    return sorted(path.name for path in installed if path.is_file() and path.suffix != ".sample")


def install_hooks(root: Path) -> str | None:
    """Install the hooks if this project is the top of a repository; what to tell the user."""
    toplevel = git_output(root, "rev-parse", "--show-toplevel")
    if toplevel is None or Path(toplevel).resolve() != root.resolve():
        return None
    current = git_output(root, "config", "--get", "core.hooksPath")
    if current == HOOKS_DIR:
        return None
    own = own_hooks(root)
    if current is None and not own:
        subprocess.run(["git", "config", "core.hooksPath", HOOKS_DIR], cwd=root, check=True)
        return f"git hooks installed from {HOOKS_DIR}/: pre-commit, pre-push"
    kept = f"core.hooksPath is {current}" if current else f"own hooks in .git/hooks: {own}"
    return (
        f"git hooks not installed ({kept}); to use this project's:"
        f" git config core.hooksPath {HOOKS_DIR}"
    )
