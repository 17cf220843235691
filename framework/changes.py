"""Which packages a change touches: `nox -s test typecheck -- --changed [REF]`.

A service is affected when a file under its directory changed (its lock included); every package
is affected when `shared/`, the root lock, the noxfile, `.python-version` or `.nvmrc` changed,
since each of those reaches into every venv (`.nvmrc` only into the Node packages, but running
the Python ones too costs less than a rule that could miss one). "Changed" means: differs
between the base commit and the working tree (committed, staged, unstaged or untracked). The
base is the merge-base of HEAD and REF, or of HEAD and the default branch when no REF is given,
or HEAD itself when there is no default branch. Without git, every package runs and the
selection says so.

The generated noxfile imports this module into nox's own interpreter, which is not the project's
venv: keep it standard library only, free of other `framework` imports, and valid on Python 3.10.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

FLAG = "--changed"
GLOBAL_PATHS = ("shared/", "uv.lock", "noxfile.py", ".python-version", ".nvmrc")
DEFAULT_BRANCH_CANDIDATES = ("main", "master", "origin/main", "origin/master")
SHOWN_PATHS = 3
SHORT_HASH = 9


class ChangesError(Exception):
    """The comparison cannot be made as asked; the message says how to ask instead."""


@dataclass(frozen=True)
class ChangedArgument:
    """`--changed [REF]` found among a session's arguments, and the arguments left for the tool."""

    ref: str | None
    rest: tuple[str, ...]


def parse_changed_argument(args: Sequence[str]) -> ChangedArgument | None:
    """Find `--changed`, `--changed REF` or `--changed=REF`; None when it is not there.

    The argument after a bare `--changed` is its REF unless it starts with `-`, so
    `-- --changed -k users` compares with the default branch and passes `-k users` on.
    """
    rest: list[str] = []
    found = False
    ref: str | None = None
    remaining = list(args)
    while remaining:
        arg = remaining.pop(0)
        if arg == FLAG:
            found = True
            if remaining and not remaining[0].startswith("-"):
                ref = remaining.pop(0)
        elif arg.startswith(f"{FLAG}="):
            found = True
            ref = arg.split("=", 1)[1] or None
        else:
            rest.append(arg)
    return ChangedArgument(ref, tuple(rest)) if found else None


def without_changed_argument(args: Sequence[str]) -> list[str]:
    """The arguments meant for pytest or mypy: everything but `--changed [REF]`."""
    parsed = parse_changed_argument(args)
    return list(args) if parsed is None else list(parsed.rest)


@dataclass(frozen=True)
class Selection:
    """The packages a run covers, each with the reason, and what they were compared with.

    `base` is the abbreviated commit compared with and `compared_with` says how it was chosen;
    both are None when no comparison was possible, `note` then says why, and every package runs.
    """

    root: str
    ref: str | None
    base: str | None
    compared_with: str | None
    note: str = ""
    affected: dict[str, str] = field(default_factory=dict)
    unaffected: tuple[str, ...] = ()

    def skip_reason(self, package: str) -> str:
        return f"none of the files of {package} changed since {self.base}"

    def summary(self) -> list[str]:
        """What a person reads once per run: the base, then each package's verdict."""
        if self.base is None:
            return [f"{FLAG}: {self.note}; every package runs"]
        lines = [f"{FLAG}: comparing the working tree with {self.base}, {self.compared_with}"]
        if not self.affected:
            lines.append("  nothing changed in any package, so every per-package session skips")
        lines += [f"  runs   {package}: {reason}" for package, reason in self.affected.items()]
        if self.unaffected:
            lines.append(f"  skips  {', '.join(self.unaffected)}: none of their files changed")
        return lines

    def to_json(self) -> str:
        return json.dumps(
            {
                "root": self.root,
                "ref": self.ref,
                "base": self.base,
                "compared_with": self.compared_with,
                "note": self.note,
                "affected": self.affected,
                "unaffected": list(self.unaffected),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Selection:
        data = json.loads(text)
        return cls(
            root=str(data["root"]),
            ref=data["ref"],
            base=data["base"],
            compared_with=data["compared_with"],
            note=str(data["note"]),
            affected={str(name): str(reason) for name, reason in data["affected"].items()},
            unaffected=tuple(str(name) for name in data["unaffected"]),
        )


def select(root: Path, packages: Mapping[str, str], ref: str | None = None) -> Selection:
    """Decide which of `packages` (name -> directory relative to `root`) a run covers."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return _everything(
            root, ref, packages, "git is not installed, so nothing tells what changed"
        )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return _everything(
            root, ref, packages, "not a git repository, so nothing tells what changed"
        )
    if _commit(root, "HEAD") is None:
        return _everything(root, ref, packages, "no commit yet, so everything is new")
    base, compared_with = _base(root, ref)
    selection = Selection(str(root), ref, base[:SHORT_HASH], compared_with)
    return _classify(selection, packages, _changed_paths(root, base))


def _everything(root: Path, ref: str | None, packages: Mapping[str, str], note: str) -> Selection:
    return Selection(str(root), ref, None, None, note, dict.fromkeys(packages, note), ())


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def _commit(root: Path, revision: str) -> str | None:
    """The full hash `revision` names, or None when it names no commit."""
    result = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    return result.stdout.strip() if result.returncode == 0 else None


def _merge_base(root: Path, one: str, other: str) -> str | None:
    result = _git(root, "merge-base", one, other)
    return result.stdout.strip() if result.returncode == 0 else None


def default_branch(root: Path) -> str | None:
    """The branch changes are usually merged into: origin's HEAD, else main or master."""
    remote_head = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if remote_head.returncode == 0 and _commit(root, remote_head.stdout.strip()):
        return remote_head.stdout.strip()
    return next((name for name in DEFAULT_BRANCH_CANDIDATES if _commit(root, name)), None)


def _base(root: Path, ref: str | None) -> tuple[str, str]:
    """The commit to compare the working tree with, and how it was chosen."""
    if ref is not None:
        commit = _commit(root, ref)
        if commit is None:
            raise ChangesError(
                f"{FLAG} {ref}: no commit, branch or tag of that name in this repository;"
                f" name one that exists (for example {FLAG} HEAD~1), or leave REF out to"
                " compare with the default branch"
            )
        merge_base = _merge_base(root, ref, "HEAD")
        if merge_base is None or merge_base == commit:
            return commit, f"which is {ref}"
        return merge_base, f"the merge-base of HEAD and {ref}"
    head = _commit(root, "HEAD") or "HEAD"
    branch = default_branch(root)
    merge_base = _merge_base(root, branch, "HEAD") if branch else None
    if branch is None or merge_base is None:
        return head, "the last commit (there is no main or master branch to compare with)"
    if merge_base == head:
        return head, f"the last commit (HEAD is on {branch})"
    return merge_base, f"the merge-base of HEAD and {branch}"


def _changed_paths(root: Path, base: str) -> list[str]:
    """Paths under `root`, relative to it, that differ between `base` and the working tree."""
    diff = _git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    for result in (diff, untracked):
        if result.returncode != 0:
            raise ChangesError(f"{FLAG}: git could not list the changes: {result.stderr.strip()}")
    paths = {path for result in (diff, untracked) for path in result.stdout.split("\0") if path}
    return sorted(paths)


def _classify(
    selection: Selection, packages: Mapping[str, str], changed: Sequence[str]
) -> Selection:
    everywhere = [path for path in changed if _is_global(path)]
    if everywhere:
        reason = f"every package, because {describe(everywhere)}"
        return replace(selection, affected=dict.fromkeys(packages, reason))
    affected: dict[str, str] = {}
    for package, directory in packages.items():
        prefix = f"{directory.strip('/')}/"
        own = [path for path in changed if path.startswith(prefix)]
        if own:
            affected[package] = describe(own)
    unaffected = tuple(package for package in packages if package not in affected)
    return replace(selection, affected=affected, unaffected=unaffected)


def _is_global(path: str) -> bool:
    return any(
        path.startswith(item) if item.endswith("/") else path == item for item in GLOBAL_PATHS
    )


def describe(paths: Sequence[str]) -> str:
    """`a changed`, or `a, b, c and 4 more changed`: enough to recognise the change."""
    shown = ", ".join(paths[:SHOWN_PATHS])
    more = f" and {len(paths) - SHOWN_PATHS} more" if len(paths) > SHOWN_PATHS else ""
    return f"{shown}{more} changed"
