"""Per service: the subscribers that feed events to event-driven operations.

For a service whose domains have operations with `events.subscribe`, under
`src/<package>/generated/subscribers/`:

    <domain>.py     `subscribe(broker, provide_controller)`: one FastStream subscriber per
                    operation, which calls the controller with the message, publishes the
                    `publish_on_success` event with the result, and on failure publishes the
                    `publish_on_error` event (message and error text) and raises again
    __init__.py     `include_subscribers(broker)`: every domain's subscribers, each with the
                    `provide_event_controller` dependency of `<package>.controllers.<domain>`

The controller comes from FastStream's dependency injection, as a route's comes from FastAPI's:
`provide_event_controller` may ask for what it needs with `Context("name")`. FastStream
validates each message against the operation's input before the handler runs, and logs an
exception a handler raises together with the message id; Redis pub/sub does not redeliver.
"""

from __future__ import annotations

from framework.generate.python import SCHEMAS_MODULE, Imports, docstring, humane
from framework.generate.services import protocol_name
from framework.specs.model import Domain, Operation

EVENTS_MODULE = "shared.generated.events"


def render_subscribers(domain: Domain, header: str) -> str:
    imports = Imports()
    imports.add("collections.abc", "Callable")
    imports.add("typing", "Annotated")
    imports.add("faststream", "Depends")
    imports.add("faststream.redis", "RedisBroker")
    imports.add(f"{domain.package}.generated.protocols", protocol_name(domain))
    controller = f"Annotated[{protocol_name(domain)}, Depends(provide_controller)]"
    handlers = [_handler(operation, controller, imports) for operation in domain.subscribed]
    return (
        header
        + docstring(f"Event subscribers of the {domain.name} domain, from {domain.file}", "")
        + "\n# No `from __future__ import annotations`: FastStream reads these annotations at\n"
        + "# run time, and the controller dependency is a local name of subscribe.\n"
        + imports.render()
        + "\n\n"
        + "def subscribe(broker: RedisBroker, provide_controller: Callable[..., "
        + f"{protocol_name(domain)}]) -> None:\n"
        + docstring(
            "Subscribe each operation to its event, with provide_controller's controller", "    "
        )
        + "\n".join(handlers)
    )


def _handler(operation: Operation, controller: str, imports: Imports) -> str:
    """One subscriber: validate (FastStream does), call, publish the outcome."""
    trigger = operation.trigger
    assert trigger is not None
    assert operation.spec.input is not None
    constant = trigger.name.upper()
    imports.add(EVENTS_MODULE, constant)
    imports.add(SCHEMAS_MODULE, operation.spec.input)
    call = f"await controller.{operation.name}(message)"
    body = _failure_guard(operation, call, imports) + _success(operation, imports)
    return (
        f"\n    @broker.subscriber({constant}.channel)\n"
        f"    async def {operation.name}(\n"
        f"        message: {operation.spec.input}, controller: {controller}\n"
        "    ) -> None:\n"
        + docstring(operation.spec.description or humane(operation.name), "        ")
        + body
    )


def _failure_guard(operation: Operation, call: str, imports: Imports) -> str:
    """The call; with `publish_on_error`, a failure is published before it is raised again."""
    assign = "result = " if operation.event else ""
    error_event = operation.error_event
    if error_event is None:
        return f"        {assign}{call}\n"
    imports.add(EVENTS_MODULE, f"publish_{error_event.name}")
    imports.add(SCHEMAS_MODULE, error_event.message)
    return (
        "        try:\n"
        f"            {assign}{call}\n"
        "        except Exception as error:\n"
        f"            failure = {error_event.message}(message=message, error=str(error))\n"
        f"            await publish_{error_event.name}(broker, failure)\n"
        "            raise\n"
    )


def _success(operation: Operation, imports: Imports) -> str:
    if operation.event is None:
        return ""
    imports.add(EVENTS_MODULE, f"publish_{operation.event.name}")
    return f"        await publish_{operation.event.name}(broker, result)\n"


def render_subscriber_registry(domains: list[Domain], header: str) -> str:
    """`include_subscribers(broker)` over every domain with event-driven operations."""
    package = domains[0].package
    imports = Imports()
    imports.add("faststream.redis", "RedisBroker")
    lines = []
    for domain in domains:
        imports.add(f"{package}.generated.subscribers", f"{domain.name} as {domain.name}_events")
        imports.add(f"{package}.controllers", f"{domain.name} as {domain.name}_controller")
        lines.append(
            f"    {domain.name}_events.subscribe(broker,"
            f" {domain.name}_controller.provide_event_controller)\n"
        )
    return (
        header
        + '"""Every generated subscriber, registered on the broker by one call."""\n\n'
        + "from __future__ import annotations\n\n"
        + imports.render()
        + "\n\n"
        + "def include_subscribers(broker: RedisBroker) -> None:\n"
        + docstring(
            f"Subscribe every event-driven operation, with its {package}.controllers module",
            "    ",
        )
        + "".join(lines)
    )
