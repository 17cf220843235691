"""Small helpers for writing Python source: annotations for spec types, and their imports."""

from __future__ import annotations

from dataclasses import dataclass, field

from framework.specs.types import TypeRef

SCHEMAS_MODULE = "shared.generated.schemas"
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
    """A one-paragraph docstring line for generated code."""
    cleaned = " ".join(text.split()).replace('"""', "'''").rstrip(".")
    return f'{indent}"""{cleaned}."""\n'


def camel(name: str) -> str:
    """`user_accounts` as `UserAccounts`."""
    return "".join(part.capitalize() for part in name.split("_"))


def humane(name: str) -> str:
    """`create_book` as `Create book`, for a docstring the spec left out."""
    return name.replace("_", " ").capitalize()
