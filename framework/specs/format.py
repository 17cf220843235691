"""The spec format, version 1, as pydantic models: the shape of each YAML file.

These models check shape only (keys, value types, identifiers). Whether a type name exists or a
path parameter is declared is a question about all files together; `framework.specs.loader`
answers it.
"""

from __future__ import annotations

import keyword
import math
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
CLASS_NAME = r"^[A-Z][A-Za-z0-9]*$"


def _not_a_keyword(name: str) -> str:
    """Hard keywords only: `match`, `case` and `type` are names like any other in Python."""
    if keyword.iskeyword(name):
        raise ValueError(f"{name!r} is a Python keyword; choose another name")
    return name


Identifier = Annotated[str, Field(pattern=IDENTIFIER), AfterValidator(_not_a_keyword)]
ClassName = Annotated[str, Field(pattern=CLASS_NAME), AfterValidator(_not_a_keyword)]


def _finite(value: Any) -> Any:
    """A limit of `.inf` or `.nan` would be written into generated code as an undefined name."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a limit must be a finite number, not {value}")
    return value


def _success_status(status: int) -> int:
    if not 200 <= status <= 299:
        raise ValueError(
            f"{status} is not a success status; status is the 2xx answer of a success,"
            " error statuses go under errors"
        )
    return status


def _error_status(status: int) -> int:
    if not 400 <= status <= 599:
        raise ValueError(f"{status} is not an error status (4xx or 5xx); errors lists those")
    return status


Number = Annotated[int | Decimal, BeforeValidator(_finite)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Constraints(Strict):
    """Limits a value must respect; they become pydantic field constraints."""

    ge: Number | None = None
    gt: Number | None = None
    le: Number | None = None
    lt: Number | None = None
    min_length: Annotated[int, Field(ge=0)] | None = None
    max_length: Annotated[int, Field(ge=0)] | None = None
    pattern: str | None = None


class FieldSpec(Constraints):
    """One field of a model; `title: string` is short for `title: {type: string}`."""

    type: str
    optional: bool = False
    default: Any = None
    description: str | None = None
    readonly: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"type": data} if isinstance(data, str) else data

    @property
    def has_default(self) -> bool:
        return "default" in self.model_fields_set


class VariantSpec(Strict):
    """A variant `V` of model `M` is the class `MV`: some fields optional, some left out."""

    optional: list[Identifier] = []
    exclude: list[Identifier] = []


class ModelSpec(Strict):
    description: str | None = None
    fields: Annotated[dict[Identifier, FieldSpec], Field(min_length=1)]
    variants: dict[ClassName, VariantSpec] = {}


class ModelsFile(Strict):
    """`shared/spec/models.yaml`: enums and models."""

    version: Literal[1] = 1
    enums: dict[ClassName, Annotated[list[Identifier], Field(min_length=1)]] = {}
    models: dict[ClassName, ModelSpec] = {}


class EventSpec(Strict):
    message: str
    channel: Annotated[str, Field(pattern=r"^[a-z0-9_.:-]+$")] | None = None
    description: str | None = None
    publish: bool = True
    subscribe: bool = True


class EventsFile(Strict):
    """`shared/spec/events.yaml`: events that cross services."""

    version: Literal[1] = 1
    events: dict[Identifier, EventSpec] = {}


class ParamSpec(Constraints):
    """A path parameter (the default) or a query parameter of an operation."""

    name: Identifier
    type: str
    location: Literal["path", "query"] = Field(default="path", alias="in")
    description: str | None = None
    default: Any = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def has_default(self) -> bool:
        return "default" in self.model_fields_set


# The success status a method answers with when the spec does not say.
DEFAULT_STATUS = {"POST": 201, "DELETE": 204}


class OperationRest(Strict):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str = ""
    status: Annotated[int, AfterValidator(_success_status)] | None = None
    errors: dict[Annotated[int, AfterValidator(_error_status)], str] = {}

    @property
    def success_status(self) -> int:
        """`status`, or 201 for POST, 204 for DELETE and 200 for the others."""
        return self.status or DEFAULT_STATUS.get(self.method, 200)


class OperationEvents(Strict):
    """The events an operation takes part in: triggered by one, publishing others."""

    subscribe: Identifier | None = None
    publish_on_success: Identifier | None = None
    publish_on_error: Identifier | None = None


class OperationSpec(Strict):
    description: str | None = None
    params: list[ParamSpec] = []
    input: str | None = None
    output: str | None = None
    rest: OperationRest | None = None
    events: OperationEvents = OperationEvents()


class DomainRest(Strict):
    prefix: Annotated[str, Field(pattern=r"^(/[a-z0-9_{}-]+)*$")] = ""
    tags: list[str] = []


class DomainFile(Strict):
    """`services/<service>/spec/<domain>.yaml`: the operations of one domain."""

    version: Literal[1] = 1
    domain: Identifier
    description: str | None = None
    rest: DomainRest = DomainRest()
    operations: Annotated[dict[Identifier, OperationSpec], Field(min_length=1)]


class ConsumedService(Strict):
    """Another service's operations this service calls over HTTP."""

    service: str
    domain: Identifier | None = None  # optional: operation names are unique in a service
    operations: Annotated[list[Identifier], Field(min_length=1)]


class ConsumesFile(Strict):
    """`services/<service>/spec/consumes.yaml`: the services it calls and what it uses of each."""

    version: Literal[1] = 1
    consumes: list[ConsumedService] = []
