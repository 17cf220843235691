"""One field of a settings class, read from its source: what `.env.example` says about it.

pydantic-settings gives each field of a `BaseSettings` class an environment variable. From the
field's statement in the class body this module reads what the contract shows:

    bot_token: SecretStr                        required (no default), secret (SecretStr)
    \"\"\"The token @BotFather gives.\"\"\"           its description (an attribute docstring)
    sender: Literal["log", "webhook"] = "log"   optional, one of two values, example `log`
    url: str = Field(examples=["https://..."])  Field(description=, examples=, alias=, default=)

A field may be written in any way pydantic accepts; where the contract needs a fact that only
running the code would tell (a description built at run time), the field is a problem that
names the fix, never a guess.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from framework.environment.literals import NOT_LITERAL, env_text, literal
from framework.problems import Problem

SECRET_TYPES = {"SecretStr", "SecretBytes"}
FIELD_OPTIONS = ("description", "examples", "alias", "validation_alias")


@dataclass(frozen=True)
class Setting:
    """A field of a settings class and the facts `.env.example` shows about its variable."""

    attribute: str
    alias: str | None
    description: str
    required: bool
    secret: bool
    example: str | None
    default: str | None
    choices: tuple[str, ...]
    path: Path
    line: int


@dataclass(frozen=True)
class _Declared:
    """What a field statement says, before the contract's rules are applied."""

    annotation: ast.expr
    options: dict[str, object]
    has_default: bool
    default: object


def read_field(
    path: Path, node: ast.AnnAssign, docstring: str | None
) -> tuple[Setting | None, list[Problem]]:
    """The setting a field statement declares, or the problems that stop reading it."""
    assert isinstance(node.target, ast.Name)
    name = node.target.id
    declared, problems = _declared(path, node)
    if problems:
        return None, problems
    description = declared.options.get("description") or docstring
    secret = _mentions(declared.annotation, SECRET_TYPES)
    example = _example(declared, secret)
    setting = Setting(
        attribute=name,
        alias=_alias(declared.options),
        description=inspect.cleandoc(str(description)) if description else "",
        required=not declared.has_default,
        secret=secret,
        example=example,
        default=_default_text(declared, secret),
        choices=_choices(declared.annotation),
        path=path,
        line=node.lineno,
    )
    return setting, list(_rule_problems(setting, declared))


def is_field(node: ast.stmt) -> bool:
    """A class-body statement that declares a pydantic field (not private, not a ClassVar)."""
    if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
        return False
    name = node.target.id
    return not name.startswith("_") and name != "model_config" and not _is_classvar(node)


def _declared(path: Path, node: ast.AnnAssign) -> tuple[_Declared, list[Problem]]:
    annotation, call = _unwrap_annotated(node.annotation)
    if _is_field_call(node.value):
        call = node.value
    options, problems = _field_options(path, node, call)
    if node.value is not None and node.value is not call:
        has_default, default = True, literal(node.value)  # `x: Annotated[T, Field()] = value`
    elif call is not None:
        has_default, default = _call_default(call)
    else:
        has_default, default = False, NOT_LITERAL
    return _Declared(annotation, options, has_default, default), problems


def _rule_problems(setting: Setting, declared: _Declared) -> list[Problem]:
    """The contract's rules: a description, an example, and no secret kept in code."""
    place = (setting.path, setting.line)
    problems = []
    if not setting.description:
        problems.append(
            Problem(
                *place,
                f"setting `{setting.attribute}` has no description for .env.example; write a"
                " docstring on the line after it, or Field(description=...)",
            )
        )
    if setting.secret and declared.has_default and declared.default is not None:
        problems.append(
            Problem(
                *place,
                f"setting `{setting.attribute}` is a secret with a default in code; remove the"
                " default so it must come from the environment or .env",
            )
        )
    elif setting.example is None:
        why = "is required, so" if setting.required else "has no default to show, so"
        problems.append(
            Problem(
                *place,
                f"setting `{setting.attribute}` {why} .env.example needs an example value;"
                ' add Field(examples=["..."]) (a placeholder, never a real secret)',
            )
        )
    return problems


def _example(declared: _Declared, secret: bool) -> str | None:
    """The first of `examples`, else a literal default; a secret's default is never shown."""
    examples = declared.options.get("examples")
    if isinstance(examples, list | tuple) and examples:
        return env_text(examples[0])
    return _default_text(declared, secret) if declared.has_default else None


def _default_text(declared: _Declared, secret: bool) -> str | None:
    """A literal default as the variable would carry it; None for a secret's or a computed one."""
    if secret or declared.default in (None, NOT_LITERAL):
        return None
    return env_text(declared.default)


def _alias(options: dict[str, object]) -> str | None:
    for key in ("validation_alias", "alias"):
        value = options.get(key)
        if isinstance(value, str):
            return value
    return None


def _field_options(
    path: Path, node: ast.AnnAssign, call: ast.Call | None
) -> tuple[dict[str, object], list[Problem]]:
    """The options of `Field(...)` the contract reads, each of which must be a literal."""
    if call is None:
        return {}, []
    options: dict[str, object] = {}
    problems = []
    for keyword in call.keywords:
        if keyword.arg is None or keyword.arg in FIELD_OPTIONS:
            value = literal(keyword.value)
            if value is NOT_LITERAL or not _option_shape_ok(keyword.arg, value):
                problems.append(_unreadable_option(path, node, keyword.arg))
            elif keyword.arg is not None:
                options[keyword.arg] = value
    return options, problems


def _option_shape_ok(key: str | None, value: object) -> bool:
    if key == "examples":
        return isinstance(value, list | tuple)
    return isinstance(value, str)


def _unreadable_option(path: Path, node: ast.AnnAssign, key: str | None) -> Problem:
    assert isinstance(node.target, ast.Name)
    shown = f"{key}=" if key else "**"
    wanted = "a list of literals" if key == "examples" else "a string literal"
    return Problem(
        path,
        node.lineno,
        f"cannot read Field({shown}...) of `{node.target.id}` without running the code, and"
        f" .env.example needs it; write it as {wanted}",
    )


def _call_default(call: ast.Call) -> tuple[bool, object]:
    """Whether `Field(...)` gives a default, and the default when it is a literal."""
    for keyword in call.keywords:
        if keyword.arg == "default":
            return _default_of(keyword.value)
        if keyword.arg == "default_factory":
            return True, NOT_LITERAL
    if call.args:
        return _default_of(call.args[0])
    return False, NOT_LITERAL


def _default_of(node: ast.expr) -> tuple[bool, object]:
    """`Field(...)` with Ellipsis (`...`) declares a required field, like no default at all."""
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return False, NOT_LITERAL
    return True, literal(node)


def _unwrap_annotated(annotation: ast.expr) -> tuple[ast.expr, ast.Call | None]:
    """`Annotated[T, Field(...)]` as T and the Field call; any other annotation as itself."""
    if (
        isinstance(annotation, ast.Subscript)
        and _name_of(annotation.value) == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
    ):
        first, *metadata = annotation.slice.elts
        calls = [item for item in metadata if _is_field_call(item)]
        return first, calls[0] if calls else None
    return annotation, None


def _is_field_call(node: ast.expr | None) -> TypeGuard[ast.Call]:
    return isinstance(node, ast.Call) and _name_of(node.func) == "Field"


def _is_classvar(node: ast.AnnAssign) -> bool:
    annotation = node.annotation
    head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return _name_of(head) == "ClassVar"


def _name_of(node: ast.expr) -> str:
    """`Field` for both `Field` and `pydantic.Field`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _mentions(annotation: ast.expr, names: set[str]) -> bool:
    """Whether any part of a type (`SecretStr | None`, `Optional[SecretStr]`) is one of `names`."""
    return any(
        _name_of(node) in names for node in ast.walk(annotation) if isinstance(node, ast.expr)
    )


def _choices(annotation: ast.expr) -> tuple[str, ...]:
    """The values of a `Literal[...]` anywhere in the type, as they are written in the variable."""
    for node in ast.walk(annotation):
        if isinstance(node, ast.Subscript) and _name_of(node.value) == "Literal":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            values = [literal(item) for item in items]
            return tuple(env_text(value) for value in values if value is not NOT_LITERAL)
    return ()
