"""Settings classes read from source: which classes are settings, their config and fields.

A class is a settings class when it derives from pydantic-settings' `BaseSettings`, directly or
through classes of the project (`shared.settings.RedisSettings`). Its variables are its own
fields and those it inherits, named as pydantic-settings names them: `env_prefix` plus the field
name, or the field's alias, upper-cased unless `case_sensitive` is set. `model_config` is merged
along the bases like pydantic merges it, so a prefix set in a base applies to its subclasses.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from framework.environment.fields import Setting, is_field, read_field
from framework.environment.literals import NOT_LITERAL, literal
from framework.environment.modules import Found, Modules
from framework.problems import Problem

SETTINGS_BASES = {"pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings"}
CONFIG_KEYS = ("env_prefix", "case_sensitive")
CONFIG_CALLS = {"SettingsConfigDict", "ConfigDict", "dict"}


@dataclass
class Reading:
    """A settings class with what it inherits: config, fields by attribute, files, problems."""

    config: dict[str, object] = field(default_factory=dict)
    fields: dict[str, Setting] = field(default_factory=dict)
    files: set[Path] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def absorb(self, other: Reading) -> None:
        self.config.update(other.config)
        self.fields.update(other.fields)
        self.files |= other.files
        self.problems += other.problems

    def variables(self) -> dict[str, Setting]:
        """The environment variable each field reads, as pydantic-settings names it."""
        prefix = str(self.config.get("env_prefix") or "")
        exact = self.config.get("case_sensitive") is True
        found = {}
        for attribute, setting in self.fields.items():
            name = setting.alias or f"{prefix}{attribute}"
            found[name if exact else name.upper()] = setting
        return found


class SettingsReader:
    """Reads the settings classes one service can see, each class once."""

    def __init__(self, modules: Modules) -> None:
        self.modules = modules
        self._readings: dict[Found, Reading] = {}

    def is_settings(self, found: Found, seen: frozenset[Found] = frozenset()) -> bool:
        """Whether the class derives, through project classes, from `BaseSettings`."""
        for base in found.node.bases:
            resolved = self.modules.resolve(found.module, base)
            if resolved in SETTINGS_BASES:
                return True
            if (
                isinstance(resolved, Found)
                and resolved not in seen
                and self.is_settings(resolved, seen | {found})
            ):
                return True
        return False

    def read(self, found: Found) -> Reading:
        """The class's config and fields, inherited ones first (later bases lose to earlier)."""
        if found not in self._readings:
            self._readings[found] = Reading()  # a cycle of bases reads as empty, not forever
            reading = Reading(files={found.module.path})
            for base in reversed(found.node.bases):
                resolved = self.modules.resolve(found.module, base)
                if isinstance(resolved, Found) and self.is_settings(resolved):
                    reading.absorb(self.read(resolved))
            reading.absorb(_own(found))
            self._readings[found] = reading
        return self._readings[found]


def _own(found: Found) -> Reading:
    """What the class body itself declares."""
    reading = Reading()
    body = found.node.body
    for index, statement in enumerate(body):
        config = _config_value(statement)
        if config is not None:
            reading.config, problems = _read_config(found.module.path, config)
            reading.problems += problems
        elif is_field(statement):
            assert isinstance(statement, ast.AnnAssign)
            setting, problems = read_field(
                found.module.path, statement, _docstring_after(body, index)
            )
            reading.problems += problems
            if setting is not None:
                reading.fields[setting.attribute] = setting
    return reading


def _config_value(statement: ast.stmt) -> ast.expr | None:
    """The value of `model_config = ...` (annotated or not); None for any other statement."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return None
    return value if isinstance(target, ast.Name) and target.id == "model_config" else None


def _read_config(path: Path, value: ast.expr) -> tuple[dict[str, object], list[Problem]]:
    """The keys of `model_config` that name variables; each must be a literal."""
    entries = _config_entries(value)
    if entries is None:
        return {}, [_unreadable_config(path, value.lineno, "model_config")]
    config: dict[str, object] = {}
    problems = []
    for key, node in entries:
        if key is None:
            problems.append(_unreadable_config(path, node.lineno, "** in model_config"))
        elif key in CONFIG_KEYS:
            config[key] = literal(node)
            if config[key] is NOT_LITERAL:
                problems.append(_unreadable_config(path, node.lineno, key))
    return config, problems


def _config_entries(value: ast.expr) -> list[tuple[str | None, ast.expr]] | None:
    """`SettingsConfigDict(key=...)` or `{"key": ...}` as (key, value) pairs; None otherwise."""
    if isinstance(value, ast.Call) and _called_name(value) in CONFIG_CALLS and not value.args:
        return [(keyword.arg, keyword.value) for keyword in value.keywords]
    return _dict_entries(value) if isinstance(value, ast.Dict) else None


def _dict_entries(value: ast.Dict) -> list[tuple[str | None, ast.expr]] | None:
    """A dict display's pairs; None when a key is not a string literal (`**` gives key None)."""
    keys = [None if key is None else literal(key) for key in value.keys]
    if not all(key is None or isinstance(key, str) for key in keys):
        return None
    return [
        (key if isinstance(key, str) else None, item)
        for key, item in zip(keys, value.values, strict=True)
    ]


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _unreadable_config(path: Path, line: int, what: str) -> Problem:
    return Problem(
        path,
        line,
        f"cannot read {what} without running the code, and the variables' names depend on it;"
        " write model_config = SettingsConfigDict(...) with literal values",
    )


def _docstring_after(body: list[ast.stmt], index: int) -> str | None:
    """The string literal right after a field: its attribute docstring."""
    if index + 1 < len(body):
        following = body[index + 1]
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return following.value.value
    return None
