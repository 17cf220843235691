"""`services/<service>/spec/consumes.yaml`: the operations a service calls on others.

The file names each provider service and the operations used; each must be an HTTP operation
of that service's specs, so a typed client can be generated from them. A consumer naming an
unknown service or operation is a problem at that name.
"""

from __future__ import annotations

from collections.abc import Iterable

from framework.generate.clients import exception_name
from framework.generate.python import camel
from framework.names import module_name
from framework.project import Package
from framework.specs.format import ConsumesFile
from framework.specs.model import Consumer, Domain, Operation
from framework.specs.operations import read_pyproject
from framework.specs.resolution import Resolution
from framework.specs.shape import suggest
from framework.specs.source import Document, KeyPath

CONSUMES = "consumes"


def resolve_consumers(
    resolution: Resolution, documents: Iterable[tuple[Package, Document]], domains: list[Domain]
) -> list[Consumer]:
    """The consumers declared by `(service, document)` pairs, against every service's domains."""
    consumers = []
    for service, document in documents:
        spec = resolution.shape(document, ConsumesFile)
        if spec is not None:
            uses = _Uses(resolution, document, domains).of(spec)
            package = module_name(service.name, read_pyproject(service.pyproject))
            consumers.append(Consumer(service.name, package, document.file, uses))
    return consumers


class _Uses:
    def __init__(self, resolution: Resolution, document: Document, domains: list[Domain]) -> None:
        self.resolution = resolution
        self.document = document
        self.routes = {
            (domain.service, operation.name): operation
            for domain in domains
            for operation in domain.routes
        }

    def of(self, spec: ConsumesFile) -> dict[str, tuple[Operation, ...]]:
        uses = {}
        for index, consumed in enumerate(spec.consumes):
            where: KeyPath = ("consumes", index)
            operations = self._operations(where, consumed.service)
            chosen = [
                _chosen(self.resolution, self.document, (*where, "operations", i), name, operations)
                for i, name in enumerate(consumed.operations)
            ]
            uses[consumed.service] = tuple(op for op in chosen if op is not None)
            self._check_names((*where, "service"), consumed.service, uses[consumed.service])
        return uses

    def _check_names(self, where: KeyPath, service: str, operations: tuple[Operation, ...]) -> None:
        """The client's class names share its module with the classes of models.yaml."""
        prefix = camel(service)
        names = [f"{prefix}Client", f"{prefix}Error"]
        names += [
            exception_name(op, status)
            for op in operations
            for status in (op.rest.errors if op.rest else {})
        ]
        for name in names:
            if self.resolution.is_class(name) or name in self.resolution.enums:
                self.resolution.report(
                    self.document,
                    where,
                    f"the client of {service!r} defines {name}, which models.yaml declares;"
                    " rename that model",
                )

    def _operations(self, where: KeyPath, service: str) -> dict[str, Operation] | None:
        """The HTTP operations of `service`, or None (reported) when it has none."""
        operations = {name: op for (owner, name), op in self.routes.items() if owner == service}
        if not operations:
            providers = sorted({owner for owner, _ in self.routes})
            self.resolution.report(
                self.document,
                (*where, "service"),
                f"no service {service!r} with HTTP operations{suggest(service, providers)}",
            )
            return None
        return operations


def _chosen(
    resolution: Resolution,
    document: Document,
    where: KeyPath,
    name: str,
    operations: dict[str, Operation] | None,
) -> Operation | None:
    if operations is None:
        return None
    if name not in operations:
        resolution.report(
            document,
            where,
            f"the service has no HTTP operation {name!r}{suggest(name, list(operations))}",
        )
        return None
    return operations[name]
