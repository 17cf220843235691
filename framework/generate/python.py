"""Small helpers for writing Python source: annotations for spec types, and their imports."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from framework.specs.types import TypeRef

SCHEMAS_MODULE = "shared.generated.schemas"
LINE_LENGTH = 100  # the template's ruff line-length
SCALAR_TYPES: dict[str, tuple[str, str | None]] = {
    "int": ("int", None),
    "float": ("float", None),
    "bool": ("bool", None),
    "string": ("str", None),
    "datetime": ("datetime", "datetime"),
    "date": ("date", "datetime"),
    "uuid": ("UUID", "uuid"),
    "decimal": ("Decimal", "decimal"),
}


@dataclass
class Imports:
    """`from module import name` lines a module needs; ruff sorts them afterwards."""

    names: dict[str, set[str]] = field(default_factory=dict)

    def add(self, module: str, *names: str) -> None:
        self.names.setdefault(module, set()).update(names)

    def render(self) -> str:
        return "".join(
            f"from {module} import {', '.join(sorted(names))}\n"
            for module, names in sorted(self.names.items())
        )


def annotation(parsed: TypeRef, imports: Imports) -> str:
    """The Python annotation of a spec type, adding what it needs to `imports`."""
    if parsed.kind == "scalar":
        name, module = SCALAR_TYPES[parsed.name]
        if module:
            imports.add(module, name)
        return name
    if parsed.kind == "named":
        imports.add(SCHEMAS_MODULE, parsed.name)
        return parsed.name
    assert parsed.item is not None
    item = annotation(parsed.item, imports)
    return f"list[{item}]" if parsed.kind == "list" else f"dict[str, {item}]"


def docstring(text: str, indent: str) -> str:
    r"""A one-paragraph docstring for generated code, safe whatever the spec's text holds.

    Backslashes are escaped (`\N` or `\x` in a description would not even compile), and so
    are characters that cannot stand in source (NUL, lone surrogates); a triple quote cannot
    end the string early. Long text is wrapped to the project's line length.
    """
    cleaned = _escaped(" ".join(text.split()).replace('"""', "'''").rstrip(".")) + "."
    width = LINE_LENGTH - len(indent) - 6
    if len(cleaned) <= width:
        return f'{indent}"""{cleaned}"""\n'
    lines = textwrap.wrap(cleaned, width, break_long_words=False, break_on_hyphens=False)
    body = "".join(f"{indent}{line}\n" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}{indent}"""\n'


def _escaped(text: str) -> str:
    text = text.replace("\\", "\\\\")
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    """The escape sequence of a character that may not appear in source as itself."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def camel(name: str) -> str:
    """`user_accounts` as `UserAccounts`."""
    return "".join(part.capitalize() for part in name.split("_"))


def humane(name: str) -> str:
    """`create_book` as `Create book`, for a docstring the spec left out."""
    return name.replace("_", " ").capitalize()
