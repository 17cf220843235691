"""Which Node a Node package asks for, and whether the installed one is it.

Two things name it. The project's `.nvmrc` holds its `node_version` answer (`20`, `22`, `24`):
what `nvm install` and CI's setup-node read, and what the images' base is; the installed Node
must be that line, as the venvs' Python must be `.python-version`'s. Each package's
`engines.node` holds what its toolchain runs on (Vite 8: Node 20.19+ or 22.12+), the same in
every project, so the committed package-lock.json (which records it) does not depend on the
answer.

`satisfies` understands the ranges package.json files use in practice: `^20.19.0`, `~22.12`,
`>=20 <23`, `20.x`, alternatives joined by `||`. A comparator it cannot read never blocks: the
check exists to turn an old Node into one clear line, not to second-guess npm.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable

NODE_VERSIONS = ("20", "22", "24")
DEFAULT_NODE = "22"
_COMPARATOR = re.compile(r"^(\^|~|>=|<=|>|<|=)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$")
Triple = tuple[int, int, int]


@functools.cache
def installed_node() -> str | None:
    """What `node --version` prints (`v22.12.0`), or None when there is no node on PATH; asked
    once per process."""
    if shutil.which("node") is None:
        return None
    result = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def nvmrc_line(installed: str | None) -> str:
    """The `.nvmrc` a project without one gets: the installed Node's line, when it is one the
    template offers, else the default."""
    found = parse(installed or "")
    return str(found[0]) if found and str(found[0]) in NODE_VERSIONS else DEFAULT_NODE


def matches_nvmrc(version: Triple, line: str) -> bool:
    """Whether `version` is on the line `.nvmrc` names: `22` is any 22.x, `22.12` any 22.12.x."""
    wanted = line.strip().lstrip("v").split(".")
    if not all(part.isdigit() for part in wanted):
        return True  # `lts/*`, `node`: names nvm resolves, not versions to check here
    return [str(part) for part in version[: len(wanted)]] == wanted


def parse(version: str) -> Triple | None:
    """`v20.20.2` (what `node --version` prints) as (20, 20, 2); None when it is not one."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)", version.strip())
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def satisfies(version: Triple, wanted: str) -> bool:
    """Whether `version` is in the range `wanted` (an `engines.node` value)."""
    return any(
        all(_meets(version, comparator) for comparator in alternative.split())
        for alternative in wanted.split("||")
    )


def _meets(version: Triple, comparator: str) -> bool:
    match = _COMPARATOR.match(comparator)
    if match is None:
        return True
    numbers = [int(part) for part in match.groups()[1:] if part and part.isdigit()]
    target = [*numbers, 0, 0]
    bound = (target[0], target[1], target[2])
    return _RULES[match[1] or "="](version, bound, len(numbers))


# Each operator, given the version, the range's bound and how many numbers the range wrote:
# `^20.19` keeps the major, `~22.11` the major and minor, `=20` and `20.x` only what is written.
_RULES: dict[str, Callable[[Triple, Triple, int], bool]] = {
    "^": lambda version, bound, _: version >= bound and version[0] == bound[0],
    "~": lambda version, bound, n: version >= bound and version[: min(n, 2)] == bound[: min(n, 2)],
    "=": lambda version, bound, n: version[:n] == bound[:n],
    ">=": lambda version, bound, _: version >= bound,
    ">": lambda version, bound, _: version > bound,
    "<=": lambda version, bound, _: version <= bound,
    "<": lambda version, bound, _: version < bound,
}
