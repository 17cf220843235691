"""Releases of a generated project's services: `nox -s release -- [--dry-run] [service ...]`.

Each service is released on its own, as `<service>/vX.Y.Z`. Which services: the named ones, or
every service changed since its last release tag, decided as `--changed` decides it (a change
under `shared/`, the root lock, the noxfile or `.python-version` reaches every service). The next
version comes from the Conventional Commits since that tag (`framework.commits`); a service's
first release (no tag yet) is the version its pyproject names. A release writes the version into
the service's `pyproject.toml` and `uv.lock`, adds a section to its `CHANGELOG.md` (what you wrote
under `[Unreleased]`, or else its commits, grouped), commits, and tags. Nothing is pushed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framework import changelog, changes, commits, gitrepo, versionfiles
from framework.edits import Edit, Tag, commit_and_tag
from framework.project import NODE, Package, Project
from framework.semver import Bump, Version, VersionError, newest

CHANGELOG = "CHANGELOG.md"
SHOWN_DIRTY = 3


class ReleaseError(Exception):
    """The release cannot go ahead; the message is one line that says what to do."""


def tag_name(service: str, version: Version | str) -> str:
    return f"{service}/v{version}"


@dataclass(frozen=True)
class ServiceRelease:
    """One service's part of a release: the version it moves to, why, and the files it writes."""

    service: str
    last_tag: str | None
    version: Version
    bump: Bump | None
    commits: tuple[commits.Commit, ...]
    notes: str
    edits: tuple[Edit, ...]

    @property
    def tag(self) -> str:
        return tag_name(self.service, self.version)

    def change(self) -> str:
        """`0.1.0 -> 0.2.0`, or the version alone for a first release."""
        last = self.last_tag.rsplit("/v", 1)[-1] if self.last_tag else None
        return f"{last} -> {self.version}" if last else str(self.version)

    def reason(self) -> str:
        if self.last_tag is None:
            count = len(self.commits)
            return f"first release: {count} commit{'s' if count != 1 else ''} so far"
        return f"{self.bump}: {commits.summary(self.commits)} since {self.last_tag}"


@dataclass(frozen=True)
class Plan:
    releases: tuple[ServiceRelease, ...]
    skipped: tuple[tuple[str, str], ...]
    date: str
    dirty: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return "chore(release): " + ", ".join(f"{r.service} {r.version}" for r in self.releases)


def plan(project: Project, names: Sequence[str], date: str, *, allow_dirty: bool = False) -> Plan:
    """What releasing `names` (every changed service when empty) would do; ReleaseError if
    nothing can be released or the tree is not clean."""
    root = project.root
    try:
        gitrepo.require_top(root)
        dirty = gitrepo.dirty_paths(root)
    except gitrepo.GitError as error:
        raise ReleaseError(str(error)) from error
    if dirty and not allow_dirty:
        raise ReleaseError(
            f"the working tree has uncommitted changes ({changes.describe(dirty)}):"
            " commit or stash them, then release"
        )
    services = chosen_services(project, names)
    releases, skipped = [], []
    for service in services:
        decided = _decide(project, service, date)
        if isinstance(decided, str):
            skipped.append((service.name, decided))
        else:
            releases.append(decided)
    if not releases:
        why = "; ".join(f"{name}: {reason}" for name, reason in skipped)
        raise ReleaseError(f"nothing to release ({why})")
    return Plan(tuple(releases), tuple(skipped), date, tuple(dirty))


def apply(project: Project, planned: Plan) -> None:
    """Write, commit and tag what `plan` decided; all of it, or nothing."""
    edits = [edit for release in planned.releases for edit in release.edits]
    tags = [Tag(r.tag, f"{r.service} {r.version}") for r in planned.releases]
    try:
        commit_and_tag(project.root, edits, planned.message, tags)
    except (OSError, gitrepo.GitError) as error:
        raise ReleaseError(f"the release was undone: {error}") from error


def describe(planned: Plan, *, dry_run: bool, checks: str) -> list[str]:
    """The plan as the steps it takes, for a person to read before anything happens."""
    head = "Release plan (dry run: nothing is written, committed or tagged)"
    edits = [edit for release in planned.releases for edit in release.edits]
    tags = [release.tag for release in planned.releases]
    lines = [head if dry_run else "Release plan", *_versions(planned)]
    lines += steps(checks, edits, planned.message, tags)
    for release in planned.releases:
        notes = [f"    {line}".rstrip() for line in release.notes.splitlines()]
        lines += ["", f"{release.service} {release.version}, its CHANGELOG.md section:", *notes]
    return lines + dirty_note(planned.dirty)


def _versions(planned: Plan) -> list[str]:
    """One aligned line per service released, then one per service skipped."""
    width = max(len(release.service) for release in planned.releases)
    change = max(len(release.change()) for release in planned.releases)
    lines = [
        f"  {r.service:<{width}}  {r.change():<{change}}  {r.reason()}" for r in planned.releases
    ]
    return lines + [f"  skipped {name}: {reason}" for name, reason in planned.skipped]


def steps(checks: str, edits: Sequence[Edit], message: str, tags: Sequence[str]) -> list[str]:
    """The numbered steps of a release: checks, files, commit, tags."""
    lines = [f"1. run `{checks}`; the release stops if it fails"] if checks else []
    first = len(lines) + 1
    lines.append(f"{first}. write:")
    lines += [f"     {edit.path}: {edit.summary}" for edit in edits]
    return [*lines, f"{first + 1}. commit: {message}", f"{first + 2}. tag: {', '.join(tags)}"]


def dirty_note(dirty: Sequence[str]) -> list[str]:
    """What a dry run on a dirty tree adds: the release itself would stop."""
    if not dirty:
        return []
    shown = changes.describe(list(dirty))
    return ["", f"note: uncommitted changes ({shown}); the release itself refuses them"]


def chosen_services(project: Project, names: Sequence[str]) -> list[Package]:
    """The named services in project order, or every service; ReleaseError for a stranger."""
    known = {service.name: service for service in project.services}
    for name in names:
        if name not in known:
            choices = ", ".join(known) or "none"
            raise ReleaseError(f"no service {name!r} in this project (its services: {choices})")
    return [known[name] for name in known if name in names] if names else list(known.values())


def _decide(project: Project, service: Package, date: str) -> ServiceRelease | str:
    """The service's release, or why it has none."""
    if service.kind == NODE:
        return "a Node package: releases version pyproject.toml files only, not package.json yet"
    root = project.root
    name, current = versionfiles.read_pyproject(service.pyproject)
    found = last_release(root, service.name)
    last_tag = tag_name(service.name, found) if found else None
    if last_tag and service.name not in affected(project, last_tag):
        return f"no change since {last_tag}"
    found_commits = history(project, service, last_tag)
    bump = commits.bump_for(found_commits)
    if found is None:
        version = _first_version(service, current)
    elif bump is None:
        kinds = commits.summary(found_commits)
        if not kinds:
            return f"no commit since {last_tag}"
        return f"its commits since {last_tag} ask for no release ({kinds})"
    else:
        version = found.bump(bump)
    if gitrepo.tag_exists(root, tag_name(service.name, version)):
        raise ReleaseError(
            f"tag {tag_name(service.name, version)} exists but is not in this branch's history;"
            " merge that release first or delete the tag"
        )
    notes = _notes(service, found_commits)
    edits = _edits(project, service, name, current, version, date, notes)
    return ServiceRelease(service.name, last_tag, version, bump, found_commits, notes, tuple(edits))


def last_release(root: Path, service: str) -> Version | None:
    """The newest version tagged `<service>/vX.Y.Z` in HEAD's history."""
    return newest([tag.split("/v", 1)[-1] for tag in gitrepo.tags(root, f"{service}/v*")])


def history(project: Project, service: Package, since: str | None) -> tuple[commits.Commit, ...]:
    """The commits after `since` that touch the service, or anything every service depends on."""
    directory = str(service.path.relative_to(project.root))
    found = gitrepo.log(project.root, since, [f"{directory}/", *changes.GLOBAL_PATHS])
    return tuple(commits.parse(sha, message) for sha, message in found)


def affected(project: Project, tag: str) -> dict[str, str]:
    """The packages changed since `tag`, with the reason, as `--changed tag` decides them."""
    packages = {p.name: str(p.path.relative_to(project.root)) for p in project.packages}
    return changes.select(project.root, packages, tag).affected


def _first_version(service: Package, current: str) -> Version:
    try:
        return Version.parse(current)
    except VersionError as error:
        raise ReleaseError(f"services/{service.name}/pyproject.toml: {error}") from error


def _notes(service: Package, found: Sequence[commits.Commit]) -> str:
    """What the changelog section says: the hand-written `[Unreleased]` notes, else the commits."""
    path = service.path / CHANGELOG
    written = (
        changelog.section(path.read_text(encoding="utf-8"), "Unreleased") if path.is_file() else ""
    )
    return written or commits.changelog_body(found) or f"- First release of {service.name}."


def _edits(
    project: Project, service: Package, name: str, current: str, version: Version, date: str,
    notes: str,
) -> list[Edit]:  # fmt: skip
    relative = service.path.relative_to(project.root)
    pyproject = service.pyproject.read_text(encoding="utf-8")
    new_pyproject = versionfiles.set_pyproject_version(pyproject, str(version))
    summary = f"version {current} -> {version}"
    edits = [Edit(str(relative / "pyproject.toml"), pyproject, new_pyproject, summary)]
    edits = [edit for edit in edits if edit.after != edit.before]
    lock = service.path / "uv.lock"
    if lock.is_file():
        text = lock.read_text(encoding="utf-8")
        try:
            new = versionfiles.set_lock_version(text, name, str(version))
        except versionfiles.VersionFileError:
            new = text
        if new != text:
            edits.append(Edit(str(relative / "uv.lock"), text, new, f"{name} {version}"))
    log_path = service.path / CHANGELOG
    before = log_path.read_text(encoding="utf-8") if log_path.is_file() else None
    base = before if before is not None else changelog.new_changelog(f"the {name} service")
    after = changelog.release(base, str(version), date, notes)
    edits.append(Edit(str(relative / CHANGELOG), before, after, f"section [{version}] - {date}"))
    return edits
