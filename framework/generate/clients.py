"""Typed HTTP clients: for each service a consumer calls, a class with exactly those operations.

For `services/<consumer>/spec/consumes.yaml`, under `src/<package>/generated/clients/`:

    <provider>.py   `<Provider>Client(base_url)`: one async method per consumed operation, with
                    the provider's parameter and model types; an error status the spec lists is
                    raised as `<Operation><Status>Error` (e.g. `CreateUserConflictError`), any other
                    failure as `<Provider>Error`; timeouts, and retries with exponential backoff
                    for connection errors (any method) and for timeouts and 502/503/504
                    (idempotent methods: GET, PUT, DELETE)
    __init__.py     the package

The base URL comes from the consumer's settings (`<PROVIDER>_URL` by convention). The client
needs httpx in the consumer's dependencies.
"""

from __future__ import annotations

from framework.generate.python import (
    SCHEMAS_MODULE,
    Imports,
    annotation,
    camel,
    docstring,
    humane,
)
from framework.specs.model import Consumer, Operation, Param

STATUS_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    410: "Gone",
    412: "PreconditionFailed",
    413: "TooLarge",
    415: "UnsupportedMediaType",
    422: "Unprocessable",
    423: "Locked",
    429: "TooManyRequests",
    500: "ServerError",
    502: "BadGateway",
    503: "Unavailable",
    504: "GatewayTimeout",
}
RUNTIME = '''
IDEMPOTENT = frozenset({{"GET", "PUT", "DELETE"}})
RETRY_STATUSES = frozenset({{502, 503, 504}})


class {error}(Exception):
    """An answer of {provider} that is not a success, or one the spec does not describe."""

    def __init__(self, status: int, detail: object) -> None:
        super().__init__(f"{provider} answered {{status}}: {{detail}}")
        self.status = status
        self.detail = detail


def _detail(response: httpx.Response) -> object:
    """The `detail` of a JSON error body, or the body as text."""
    try:
        return response.json().get("detail", response.text)
    except ValueError:
        return response.text


def _retryable(method: str, error: httpx.TransportError) -> bool:
    """A refused connection never reached the server; anything else only if repeating is safe."""
    return isinstance(error, httpx.ConnectError) or method in IDEMPOTENT
'''
CLIENT = '''

class {client}:
    """The operations of {provider} that {consumer} uses, from {source}."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)
        self._retries = retries
        self._backoff = backoff

    async def __aenter__(self) -> {client}:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        await self._http.aclose()

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: object = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request, retrying with exponential backoff where that is safe."""
        for attempt in range(self._retries + 1):
            try:
                response = await self._http.request(method, path, json=json, params=params)
            except httpx.TransportError as error:
                if attempt == self._retries or not _retryable(method, error):
                    raise
                await asyncio.sleep(self._backoff * 2**attempt)
                continue
            retry = response.status_code in RETRY_STATUSES and method in IDEMPOTENT
            if not retry or attempt == self._retries:
                return response
            await asyncio.sleep(self._backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    @staticmethod
    def _check(response: httpx.Response, errors: dict[int, type[{error}]]) -> None:
        """Raise the spec's exception for a listed error status, {error} for any other."""
        if not response.is_success:
            raise errors.get(response.status_code, {error})(response.status_code, _detail(response))
'''


def render_client(
    consumer: Consumer, provider: str, operations: tuple[Operation, ...], enums: set[str], head: str
) -> str:
    """The client module: its runtime, one exception per listed error, the client class."""
    imports = Imports()
    error = f"{camel(provider)}Error"
    errors = [
        _error_class(operation, status, text, error)
        for operation in operations
        for status, text in sorted(_errors(operation).items())
    ]
    methods = [_method(operation, enums, imports) for operation in operations]
    names = {"client": f"{camel(provider)}Client", "error": error, "provider": provider}
    return (
        head
        + docstring(f"Typed client of {provider} for {consumer.service}, from {consumer.file}", "")
        + "\nfrom __future__ import annotations\n\nimport asyncio\n\nimport httpx\n"
        + imports.render()
        + RUNTIME.format(**names)
        + "".join(errors)
        + CLIENT.format(consumer=consumer.service, source=consumer.file, **names)
        + "".join(methods)
    )


def _errors(operation: Operation) -> dict[int, str]:
    return dict(operation.rest.errors) if operation.rest else {}


def exception_name(operation: Operation, status: int) -> str:
    """`CreateUserConflictError`: the operation, then the status in words."""
    return f"{camel(operation.name)}{STATUS_NAMES.get(status, f'Status{status}')}Error"


def _error_class(operation: Operation, status: int, text: str, base: str) -> str:
    about = docstring(f"{status} from {operation.name}: {text}", "    ")
    return f"\n\nclass {exception_name(operation, status)}({base}):\n{about}"


def _method(operation: Operation, enums: set[str], imports: Imports) -> str:
    """One operation: typed arguments in, the request, the typed answer or exception out."""
    rest = operation.rest
    assert rest is not None
    path_params = [p for p in operation.params if p.spec.location == "path"]
    query_params = [p for p in operation.params if p.spec.location == "query"]
    returns = annotation(operation.output, imports) if operation.output else "None"
    errors = ", ".join(
        f"{status}: {exception_name(operation, status)}" for status in sorted(_errors(operation))
    )
    url = _url(operation, path_params, imports) + _options(operation, query_params)
    body = (
        f"        response = await self._send({rest.method!r}, {url})\n"
        f"        self._check(response, {{{errors}}})\n" + _result(operation, enums, imports)
    )
    arguments = _arguments(operation, path_params, query_params, imports)
    return (
        f"\n    async def {operation.name}({', '.join(arguments)}) -> {returns}:\n"
        + docstring(operation.spec.description or humane(operation.name), "        ")
        + body
    )


def _arguments(
    operation: Operation, path_params: list[Param], query_params: list[Param], imports: Imports
) -> list[str]:
    """Path parameters, then the body, then the query parameters by keyword."""
    arguments = ["self", *(_argument(p, imports) for p in path_params)]
    if operation.spec.input:
        imports.add(SCHEMAS_MODULE, operation.spec.input)
        arguments.append(f"data: {operation.spec.input}")
    if query_params:
        arguments += ["*", *(_argument(p, imports) for p in query_params)]
    return arguments


def _argument(param: Param, imports: Imports) -> str:
    text = f"{param.spec.name}: {annotation(param.type, imports)}"
    if param.spec.location == "path":
        return text
    if param.spec.has_default:
        return f"{text} = {param.spec.default!r}"
    return f"{text} | None = None"


def _url(operation: Operation, path_params: list[Param], imports: Imports) -> str:
    """The path, each parameter quoted so no value can change which route is called."""
    if not path_params:
        return repr(operation.path)
    imports.add("urllib.parse", "quote")
    path = operation.path
    for param in path_params:
        path = path.replace(f"{{{param.spec.name}}}", f"{{quote(str({param.spec.name}), safe='')}}")
    return f'f"{path}"'


def _options(operation: Operation, query_params: list[Param]) -> str:
    options = ""
    if operation.spec.input:
        options += ', json=data.model_dump(mode="json", exclude_unset=True)'
    if query_params:
        pairs = ", ".join(f"{p.spec.name!r}: {p.spec.name}" for p in query_params)
        options += f", params={{k: str(v) for k, v in {{{pairs}}}.items() if v is not None}}"
    return options


def _result(operation: Operation, enums: set[str], imports: Imports) -> str:
    output = operation.output
    if output is None:
        return ""
    if output.kind == "named" and output.name not in enums:
        imports.add(SCHEMAS_MODULE, output.name)
        return f"        return {output.name}.model_validate(response.json())\n"
    imports.add("pydantic", "TypeAdapter")
    text = annotation(output, imports)
    return f"        return TypeAdapter({text}).validate_python(response.json())\n"
