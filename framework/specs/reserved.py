"""Names the generated code already uses, so no spec may take them.

A model called `Field` would meet pydantic's `Field` in the schemas module (the code generator
renames one of them without a word), an operation called `router` would replace the router its
siblings are registered on, a parameter called `data` would collide with the request body. Each
is refused here with the reason, instead of breaking the app at import or, worse, at run time.
"""

from __future__ import annotations

import builtins
import re

# Every capitalised name a generated module imports or defines at module level.
GENERATED_NAMES = {
    "pydantic": {"AwareDatetime", "BaseModel", "ConfigDict", "Field", "RootModel", "TypeAdapter"},
    "the standard library": {
        "Annotated", "Any", "Callable", "Decimal", "Enum", "Literal", "Optional", "Protocol",
        "StrEnum", "UUID", "Union",
    },
    "FastAPI": {
        "APIRouter", "Depends", "FastAPI", "HTTPValidationError", "Path", "Query", "Request",
        "ValidationError",
    },
    "FastStream": {"RedisBroker"},
    "shared.events": {"ErrorMessage", "Event", "Handler"},
    "the generated clients": {"IDEMPOTENT", "RETRY_STATUSES"},
    "the generated events module": {"EVENTS"},
}  # fmt: skip
_BUILTIN_CLASSES = {name for name in dir(builtins) if re.fullmatch(r"[A-Z][A-Za-z0-9]*", name)}

# Names bound where generated route functions and handlers live, or used in their bodies.
OPERATION_NAMES = {
    "router": "the generated router module's APIRouter",
    "provide_controller": "the controller dependency the generated router receives",
    "provide_event_controller": "the controller dependency the generated subscribers receive",
    "build_router": "the generated router module's function",
    "include_routers": "the function that includes every generated router",
    "include_subscribers": "the function that subscribes every event-driven operation",
    "subscribe": "the generated subscribers module's function",
}
PARAMETER_NAMES = {
    "self": "the controller method's first parameter",
    "data": "the request body's parameter",
    "controller": "the generated route's controller parameter",
    "request": "the generated route's request parameter",
    "result": "the generated route's local variable for the controller's answer",
    "broker": "the generated route's broker variable",
    "response": "the generated client's local variable for the answer",
}


def class_name_problem(name: str) -> str | None:
    """Why a model or enum may not be called `name`, or None if it may."""
    for source, names in GENERATED_NAMES.items():
        if name in names:
            return (
                f"{name!r} is a name the generated code imports from {source};"
                " choose another name (for example with a prefix of your domain)"
            )
    if name in _BUILTIN_CLASSES:
        return f"{name!r} is a Python built-in; choose another name"
    return None


def function_name_problem(name: str, events: list[str], taken: dict[str, str]) -> str | None:
    """Why an operation or parameter may not be called `name`: it is in `taken` or an event's."""
    if name in taken:
        return f"{name!r} is taken by {taken[name]}; choose another name"
    for event in events:
        if name in {f"publish_{event}", f"subscribe_{event}"}:
            return f"{name!r} is the generated function of event {event!r}; choose another name"
    return None
