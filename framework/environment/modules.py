"""Find a service's modules and classes by import name, reading source instead of importing it.

The root tooling venv holds the framework only, not the services' dependencies, so the settings
classes cannot be imported there. What a base class is follows from the import statements of
the module that names it: a name imported from a module of the service or of `shared` is looked
up in that module's source, transitively; anything else is outside the project and keeps its
qualified name (`pydantic_settings.BaseSettings`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from framework.problems import Problem

# Re-exports are followed this deep; a cycle of re-exports ends here instead of recursing forever.
MAX_HOPS = 8


@dataclass(frozen=True, eq=False)
class Module:
    """One parsed source file and the names its imports bind."""

    name: str
    path: Path
    tree: ast.Module
    is_package: bool
    # local name -> (module, name) for `from module import name as local`
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)
    # local name -> module for `import module as local`
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def classes(self) -> dict[str, ast.ClassDef]:
        return {node.name: node for node in self.tree.body if isinstance(node, ast.ClassDef)}


@dataclass(frozen=True)
class Found:
    """A class defined in the project: the module that defines it and its definition."""

    module: Module
    node: ast.ClassDef


# A class the project defines, or the dotted name of one it does not ("" when unreadable).
Resolved = Found | str


class Modules:
    """The modules one service can import: its own `src/` and the project's `shared` package."""

    def __init__(self, project_root: Path, search: list[Path]) -> None:
        self.root = project_root
        self.search = search
        self._loaded: dict[str, Module | None] = {}
        self.problems: list[Problem] = []

    def load(self, name: str) -> Module | None:
        """The module `name` (e.g. `shared.settings`) when its source is in the project."""
        if name not in self._loaded:
            self._loaded[name] = self._parse(name)
        return self._loaded[name]

    def module_at(self, path: Path) -> Module | None:
        """The module of a source file under one of the search roots."""
        for top in self.search:
            if path.is_relative_to(top):
                parts = path.relative_to(top).with_suffix("").parts
                dotted = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                return self.load(dotted)
        return None

    def resolve(self, module: Module, expr: ast.expr, hops: int = 0) -> Resolved:
        """What a base-class expression in `module` names."""
        if isinstance(expr, ast.Name):
            if expr.id in module.classes:
                return Found(module, module.classes[expr.id])
            if expr.id in module.imported:
                return self._resolve_import(*module.imported[expr.id], hops)
            return expr.id
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            source = module.aliases.get(expr.value.id)
            if source is not None:
                return self._resolve_import(source, expr.attr, hops)
        if isinstance(expr, ast.Subscript):  # Generic[T] and the like: the class subscripted
            return self.resolve(module, expr.value, hops)
        return ""

    def _resolve_import(self, source: str, name: str, hops: int) -> Resolved:
        target = self.load(source)
        if target is None or hops >= MAX_HOPS:
            return f"{source}.{name}"
        if name in target.classes:
            return Found(target, target.classes[name])
        if name in target.imported:
            return self._resolve_import(*target.imported[name], hops + 1)
        return f"{source}.{name}"

    def _parse(self, name: str) -> Module | None:
        for top in self.search:
            base = top.joinpath(*name.split("."))
            for path, is_package in (
                (base.with_suffix(".py"), False),
                (base / "__init__.py", True),
            ):
                if path.is_file():
                    return self._parse_file(name, path, is_package)
        return None

    def _parse_file(self, name: str, path: Path, is_package: bool) -> Module | None:
        relative = path.relative_to(self.root)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as error:
            self.problems.append(
                Problem(relative, error.lineno or 1, f"cannot parse: {error.msg}; fix the syntax")
            )
            return None
        return _bind_imports(Module(name, relative, tree, is_package))


def _bind_imports(module: Module) -> Module:
    """Record what each top-level import binds, relative imports made absolute."""
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                module.imported[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                local = alias.asname or alias.name.split(".")[0]
                module.aliases[local] = alias.name if alias.asname else local
    return module


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    """`from .base import X` inside `backend.config` imports from `backend.base`."""
    if node.level == 0:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    anchor = package[: len(package) - (node.level - 1)]
    return ".".join([*anchor, *([node.module] if node.module else [])])
