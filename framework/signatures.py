"""A Python module's outline: what it offers (classes, functions, constants), without the bodies.

An agent about to change a service needs to know what exists and how to call it far more often
than how each function is written; the outline is a tenth of the source. Each function keeps its
decorators, its signature and the first line of its docstring; a class keeps its bases, its
attributes and its methods' outlines. `ast.unparse` writes it, so the same source always gives
the same text.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from copy import copy as copy_of
from dataclasses import dataclass

LONG_VALUE = 100
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Imported:
    """`from module import names` (or `import module`, with `names` empty) seen in a module."""

    module: str
    names: tuple[str, ...]


def outline(source: str, only: Iterable[str] | None = None) -> str:
    """The outline of a module's source; with `only`, just the top-level names listed."""
    tree = ast.parse(source)
    wanted = None if only is None else set(only)
    doc = ast.get_docstring(tree) if wanted is None else None
    lines = [f'"""{_first_line(doc)}"""'] if doc else []
    nodes = [node for node in tree.body if wanted is None or set(_names(node)) & wanted]
    lines += filter(None, map(_outline_node, nodes))
    return "\n".join(lines) + ("\n" if lines else "")


def imports_from(source: str, package: str) -> list[Imported]:
    """Every absolute import of `package` or its modules in a module's source."""
    found: list[Imported] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = tuple(alias.name for alias in node.names)
            found += [Imported(node.module, names)] if _within(node.module, package) else []
        elif isinstance(node, ast.Import):
            found += [Imported(a.name, ()) for a in node.names if _within(a.name, package)]
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _outline_node(node: ast.stmt) -> str:
    if isinstance(node, _FUNCTIONS):
        return _function(node)
    if isinstance(node, ast.ClassDef):
        return _class(node)
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and not isinstance(node.value, ast.Lambda):
        return _assignment(node)
    return ""


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    stub = _with_body(node, ast.get_docstring(node))
    return ast.unparse(stub)


def _class(node: ast.ClassDef) -> str:
    members = [_outline_node(member) for member in node.body]
    body = [member for member in members if member]
    header = ast.unparse(_with_body(node, ast.get_docstring(node))).splitlines()
    header = header[:-1] if body else header  # drop the `...` when members follow
    inner = ["    " + line for member in body for line in member.splitlines()]
    return "\n".join([*header, *inner])


def _assignment(node: ast.Assign | ast.AnnAssign) -> str:
    text = ast.unparse(node)
    if len(text) <= LONG_VALUE or node.value is None:
        return text
    cut = ast.unparse(node.value)
    return text[: len(text) - len(cut)] + "..."


def _with_body(node: ast.AST, doc: str | None) -> ast.AST:
    """A copy of a function or class whose body is its docstring's first line and `...`."""
    copy = copy_of(node)
    body: list[ast.stmt] = [ast.Expr(ast.Constant(_first_line(doc)))] if doc else []
    copy.body = [*body, ast.Expr(ast.Constant(...))]  # type: ignore[attr-defined]
    return copy


def _names(node: ast.stmt) -> list[str]:
    """The top-level names a statement defines."""
    if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else []
    targets += [node.target] if isinstance(node, ast.AnnAssign) else []
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""
