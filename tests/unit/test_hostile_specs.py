"""Specs written to break the generator: each ends in a precise error or in working code.

The one-file cases (a reserved name, a bad path, a contradicting limit...) are in
test_spec_errors.py; these need more than one replacement, a second file, a clock, or the
generated code itself.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from framework.cli import main
from framework.project import load_project
from framework.specs.loader import load_specs
from framework.specs.source import SpecError, load_document
from tests.unit.test_spec_errors import BOOKS, MODELS, snapshot

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True)
)


def refused(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run `generate`, require it to fail without writing, and return the problems."""
    before = snapshot(root)
    assert main(["generate", str(root)]) == 1
    assert snapshot(root) == before
    errors = capsys.readouterr().err.splitlines()
    assert errors[-1].endswith("problem(s) in the specs; nothing was written")
    return errors[:-1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def generated(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(root)]) == 0, capsys.readouterr().err


def run_python(cwd: Path, code: str) -> str:
    """Run `code` with the generated `shared` package importable, as a service would."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_alias_bomb_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    spec = tmp_path / "models.yaml"
    spec.write_text(ALIAS_BOMB)  # 9**10 strings once expanded
    started = time.perf_counter()
    with pytest.raises(SpecError, match="more than 50000 values once aliases are expanded"):
        load_document(spec, Path("models.yaml"))
    assert time.perf_counter() - started < 5
    tracemalloc.start()  # measured apart: tracing memory slows the run several times
    with pytest.raises(SpecError):
        load_document(spec, Path("models.yaml"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 2**20


def test_deep_nesting_is_refused_before_the_yaml_scanner_slows_down(tmp_path: Path) -> None:
    spec = tmp_path / "models.yaml"
    spec.write_text("models: " + "[" * 20_000 + "]" * 20_000 + "\n")
    started = time.perf_counter()
    with pytest.raises(SpecError, match="nested more than 64 levels deep"):
        load_document(spec, Path("models.yaml"))
    assert time.perf_counter() - started < 5


def test_merge_keys_apply_and_the_mapping_own_keys_win(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        library / MODELS,
        "      title: {type: string, min_length: 1, max_length: 200}",
        "      title: &text {type: string, min_length: 1, max_length: 200}\n"
        "      subtitle: {<<: *text, max_length: 50, optional: true}",
    )
    generated(library, capsys)
    schemas = (library / "shared/shared/generated/schemas.py").read_text()
    one_line = " ".join(schemas.split())  # ruff wraps the field at the line length
    assert "subtitle: Annotated[str | None, Field(max_length=50, min_length=1," in one_line


def test_soft_keywords_are_field_names_and_the_schemas_import(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        library / MODELS,
        "      name: {type: string, min_length: 1}",
        "      name: {type: string, min_length: 1}\n"
        "      match: string\n      case: {type: int, default: 0}\n      type: {type: string}",
    )
    generated(library, capsys)
    output = run_python(
        library / "shared",
        "from shared.generated.schemas import Author\n"
        "a = Author(name='x', match='m', type='t')\n"
        "print(a.match, a.case, a.type)",
    )
    assert output.split() == ["m", "0", "t"]


HOSTILE_TEXT = (
    r'Ends in a backslash \ and holds \N, \x, \u12, """ quotes """, a tab	and ünïcödé \\'
)


def test_any_description_is_safe_in_generated_code(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quoted = HOSTILE_TEXT.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    edit(library / MODELS, "    description: A book on a shelf.", f'    description: "{quoted}"')
    edit(library / BOOKS, "  get_book:\n", f'  get_book:\n    description: "{quoted}"\n')
    edit(library / BOOKS, "domain: books\n", f'domain: books\ndescription: "{quoted}"\n')
    generated(library, capsys)
    for path in library.rglob("generated/**/*.py"):
        compile(path.read_text(), str(path), "exec")  # a bad escape is a SyntaxError here
    output = run_python(
        library / "shared", "from shared.generated.schemas import BookRead\nprint(BookRead.__doc__)"
    )
    assert "\\N, \\x, \\u12" in output
    protocols = library / "services/library/src/library/generated/protocols.py"
    namespace: dict[str, object] = {}
    exec(compile(_without_imports(protocols.read_text()), "protocols", "exec"), namespace)  # noqa: S102
    doc = namespace["BooksControllerProtocol"].get_book.__doc__  # type: ignore[attr-defined]
    assert " ".join(doc.split()) == " ".join(HOSTILE_TEXT.replace(3 * '"', 3 * "'").split()) + "."


def _without_imports(source: str) -> str:
    """The protocols module, importable without the schemas package."""
    lines = [line for line in source.splitlines() if not line.startswith(("from ", "import "))]
    return (
        "from typing import Any, Protocol, runtime_checkable\nBookCreate = BookRead = UUID = Any\n"
        + "\n".join(lines)
    )


def test_a_route_without_any_path_is_refused_for_each_operation(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(library / BOOKS, "rest: {prefix: /books, tags: [books]}", "rest: {tags: [books]}")
    assert refused(library, capsys) == [
        f"{BOOKS}:7:32: operations.create_book.rest.path: the route has no path:"
        " give the domain a rest.prefix or a path",
        f"{BOOKS}:15:31: operations.list_books.rest.path: the route has no path:"
        " give the domain a rest.prefix or a path",
    ]


def test_two_domains_that_make_one_class_are_refused(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = library / "services/library/spec"
    domain = (
        "operations:\n  {name}:\n    output: BookRead\n    rest: {{method: GET, path: /{name}}}\n"
    )
    (spec / "shelf_2.yaml").write_text("domain: shelf_2\n" + domain.format(name="first"))
    (spec / "shelf2.yaml").write_text("domain: shelf2\n" + domain.format(name="second"))
    assert refused(library, capsys) == [
        "services/library/spec/shelf_2.yaml:1:9: domain: domain 'shelf_2' and domain 'shelf2'"
        " both make the class Shelf2Controller; rename one"
    ]


def test_an_operation_name_is_unique_across_the_domains_of_a_service(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / "services/library/spec/shelves.yaml").write_text(
        "domain: shelves\noperations:\n  get_book:\n    output: BookRead\n"
        "    rest: {method: GET, path: /shelves}\n"
    )
    assert refused(library, capsys) == [
        "services/library/spec/shelves.yaml:3:3: operations.get_book: operation 'get_book' is"
        " also in domain 'books' of this service; an operation name is its OpenAPI operationId"
        " and client method, so it must be unique"
    ]


def test_yml_files_are_specs_and_a_stem_spelled_both_ways_is_refused(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = library / "services/library/spec"
    (spec / "books.yaml").rename(spec / "books.yml")
    generated(library, capsys)
    assert (library / "services/library/src/library/generated/routers/books.py").is_file()
    (spec / "books.yaml").write_text((spec / "books.yml").read_text())
    assert refused(library, capsys) == [
        "services/library/spec/books.yml:1:1: books.yml and books.yaml hold the same specs;"
        " keep one"
    ]


def test_a_model_with_variants_named_as_a_type_becomes_a_class_with_every_field(
    library: Path,
) -> None:
    edit(library / MODELS, "      name: {type: string, min_length: 1}", "      favourite: Book")
    specs = load_specs(load_project(library))
    assert list(specs.classes)[:3] == ["Author", "Book", "BookCreate"]
    fields = [field.name for field in specs.classes["Book"].fields]
    assert fields[0] == "id"
    assert fields[-1] == "created_at"


def test_a_model_with_variants_nobody_names_stays_only_its_variants(library: Path) -> None:
    assert "Book" not in load_specs(load_project(library)).classes


@pytest.mark.parametrize(
    ("method", "status"), [("POST", 201), ("DELETE", 204), ("GET", 200), ("PUT", 200)]
)
def test_rest_status_defaults_by_method(library: Path, method: str, status: int) -> None:
    (library / "services/library/spec/books.yaml").write_text(
        f"domain: books\noperations:\n  act:\n    rest: {{method: {method}, path: /act}}\n"
    )
    [domain] = load_specs(load_project(library)).domains
    rest = domain.operations[0].rest
    assert rest is not None
    assert rest.success_status == status
