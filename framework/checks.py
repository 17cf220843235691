"""Checks that hand-written code follows the specs (part of `nox -s lint`).

Compliance: what the spec owns is defined only in generated code. Outside `generated/`, code
may not define a class named like a spec model, variant or enum (import it from
`shared.generated.schemas` instead), nor an `APIRouter` or a route under a path prefix a domain
spec owns (that router is generated).

Controller sync: every domain `<d>` of a service needs `src/<package>/controllers/<d>.py` with a
class `<D>Controller` that has one method per operation, with the protocol's parameters, types
and return type, no other public methods, and a `provide_controller` dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from framework.generate.python import Imports, camel
from framework.generate.services import generated_dir, method_signature, protocol_name
from framework.problems import Problem
from framework.project import Project
from framework.specs.model import Domain, Operation, Specs

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
_Method = ast.FunctionDef | ast.AsyncFunctionDef


def check_code(project: Project, specs: Specs) -> list[Problem]:
    problems = list(_compliance(project, specs))
    for domain in specs.domains:
        problems += _controller_problems(project, domain)
    return sorted(problems)


# compliance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Owned:
    """What the specs own, so hand-written code may not define it."""

    names: set[str]
    # (service, top segment of a path such as `/books`) -> the domain whose routes live there
    prefixes: dict[tuple[str, str], Domain]

    @classmethod
    def by(cls, specs: Specs) -> _Owned:
        prefixes = {
            (domain.service, domain.spec.rest.prefix): domain
            for domain in specs.domains
            if domain.spec.rest.prefix
        }
        return cls(set(specs.classes) | set(specs.enums), prefixes)

    def class_problems(self, where: Path, node: ast.AST) -> Iterator[Problem]:
        if isinstance(node, ast.ClassDef) and node.name in self.names:
            yield Problem(
                where,
                node.lineno,
                f"class {node.name} is owned by the spec (shared/spec/models.yaml); import it"
                " from shared.generated.schemas instead of defining it",
            )

    def route_problems(self, where: Path, service: str, node: ast.AST) -> Iterator[Problem]:
        for prefix, line in _route_prefixes(node):
            domain = self.prefixes.get((service, prefix))
            if domain is not None:
                yield Problem(
                    where,
                    line,
                    f"routes under {prefix} belong to the {domain.name} spec"
                    f" ({domain.file}); they are generated in"
                    f" {generated_dir(domain)}/routers/{domain.name}.py",
                )


def _compliance(project: Project, specs: Specs) -> Iterator[Problem]:
    owned = _Owned.by(specs)
    for path in _hand_written(project):
        where = path.relative_to(project.root)
        service = where.parts[1] if where.parts[0] == "services" else ""
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            yield from owned.class_problems(where, node)
            yield from owned.route_problems(where, service, node)


def _hand_written(project: Project) -> Iterator[Path]:
    roots = [project.root / "shared" / "shared"]
    roots += [service.path / "src" for service in project.services]
    for root in roots:
        for path in sorted(root.glob("**/*.py")):
            if "generated" not in path.relative_to(root).parts:
                yield path


def _route_prefixes(node: ast.AST) -> Iterator[tuple[str, int]]:
    """The top segments of literal paths given to APIRouter(prefix=...) or a route decorator."""
    if not isinstance(node, ast.Call):
        return
    for argument in _path_arguments(node):
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            top = _top_segment(argument.value)
            if top:
                yield top, argument.lineno


def _path_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments that name a path: APIRouter's `prefix`, or a route decorator's first."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    if name == "APIRouter":
        return [keyword.value for keyword in call.keywords if keyword.arg == "prefix"]
    if name in HTTP_METHODS and call.args:
        return [call.args[0]]
    return []


def _top_segment(path: str) -> str:
    """`/books/{book_id}/cover` as `/books`; the root path has none."""
    stripped = path.strip("/")
    return "/" + stripped.split("/")[0] if stripped else ""


# controller sync ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Controller:
    """The controller a domain needs: its module, its class, and the protocol it implements."""

    domain: Domain

    @property
    def module(self) -> Path:
        domain = self.domain
        return Path(
            "services", domain.service, "src", domain.package, "controllers", f"{domain.name}.py"
        )

    @property
    def class_name(self) -> str:
        return f"{camel(self.domain.name)}Controller"

    @property
    def protocol(self) -> str:
        return f"{generated_dir(self.domain)}/protocols.py ({protocol_name(self.domain)})"


def _controller_problems(project: Project, domain: Domain) -> list[Problem]:
    expected = _Controller(domain)
    path = project.root / expected.module
    if not path.is_file():
        return [
            Problem(
                domain.file,
                1,
                f"domain {domain.name} has no controller: create {expected.module} with class"
                f" {expected.class_name} implementing {expected.protocol},"
                f" and {_providers(domain)}",
            )
        ]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems = list(_provider_problems(expected, tree))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    if expected.class_name not in classes:
        return [
            *problems,
            Problem(
                expected.module,
                1,
                f"no class {expected.class_name}; it must implement {expected.protocol}",
            ),
        ]
    return problems + _method_problems(expected, classes[expected.class_name])


def _providers(domain: Domain) -> str:
    """The dependencies a domain's controller module must define, as a phrase."""
    wanted = ["a provide_controller dependency"] if domain.routes else []
    if domain.subscribed:
        wanted.append("a provide_event_controller dependency (for its subscribers)")
    return " and ".join(wanted)


def _provider_problems(expected: _Controller, tree: ast.Module) -> Iterator[Problem]:
    """Generated routers get the controller from `provide_controller`, generated subscribers
    from `provide_event_controller`: each is needed once the domain has such operations."""
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    needed = {
        "provide_controller": ("router", bool(expected.domain.routes)),
        "provide_event_controller": ("subscribers", bool(expected.domain.subscribed)),
    }
    for provider, (user, wanted) in needed.items():
        if wanted and provider not in functions:
            yield Problem(
                expected.module,
                1,
                f"no {provider} function: the generated {user} for {expected.domain.name}"
                f" ({expected.domain.file}) gets its {expected.class_name} from it",
            )


def _method_problems(expected: _Controller, node: ast.ClassDef) -> list[Problem]:
    methods = {item.name: item for item in node.body if isinstance(item, _Method)}
    problems = [
        problem
        for operation in expected.domain.operations
        for problem in _operation_problems(expected, node, operation, methods.get(operation.name))
    ]
    return problems + list(_unspecified_methods(expected, node, methods))


def _operation_problems(
    expected: _Controller, node: ast.ClassDef, operation: Operation, method: _Method | None
) -> Iterator[Problem]:
    """The method of an operation must exist and have exactly the protocol's signature."""
    spec_place = f"{expected.domain.file}:{operation.line}"
    if method is None:
        yield Problem(
            expected.module,
            node.lineno,
            f"{node.name} has no method {operation.name} for the operation at"
            f" {spec_place}; see {expected.protocol}",
        )
        return
    signature = method_signature(operation, Imports())
    actual = _signature(method)
    if actual != signature:
        yield Problem(
            expected.module,
            method.lineno,
            f"{node.name}.{operation.name} must be `{signature}` to match the operation"
            f" at {spec_place} ({expected.protocol}), not `{actual}`",
        )


def _unspecified_methods(
    expected: _Controller, node: ast.ClassDef, methods: dict[str, _Method]
) -> Iterator[Problem]:
    """A public method no operation asks for is either a missing spec entry or a private helper."""
    operations = {operation.name for operation in expected.domain.operations}
    for name, method in methods.items():
        if not name.startswith("_") and name not in operations:
            yield Problem(
                expected.module,
                method.lineno,
                f"{node.name}.{name} is public but {expected.domain.file} has no operation {name};"
                " add the operation to the spec or make the method private (_name)",
            )


def _signature(method: _Method) -> str:
    prefix = "async def" if isinstance(method, ast.AsyncFunctionDef) else "def"
    parts = []
    for argument in method.args.args:
        text = argument.arg
        if argument.annotation is not None:
            text += f": {ast.unparse(argument.annotation)}"
        parts.append(text)
    returns = ast.unparse(method.returns) if method.returns is not None else "None"
    return f"{prefix} {method.name}({', '.join(parts)}) -> {returns}"
