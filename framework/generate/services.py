"""Per service: controller Protocols, FastAPI routers and the registry that includes them.

For a service with `spec/<domain>.yaml` files, under `src/<package>/generated/`:

    protocols.py            `<Domain>ControllerProtocol`: one async method per operation
    routers/<domain>.py     `build_router(provide_controller)`: validates, calls, sets the status,
                            publishes the `publish_on_success` event
    routers/__init__.py     `include_routers(app)`: every domain's router, each with the
                            `provide_controller` dependency of `<package>.controllers.<domain>`

The routers find the FastStream broker at `app.state.broker`, where the app keeps it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath

from framework.generate.python import Imports, annotation, camel, docstring, humane
from framework.specs.format import Constraints
from framework.specs.model import Domain, Operation, Param
from framework.specs.storable import effective_limits

LIMITS = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern")


def generated_dir(domain: Domain) -> PurePosixPath:
    return PurePosixPath("services", domain.service, "src", domain.package, "generated")


def protocol_name(domain: Domain) -> str:
    return f"{camel(domain.name)}ControllerProtocol"


def render_protocols(domains: list[Domain], header: str) -> str:
    imports = Imports()
    # Runtime-checkable: FastStream's dependency injection validates the controller a
    # subscriber receives with isinstance, which a plain Protocol refuses.
    imports.add("typing", "Protocol", "runtime_checkable")
    classes = []
    for domain in domains:
        body = docstring(
            domain.spec.description
            or f"The operations of the {domain.name} domain ({domain.file})",
            "    ",
        )
        for operation in domain.operations:
            body += f"\n    {method_signature(operation, imports)}:\n"
            body += docstring(operation.spec.description or humane(operation.name), "        ")
            body += "        ...\n"
        classes.append(f"@runtime_checkable\nclass {protocol_name(domain)}(Protocol):\n{body}")
    return (
        header
        + '"""Controller protocols: the hand-written controllers implement one each."""\n\n'
        + "from __future__ import annotations\n\n"
        + imports.render()
        + "\n\n"
        + "\n\n".join(classes)
    )


def method_signature(operation: Operation, imports: Imports) -> str:
    """`async def name(self, param: T, data: Input) -> Output`: the controller's method."""
    arguments = [
        f"{param.spec.name}: {annotation(param.type, imports)}" for param in operation.params
    ]
    if operation.spec.input:
        arguments.append(f"data: {operation.spec.input}")
        imports.add("shared.generated.schemas", operation.spec.input)
    returns = annotation(operation.output, imports) if operation.output else "None"
    return f"async def {operation.name}({', '.join(['self', *arguments])}) -> {returns}"


def render_router(domain: Domain, header: str) -> str:
    imports = Imports()
    imports.add("collections.abc", "Callable")
    imports.add("typing", "Annotated")
    imports.add("fastapi", "APIRouter", "Depends")
    imports.add(f"{domain.package}.generated.protocols", protocol_name(domain))
    controller = f"Annotated[{protocol_name(domain)}, Depends(provide_controller)]"
    routes = [_route(operation, controller, imports) for operation in domain.routes]
    prefix = domain.spec.rest.prefix
    tags = list(domain.spec.rest.tags) or [domain.name]
    return (
        header
        + docstring(f"HTTP routes of the {domain.name} domain, from {domain.file}", "")
        + "\n# No `from __future__ import annotations`: FastAPI reads these annotations at run\n"
        + "# time, and the controller dependency is a local name of build_router.\n"
        + imports.render()
        + "\n\n"
        + f"def build_router(provide_controller: Callable[..., {protocol_name(domain)}])"
        + " -> APIRouter:\n"
        + docstring("The routes; each request gets its controller from provide_controller", "    ")
        + f"    router = APIRouter(prefix={prefix!r}, tags={tags!r})\n\n"
        + "\n".join(routes)
        + "\n    return router\n"
    )


def _route(operation: Operation, controller: str, imports: Imports) -> str:
    """One route: the decorator, the function FastAPI calls, and its call of the controller."""
    rest = operation.rest
    assert rest is not None
    arguments = _route_arguments(operation, controller, imports)
    returns = annotation(operation.output, imports) if operation.output else "None"
    body = docstring(operation.spec.description or humane(operation.name), "        ")
    return (
        f"    @router.{rest.method.lower()}({', '.join(_route_options(operation))})\n"
        f"    async def {operation.name}({', '.join(arguments)}) -> {returns}:\n"
        f"{body}{_route_body(operation)}"
    )


def _route_options(operation: Operation) -> list[str]:
    """The decorator's arguments: the path, a status other than 200, the documented errors."""
    rest = operation.rest
    assert rest is not None
    options = [repr(rest.path), f"operation_id={operation.name!r}"]
    if rest.success_status != 200:
        options.append(f"status_code={rest.success_status}")
    if rest.errors:
        responses = ", ".join(
            f"{status}: {{'description': {text!r}}}" for status, text in sorted(rest.errors.items())
        )
        options.append(f"responses={{{responses}}}")
    return options


def _route_arguments(operation: Operation, controller: str, imports: Imports) -> list[str]:
    """The request, the controller, the body and the parameters, as FastAPI injects them."""
    arguments = [_route_param(param, imports) for param in operation.params]
    if operation.spec.input:
        imports.add("shared.generated.schemas", operation.spec.input)
        arguments.insert(0, f"data: {operation.spec.input}")
    arguments.insert(0, f"controller: {controller}")
    if operation.event:
        imports.add("fastapi", "Request")
        imports.add("shared.generated.events", f"publish_{operation.event.name}")
        arguments.insert(0, "request: Request")
    # Python wants parameters with defaults last; FastAPI does not mind the order.
    arguments.sort(key=lambda argument: " = " in argument)
    return arguments


def _route_body(operation: Operation) -> str:
    """Call the controller; publish the result first when the operation has an event."""
    call = [param.spec.name for param in operation.params]
    if operation.spec.input:
        call.append("data")
    invoke = f"await controller.{operation.name}({', '.join(call)})"
    if operation.output is None:
        return f"        {invoke}\n"
    if operation.event:
        return (
            f"        result = {invoke}\n"
            f"        await publish_{operation.event.name}(request.app.state.broker, result)\n"
            "        return result\n"
        )
    return f"        return {invoke}\n"


def _route_param(param: Param, imports: Imports) -> str:
    kind = "Path" if param.spec.location == "path" else "Query"
    text = annotation(param.type, imports)
    options = _limits(effective_limits(param.spec, param.type))
    if param.spec.description:
        options.append(f"description={param.spec.description!r}")
    default = f" = {param.spec.default!r}" if param.spec.has_default else ""
    if param.spec.location == "query" and not param.spec.has_default:
        text, default = f"{text} | None", " = None"
    if not options:
        return f"{param.spec.name}: {text}{default}"
    imports.add("fastapi", kind)
    return f"{param.spec.name}: Annotated[{text}, {kind}({', '.join(options)})]{default}"


def _limits(spec: Constraints | None) -> list[str]:
    options: list[str] = []
    if spec is None:
        return options
    for name in LIMITS:
        value = getattr(spec, name)
        if value is not None:
            shown = float(value) if isinstance(value, Decimal) else value
            options.append(f"{name}={shown!r}")
    return options


def render_registry(domains: list[Domain], header: str) -> str:
    """`include_routers(app)`; modules imported as `<domain>_router` and `<domain>_controller`,
    names no domain, parameter or import can take (a domain called `app` would otherwise)."""
    package = domains[0].package
    imports = Imports()
    imports.add("fastapi", "FastAPI")
    lines = []
    for domain in domains:
        imports.add(f"{package}.generated.routers", f"{domain.name} as {domain.name}_router")
        imports.add(f"{package}.controllers", f"{domain.name} as {domain.name}_controller")
        lines.append(
            f"    app.include_router({domain.name}_router.build_router("
            f"{domain.name}_controller.provide_controller))\n"
        )
    return (
        header
        + '"""Every generated router, included in the app by one call."""\n\n'
        + "from __future__ import annotations\n\n"
        + imports.render()
        + "\n\n"
        + "def include_routers(app: FastAPI) -> None:\n"
        + docstring(f"Include every domain's routes, with its {package}.controllers module", "    ")
        + "".join(lines)
    )
