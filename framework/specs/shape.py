"""Validate one document against its format model and turn pydantic's errors into spec problems."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from framework.problems import Problem
from framework.specs.source import Document, KeyPath

Model = TypeVar("Model", bound=BaseModel)


def validate_shape(document: Document, model: type[Model]) -> tuple[Model | None, list[Problem]]:
    """The document as `model`, or None and a problem for every error pydantic reports."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        items = _without_typo_echoes(error.errors())
        return None, [_problem(document, model, item) for item in items]


def _without_typo_echoes(items: list[Any]) -> list[Any]:
    """Drop "missing key 'type'" when the same mapping has an unknown key like 'tipe'.

    The unknown key's "did you mean" already says everything; the missing key is its echo.
    """
    unknown = {
        (tuple(item["loc"][:-1]), str(item["loc"][-1]))
        for item in items
        if item["type"] == "extra_forbidden"
    }

    def echoed(item: Any) -> bool:
        parent, key = tuple(item["loc"][:-1]), str(item["loc"][-1])
        typos = [typo for where, typo in unknown if where == parent]
        return bool(difflib.get_close_matches(key, typos, n=1))

    return [item for item in items if not (item["type"] == "missing" and echoed(item))]


def _problem(document: Document, model: type[BaseModel], item: Any) -> Problem:
    path: KeyPath = tuple(part for part in item["loc"] if not _is_key_marker(part))
    at_key = any(_is_key_marker(part) for part in item["loc"])
    if item["type"] == "extra_forbidden":
        allowed = allowed_keys(model, path[:-1])
        key = str(path[-1])
        return document.problem(path, f"unknown key {key!r}{suggest(key, allowed)}", at_key=True)
    if item["type"] == "missing":
        return document.problem(path[:-1], f"missing key {path[-1]!r}")
    return document.problem(path, _message(document, path, item), at_key=at_key)


def _message(document: Document, path: KeyPath, item: Any) -> str:
    literal = document.literals.get(path, document.key_literals.get(path))
    if literal is not None and item.get("input", "") in (True, False, None):
        meaning = {True: "true", False: "false", None: "null"}[item["input"]]
        return (
            f"YAML reads the unquoted word {literal} as {meaning}, not as a name;"
            f' quote it: "{literal}"'
        )
    if item["type"] == "string_pattern_mismatch" and isinstance(item.get("input"), str):
        return f"{item['input']!r} is not allowed here: {_pattern_hint(item)}"
    message = str(item["msg"]).removeprefix("Value error, ")
    return message[0].lower() + message[1:]


def _is_key_marker(part: Any) -> bool:
    """pydantic adds `[key]` to the location of an invalid dict key."""
    return isinstance(part, str) and part.endswith("[key]")


def _pattern_hint(item: Any) -> str:
    pattern = str(item.get("ctx", {}).get("pattern", ""))
    if pattern.startswith("^[a-z]"):
        return "use lowercase letters, digits and underscores, starting with a letter"
    if pattern.startswith("^[A-Z]"):
        return "use a CamelCase name starting with an uppercase letter"
    return f"it must match {pattern}"


def suggest(word: str, choices: list[str]) -> str:
    """` (did you mean 'x'?)`, or a list of what is allowed, or nothing."""
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if choices:
        return f" (expected one of: {', '.join(sorted(choices))})"
    return ""


def allowed_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    """The keys the model accepts at `path` (dict keys and list indexes are stepped over)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field_named(current, str(part))
            current = field.annotation if field else None
        else:
            current = _item_type(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items()]
    return []


def _field_named(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in {name, field.alias}:
            return field
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional down to the type that has keys."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else None
        else:
            return annotation


def _item_type(annotation: Any) -> Any:
    """The value type of dict[K, V] or list[V]."""
    args = typing.get_args(annotation)
    return args[-1] if args else None
