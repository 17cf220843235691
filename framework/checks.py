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
from pathlib import Path

from framework.generate.python import Imports, camel
from framework.generate.services import generated_dir, method_signature, protocol_name
from framework.layout import Problem
from framework.project import Project
from framework.specs.loader import Domain, Specs

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def check_code(project: Project, specs: Specs) -> list[Problem]:
    problems = list(_compliance(project, specs))
    for domain in specs.domains:
        problems += _controller_problems(project, domain)
    return sorted(problems)


def _hand_written(project: Project) -> Iterator[Path]:
    roots = [project.root / "shared" / "shared"]
    roots += [service.path / "src" for service in project.services]
    for root in roots:
        for path in sorted(root.glob("**/*.py")):
            if "generated" not in path.relative_to(root).parts:
                yield path


def _compliance(project: Project, specs: Specs) -> Iterator[Problem]:
    owned_names = set(specs.classes) | set(specs.enums)
    prefixes = {
        (domain.service, domain.spec.rest.prefix): domain
        for domain in specs.domains
        if domain.spec.rest.prefix
    }
    for path in _hand_written(project):
        where = path.relative_to(project.root)
        service = where.parts[1] if where.parts[0] == "services" else None
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in owned_names:
                yield Problem(
                    where,
                    node.lineno,
                    f"class {node.name} is owned by the spec (shared/spec/models.yaml); import it"
                    " from shared.generated.schemas instead of defining it",
                )
            for prefix, line in _route_prefixes(node):
                domain = prefixes.get((service or "", prefix))
                if domain is not None:
                    yield Problem(
                        where,
                        line,
                        f"routes under {prefix} belong to the {domain.name} spec"
                        f" ({domain.file}); they are generated in"
                        f" {generated_dir(domain)}/routers/{domain.name}.py",
                    )


def _route_prefixes(node: ast.AST) -> Iterator[tuple[str, int]]:
    """Literal paths given to APIRouter(prefix=...) or to a route decorator."""
    if not isinstance(node, ast.Call):
        return
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    candidates: list[ast.expr] = []
    if name == "APIRouter":
        candidates = [keyword.value for keyword in node.keywords if keyword.arg == "prefix"]
    elif name in HTTP_METHODS and node.args:
        candidates = [node.args[0]]
    for candidate in candidates:
        if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
            path = candidate.value
            top = "/" + path.strip("/").split("/")[0] if path.strip("/") else ""
            if top:
                yield top, candidate.lineno


def _controller_problems(project: Project, domain: Domain) -> list[Problem]:
    module = Path(
        "services", domain.service, "src", domain.package, "controllers", f"{domain.name}.py"
    )
    class_name = f"{camel(domain.name)}Controller"
    protocol = f"{generated_dir(domain)}/protocols.py ({protocol_name(domain)})"
    path = project.root / module
    if not path.is_file():
        return [
            Problem(
                domain.file,
                1,
                f"domain {domain.name} has no controller: create {module} with class"
                f" {class_name} implementing {protocol}, and a provide_controller dependency",
            )
        ]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    problems = []
    if "provide_controller" not in functions:
        problems.append(
            Problem(
                module,
                1,
                f"no provide_controller function: the generated router for {domain.name}"
                f" ({domain.file}) gets its {class_name} from it",
            )
        )
    if class_name not in classes:
        return [
            *problems,
            Problem(module, 1, f"no class {class_name}; it must implement {protocol}"),
        ]
    return problems + _method_problems(module, classes[class_name], domain, protocol)


def _method_problems(
    module: Path, node: ast.ClassDef, domain: Domain, protocol: str
) -> list[Problem]:
    methods = {
        item.name: item
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    problems = []
    for operation in domain.operations:
        method = methods.get(operation.name)
        spec_place = f"{domain.file}:{operation.line}"
        if method is None:
            problems.append(
                Problem(
                    module,
                    node.lineno,
                    f"{node.name} has no method {operation.name} for the operation at"
                    f" {spec_place}; see {protocol}",
                )
            )
            continue
        expected = method_signature(operation, Imports())
        actual = _signature(method)
        if actual != expected:
            problems.append(
                Problem(
                    module,
                    method.lineno,
                    f"{node.name}.{operation.name} must be `{expected}` to match the operation"
                    f" at {spec_place} ({protocol}), not `{actual}`",
                )
            )
    operations = {operation.name for operation in domain.operations}
    for name, method in methods.items():
        if not name.startswith("_") and name not in operations:
            problems.append(
                Problem(
                    module,
                    method.lineno,
                    f"{node.name}.{name} is public but {domain.file} has no operation {name};"
                    " add the operation to the spec or make the method private (_name)",
                )
            )
    return problems


def _signature(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    prefix = "async def" if isinstance(method, ast.AsyncFunctionDef) else "def"
    parts = []
    for argument in method.args.args:
        text = argument.arg
        if argument.annotation is not None:
            text += f": {ast.unparse(argument.annotation)}"
        parts.append(text)
    returns = ast.unparse(method.returns) if method.returns is not None else "None"
    return f"{prefix} {method.name}({', '.join(parts)}) -> {returns}"
