"""Keep a Node package's `node_modules` in step with its `package-lock.json`, and check Node.

`npm ci` installs exactly what the lock says, but it deletes and rewrites `node_modules` every
time (seconds even with a warm cache), so it cannot run on every session. As for the venvs
(framework.nox_support.venvs), a stamp written after `npm ci` finished records the inputs it
installed from: `package.json`, `package-lock.json`, the package's `.npmrc` and the project's
`.nvmrc`. A matching stamp means nothing to do and npm is not started; anything else runs
`npm ci`, which also replaces what an interrupted install left behind.

Before that, the installed Node is checked against the project's `.nvmrc` (its `node_version`
answer) and the package's `engines.node` (framework.node_versions): a wrong Node is one line
naming the fix, not a stack trace from a tool that needs a newer one. `node --version` runs
once per nox process.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from framework.node_manifest import read_manifest
from framework.node_versions import installed_node, matches_nvmrc, parse, satisfies
from framework.nox_support.venvs import Outcome, digest, exclusive, write_atomically

MODULES = "node_modules"
BIN = Path(MODULES, ".bin")
STAMP = ".nox-synced"
NVMRC = ".nvmrc"
# --prefer-offline: the lock names exact versions with their hashes, so a package in npm's cache
# is the package; without it npm asks the registry about every one of them again.
NPM_CI = ("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error")
NPM_LOCK = ("npm", "install", "--package-lock-only", "--no-audit", "--no-fund")


def inputs(package: Path, root: Path) -> list[Path]:
    """The files whose content decides what `node_modules` holds."""
    names = ("package.json", "package-lock.json", ".npmrc")
    return [*(package / name for name in names), root / NVMRC]


def fingerprint(package: Path, root: Path) -> str:
    """A hash of every input of `node_modules`, paths included."""
    return digest(inputs(package, root))


def is_current(package: Path, root: Path) -> bool:
    """Whether `node_modules` was completed from exactly today's inputs."""
    stamp = package / MODULES / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint(package, root)


def sync(package: Path, root: Path) -> Outcome:
    """`npm ci` unless `node_modules` is current; the outcome says what happened."""
    if is_current(package, root):
        return Outcome(package, environment=MODULES)
    with exclusive(package):
        if is_current(package, root):  # another nox process installed it while this one waited
            return Outcome(package, environment=MODULES)
        modules = package / MODULES
        note = ""
        if modules.is_dir() and not (modules / STAMP).is_file():
            note = "not installed by `nox -s setup`, or its install did not finish: reinstalled"
        (modules / STAMP).unlink(missing_ok=True)
        result = subprocess.run(NPM_CI, cwd=package, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            error = result.stderr.strip() or result.stdout.strip()
            return Outcome(package, note, error, environment=MODULES)
        write_atomically(modules / STAMP, fingerprint(package, root))
        return Outcome(package, note, environment=MODULES)


def node_problem(package: Path, root: Path) -> str | None:
    """One line when Node or npm is missing, not `.nvmrc`'s line, or older than the package's
    `engines.node`; else None."""
    pinned = root / NVMRC
    line = pinned.read_text(encoding="utf-8").strip() if pinned.is_file() else ""
    fix = f"install Node {line or 'as .nvmrc says'} (`nvm install` reads .nvmrc) and run again"
    version = installed_node()
    if version is None or shutil.which("npm") is None:
        missing = "node" if version is None else "npm"
        return f"{missing} is not on PATH, and {package.relative_to(root)} needs Node; {fix}"
    found = parse(version)
    if found is None:
        return None
    if line and not matches_nvmrc(found, line):
        return f"Node {version} is installed, but .nvmrc asks for {line}; {fix}"
    return _engines_problem(package, root, found, f"Node {version} is installed, but", fix)


def _engines_problem(
    package: Path, root: Path, found: tuple[int, int, int], installed: str, fix: str
) -> str | None:
    """The line for a Node outside the package's `engines.node`, else None."""
    engines = read_manifest(package).get("engines")
    wanted = str(engines.get("node", "")) if isinstance(engines, dict) else ""
    if not wanted or satisfies(found, wanted):
        return None
    where = f"{package.relative_to(root)}/package.json"
    return f"{installed} {where} needs {wanted} (engines.node); {fix}"
