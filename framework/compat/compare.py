"""All the comparisons at once: models, events, operations and the OpenAPI documents."""

from __future__ import annotations

from typing import Any

from framework.compat.change import Change
from framework.compat.models import compare_models
from framework.compat.openapi import compare_documents
from framework.compat.operations import compare_events, compare_operations
from framework.specs.model import Specs


def compare(
    old: Specs, new: Specs, old_documents: dict[str, Any], new_documents: dict[str, Any]
) -> list[Change]:
    """Every change from the old specs and documents (by service) to the new ones, once each,
    breaking first."""
    changes = [
        *compare_models(old, new),
        *compare_events(old, new),
        *compare_operations(old, new),
        *compare_documents(old_documents, new_documents),
    ]
    return sorted(dict.fromkeys(changes))
