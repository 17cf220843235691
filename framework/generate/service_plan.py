"""The generated files of one service, from the domains its spec directory declares.

    generated/__init__.py               the package
    generated/protocols.py              one controller protocol per domain
    generated/routers/...               when an operation has `rest` (and openapi.json with it)
    generated/subscribers/...           when an operation has `events.subscribe`

A worker without HTTP gets no routers and no OpenAPI document; an API without event-driven
operations gets no subscribers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from framework.generate.clients import render_client
from framework.generate.openapi import render_openapi
from framework.generate.services import (
    generated_dir,
    render_protocols,
    render_registry,
    render_router,
)
from framework.generate.subscribers import render_subscriber_registry, render_subscribers
from framework.specs.model import Domain, Specs

Header = Callable[..., str]


def service_outputs(
    specs: Specs, service: str, domains: list[Domain], header: Header
) -> dict[PurePosixPath, str]:
    head = header(*(domain.file for domain in domains))
    base = generated_dir(domains[0])
    outputs = {
        base / "__init__.py": head,
        base / "protocols.py": render_protocols(domains, head),
    }
    with_routes = [domain for domain in domains if domain.routes]
    if with_routes:
        outputs |= _routes(specs, service, with_routes, base, header)
    with_events = [domain for domain in domains if domain.subscribed]
    if with_events:
        outputs |= _subscribers(with_events, base, header)
    return outputs


def _routes(
    specs: Specs, service: str, domains: list[Domain], base: PurePosixPath, header: Header
) -> dict[PurePosixPath, str]:
    """The routers, their registry and the OpenAPI document they serve."""
    outputs = {
        base / "routers" / "__init__.py": render_registry(domains, header(*_files(domains))),
        PurePosixPath("services", service, "openapi.json"): render_openapi(specs, service, domains),
    }
    for domain in domains:
        outputs[base / "routers" / f"{domain.name}.py"] = render_router(domain, header(domain.file))
    return outputs


def _subscribers(
    domains: list[Domain], base: PurePosixPath, header: Header
) -> dict[PurePosixPath, str]:
    """The subscribers of each domain with event-driven operations, and their registry."""
    package = base / "subscribers"
    head = header(*_files(domains))
    outputs = {package / "__init__.py": render_subscriber_registry(domains, head)}
    for domain in domains:
        outputs[package / f"{domain.name}.py"] = render_subscribers(domain, header(domain.file))
    return outputs


def _files(domains: list[Domain]) -> list[object]:
    return [domain.file for domain in domains]


def client_outputs(specs: Specs, header: Header) -> dict[PurePosixPath, str]:
    """For each consumer, a typed client per provider it calls (framework.generate.clients)."""
    outputs: dict[PurePosixPath, str] = {}
    with_domains = {domain.service for domain in specs.domains}
    for consumer in specs.consumers:
        head = header(consumer.file)
        base = PurePosixPath("services", consumer.service, "src", consumer.package, "generated")
        if consumer.service not in with_domains:
            outputs[base / "__init__.py"] = head
        outputs[base / "clients" / "__init__.py"] = head
        for provider, operations in consumer.uses.items():
            text = render_client(consumer, provider, operations, set(specs.enums), head)
            outputs[base / "clients" / f"{provider}.py"] = text
    return outputs
