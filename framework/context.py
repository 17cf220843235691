"""`nox -s context -- <package> [--for "task"]`: one markdown file with what an agent needs.

An agent that reads a whole monorepo to change one service spends most of its context on files
that do not matter. This writes `.llm/context/<package>.md` (git-ignored) with only what working
on that package takes: the task, the sessions to run, the package's current problems, its notes
(README, AGENTS.md), its specs and the shared spec entries they use, its generated protocols,
the outlines (signatures and first docstring lines, no bodies) of its modules and of the shared
modules it imports, its tests' outlines, and its file list.

The file keeps to a budget of estimated tokens. Parts are kept by importance (the task, sessions
and problems always; then the contract; then code outlines, those that mention the task's words
first; then tests and notes); what did not fit is listed at the end. The same tree and arguments
always give the same bytes: no dates, every list sorted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framework import budget, context_specs
from framework.context_checks import problems_section
from framework.project import Package, Project
from framework.signatures import Imported, imports_from, outline

CONTEXT_DIR = Path(".llm", "context")
DEFAULT_BUDGET = 20_000
LEFT_OUT_RESERVE = 400
HIDDEN_DIRS = frozenset(
    {".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "dist"}
)
_WORD = re.compile(r"[a-z][a-z0-9_]{3,}")
COMMON_WORDS = (
    "about after also each every from have into make more must only other should some than that"
    " their them then there these they this what when where which while with would your"
)
STOPWORDS = frozenset(COMMON_WORDS.split())


class ContextError(ValueError):
    """The context cannot be written as asked; the message says what to pass instead."""


@dataclass(frozen=True)
class ContextFile:
    path: Path
    tokens: int
    limit: int
    left_out: tuple[str, ...]


def write_context(
    project: Project, name: str, task: str = "", limit: int = DEFAULT_BUDGET, *, checks: bool = True
) -> ContextFile:
    """Write `.llm/context/<name>.md` and say how big it is and what it left out."""
    package = _package(project, name)
    words = _task_words(task)
    parts = _parts(project, package, task, checks)
    scored = [
        budget.Part(p.title, p.text, p.tier, _score(p.text, words) if p.tier else 0) for p in parts
    ]
    kept, outside = budget.fit(scored, limit, reserved=LEFT_OUT_RESERVE)
    text = "\n".join(part.text for part in kept) + "\n" + budget.left_out_section(outside, limit)
    path = project.root / CONTEXT_DIR / f"{package.name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ContextFile(path, budget.tokens(text), limit, tuple(part.title for part in outside))


def _package(project: Project, name: str) -> Package:
    known = {package.name: package for package in project.packages}
    if name not in known:
        raise ContextError(
            f"no package {name!r} in this project (choose one of: {', '.join(known)})"
        )
    return known[name]


def _parts(project: Project, package: Package, task: str, checks: bool) -> list[budget.Part]:
    root = project.root
    directory = str(package.path.relative_to(root))
    modules = _python_files(package.path / ("shared" if package.name == "shared" else "src"))
    sources = {path: path.read_text(encoding="utf-8") for path in modules}
    spec_files = sorted((package.path / "spec").glob("*.yaml"))
    tests = _python_files(package.path / "tests")
    problems = (
        problems_section(project, package)
        if checks
        else "## Current problems\n\nNot checked (`--no-checks`).\n"
    )
    return [
        budget.Part("header", _header(package, directory, task), 0),
        budget.Part("sessions", _sessions(package), 0),
        budget.Part("current problems", problems, 0),
        *_notes(root, package),
        *[_file_part(root, path, "yaml", 1) for path in spec_files],
        *_shared_entries(root, package, spec_files, sources),
        *[_file_part(root, path, "python", 1) for path in _protocols(package)],
        *[_outline_part(root, path, text, None, 2) for path, text in sources.items()],
        *_shared_outlines(root, package, sources),
        *[_outline_part(root, path, _read(path), None, 3) for path in tests],
        budget.Part("file list", _file_list(root, package), 1),
    ]  # fmt: skip


def _header(package: Package, directory: str, task: str) -> str:
    kind = "service" if package.is_service else "package"
    lines = [
        f"# Context: the {kind} `{package.name}` ({directory}/)",
        "",
        "Written by `nox -s context`: what working on this package needs, and nothing else."
        " Outlines show signatures and first docstring lines; open a file for its bodies."
        " Run the sessions below to check a change.",
    ]
    if task.strip():
        lines += ["", "## Task", "", task.strip()]
    return "\n".join(lines) + "\n"


def _sessions(package: Package) -> str:
    name = package.name
    rows = [
        (f'nox -s "test({name})"', "unit tests with coverage; `-- -k NAME` picks tests"),
        (f'nox -s "typecheck({name})"', "mypy --strict in the package's own venv"),
    ]
    if (package.path / "tests" / "integration").is_dir():
        rows.append(
            (f'nox -s "integration({name})"', "integration tests on real PostgreSQL and Redis")
        )
    rows += [
        ("nox -s lint", "ruff, layout, specs and controllers, whole project"),
        ("nox -s format", "fix formatting and what ruff can fix"),
        ("nox -s generate", "after changing a spec; never edit generated/ by hand"),
    ]
    if (package.path / "Dockerfile").is_file():
        rows.append((f'nox -s "build({name})"', "the production image"))
    rows.append((f"nox -s context -- {name}", "this file again, after a change"))
    width = max(len(command) for command, _ in rows)
    body = "\n".join(f"{command:<{width}}  # {what}" for command, what in rows)
    return f"## Sessions\n\n```\n{body}\n```\n"


def _notes(root: Path, package: Package) -> list[budget.Part]:
    found = [package.path / "AGENTS.md", package.path / "README.md"]
    return [_file_part(root, path, "markdown", 3) for path in found if path.is_file()]


def _file_part(root: Path, path: Path, language: str, tier: int) -> budget.Part:
    relative = str(path.relative_to(root))
    text = path.read_text(encoding="utf-8").rstrip()
    fence = "````" if "```" in text else "```"
    return budget.Part(relative, f"## {relative}\n\n{fence}{language}\n{text}\n{fence}\n", tier)


def _outline_part(
    root: Path, path: Path, source: str, only: Sequence[str] | None, tier: int
) -> budget.Part:
    relative = str(path.relative_to(root))
    try:
        text = outline(source, only)
    except SyntaxError as error:
        text = f"# does not parse: line {error.lineno}: {error.msg}\n"
    title = (
        f"{relative} (outline)" if only is None else f"{relative} (outline of {', '.join(only)})"
    )
    return budget.Part(title, f"## {title}\n\n```python\n{text.rstrip()}\n```\n", tier)


def _protocols(package: Package) -> list[Path]:
    return sorted(package.path.glob("src/*/generated/protocols.py"))


def _shared_entries(
    root: Path, package: Package, spec_files: list[Path], sources: dict[Path, str]
) -> list[budget.Part]:
    """The shared spec entries the package's specs and code use (none for `shared` itself,
    whose spec files are its own)."""
    shared_specs = sorted((root / "shared" / "spec").glob("*.yaml"))
    if package.name == "shared":
        return [_file_part(root, path, "yaml", 1) for path in shared_specs]
    usage = "\n".join([*(p.read_text(encoding="utf-8") for p in spec_files), *sources.values()])
    found = context_specs.used(context_specs.entries(root, shared_specs), usage)
    if not found:
        return []
    blocks = "\n".join(f"# {entry.file}, {entry.section}:\n{entry.text}" for entry in found)
    title = "shared spec entries it uses"
    return [budget.Part(title, f"## The {title}\n\n```yaml\n{blocks.rstrip()}\n```\n", 1)]


def _shared_outlines(root: Path, package: Package, sources: dict[Path, str]) -> list[budget.Part]:
    """Outlines of the shared modules the package imports: only the names it imports."""
    if package.name == "shared":
        return []
    wanted: dict[Path, set[str] | None] = {}
    for source in sources.values():
        for imported in _shared_imports(source):
            _want(root, imported, wanted)
    parts = []
    for path in sorted(wanted):
        names = wanted[path]
        only = sorted(names) if names is not None else None
        part = _outline_part(root, path, path.read_text(encoding="utf-8"), only, 2)
        if "\n\n```python\n\n```" not in part.text:
            parts.append(part)
    return parts


def _module_file(root: Path, module: str) -> Path | None:
    base = root / "shared" / Path(*module.split("."))
    return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()), None)


def _want(root: Path, imported: Imported, wanted: dict[Path, set[str] | None]) -> None:
    """Note what an import uses: a module (whole), or names of one; None stands for whole."""
    module_file = _module_file(root, imported.module)
    if not imported.names:
        if module_file is not None:
            wanted[module_file] = None
        return
    for name in imported.names:
        submodule = _module_file(root, f"{imported.module}.{name}")
        target, names = (submodule, None) if submodule else (module_file, {name})
        if target is None:
            continue
        current = wanted.get(target, set())
        wanted[target] = None if names is None or current is None else current | names


def _shared_imports(source: str) -> list[Imported]:
    try:
        return imports_from(source, "shared")
    except SyntaxError:
        return []


def _python_files(directory: Path) -> list[Path]:
    """The non-empty Python files under `directory`; generated code and migrations left out."""
    found = [
        path
        for path in directory.rglob("*.py")
        if _visible(path, directory) and not {"generated", "migrations"} & set(path.parts)
    ]
    return sorted(path for path in found if path.read_text(encoding="utf-8").strip())


def _visible(path: Path, base: Path) -> bool:
    """Not in a venv or a tool's cache, not a coverage file."""
    parts = set(path.relative_to(base).parts)
    return not (HIDDEN_DIRS & parts) and not path.name.startswith(".coverage")


def _file_list(root: Path, package: Package) -> str:
    found = package.path.rglob("*")
    files = sorted(str(p.relative_to(root)) for p in found if p.is_file() and _visible(p, root))
    return "## Files of the package\n\n```\n" + "\n".join(files) + "\n```\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _task_words(task: str) -> set[str]:
    return {word for word in _WORD.findall(task.lower()) if word not in STOPWORDS}


def _score(text: str, words: set[str]) -> int:
    lowered = text.lower()
    return sum(1 for word in words if word in lowered)
