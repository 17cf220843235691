"""The spec format, version 1, as pydantic models: the shape of each YAML file.

These models check shape only (keys, value types, identifiers). Whether a type name exists or a
path parameter is declared is a question about all files together; `framework.specs.loader`
answers it.
"""

from __future__ import annotations

import keyword
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
CLASS_NAME = r"^[A-Z][A-Za-z0-9]*$"
HTTP_STATUS = Annotated[int, Field(ge=100, le=599)]


def _not_a_keyword(name: str) -> str:
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ValueError(f"{name!r} is a Python keyword; choose another name")
    return name


Identifier = Annotated[str, Field(pattern=IDENTIFIER), AfterValidator(_not_a_keyword)]
ClassName = Annotated[str, Field(pattern=CLASS_NAME)]
Number = int | Decimal


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
    """One field of a model."""

    type: str
    optional: bool = False
    default: Any = None
    description: str | None = None
    readonly: bool = False

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


class OperationRest(Strict):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str = ""
    status: HTTP_STATUS = 200
    errors: dict[HTTP_STATUS, str] = {}


class OperationEvents(Strict):
    publish_on_success: Identifier | None = None


class OperationSpec(Strict):
    description: str | None = None
    params: list[ParamSpec] = []
    input: str | None = None
    output: str | None = None
    rest: OperationRest
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
