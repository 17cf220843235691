"""Loading specs: what the example specs resolve to."""

from __future__ import annotations

from pathlib import Path

import pytest

from framework.project import load_project
from framework.specs.loader import default_channel, load_specs
from framework.specs.model import Specs
from framework.specs.source import SpecError
from framework.specs.types import TypeSyntaxError, parse_type


def load(root: Path) -> Specs:
    return load_specs(load_project(root))


def test_variants_become_classes_and_plain_models_stay_themselves(library: Path) -> None:
    specs = load(library)
    assert list(specs.classes) == [
        "Author",
        "BookCreate",
        "BookUpdate",
        "BookRead",
        "BookIndexFailed",
    ]
    assert specs.enums == {"BookStatus": ["wishlist", "reading", "finished"]}


def test_create_leaves_out_readonly_fields(library: Path) -> None:
    fields = [field.name for field in load(library).classes["BookCreate"].fields]
    assert "id" not in fields
    assert "created_at" not in fields
    assert fields[:2] == ["title", "pages"]


def test_update_makes_fields_optional_and_excludes_others(library: Path) -> None:
    fields = {field.name: field for field in load(library).classes["BookUpdate"].fields}
    assert "author" not in fields
    assert not fields["title"].required
    assert not fields["status"].keeps_default


def test_create_and_update_leave_out_readonly_fields_read_keeps_them(library: Path) -> None:
    classes = load(library).classes
    for variant in ("BookCreate", "BookUpdate"):
        assert {"id", "created_at"}.isdisjoint(f.name for f in classes[variant].fields), variant
    assert {"id", "created_at"} <= {field.name for field in classes["BookRead"].fields}


def test_events_and_domains_are_resolved(library: Path) -> None:
    specs = load(library)
    assert specs.events["book_added"].channel == "book.added"
    [domain] = specs.domains
    assert (domain.service, domain.package, domain.name) == ("library", "library", "books")
    create = domain.operations[0]
    assert create.event is not None
    assert create.path == "/books"
    assert [operation.line for operation in domain.operations] == [4, 9, 13, 16, 19]


def test_a_type_that_does_not_parse_is_reported_at_its_key(library: Path) -> None:
    models = library / "shared" / "spec" / "models.yaml"
    models.write_text(models.read_text().replace("type: date,", "type: list,", 1))
    with pytest.raises(SpecError) as raised:
        load(library)
    assert [str(problem) for problem in raised.value.problems] == [
        "shared/spec/models.yaml:18:25: models.Book.fields.published.type:"
        " list needs an item type, e.g. list[int]"
    ]


def test_a_project_without_specs_has_nothing_to_generate(project: Path) -> None:
    specs = load(project)
    assert (specs.files, specs.classes, specs.domains) == ((), {}, ())


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("int", "int"),
        ("list[ BookRead ]", "list[BookRead]"),
        ("dict[string, list[int]]", "dict[string, list[int]]"),
    ],
)
def test_type_expressions_parse(text: str, shown: str) -> None:
    assert str(parse_type(text)) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("list", "list needs an item type"),
        ("dict[int, str]", "dict keys must be strings"),
        ("list[int", "expected ']'"),
        ("int]", "unexpected ']'"),
        ("[int]", "expected a type name"),
    ],
)
def test_bad_type_expressions_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(TypeSyntaxError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_type(text)


@pytest.mark.parametrize(
    ("event", "channel"),
    [("book_added", "book.added"), ("order_item_shipped", "order_item.shipped"), ("ping", "ping")],
)
def test_default_channel_is_entity_dot_action(event: str, channel: str) -> None:
    assert default_channel(event) == channel
