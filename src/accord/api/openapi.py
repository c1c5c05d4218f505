"""The hub's own OpenAPI document, held to the conventions accord checks in others.

FastAPI describes the operations from the route signatures; this module adds
what the middleware and the conventions do on every endpoint, so the document
tells the whole truth: the problem+json errors (replacing FastAPI's own 422
shape), the X-Request-ID and rate-limit headers, Idempotency-Key on POSTs,
ETag/Location where they are sent, and the security schemes with the scope
each operation needs (found from its dependencies, not from a list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from accord.api import deps

DESCRIPTION = """\
The registry of the interfaces between teams and the gate every new contract
version passes: teams, participants (provider and consumer applications),
interfaces with their owners, consumers and promises, and the immutable contract
versions published to them after lint and compatibility checks.

Conventions on every endpoint: errors are RFC 9457 problem documents with a
stable `code`; every response carries `X-Request-ID`; lists use cursor
pagination (`limit`, `after`); POSTs accept `Idempotency-Key`; updates need
`If-Match`; requests are rate-limited per credential (`RateLimit` headers, 429
with `Retry-After`); long work answers 202 with a job to poll.
"""

PROBLEM = "application/problem+json"
_SCOPES = {deps.reader: "read", deps.writer: "write", deps.admin: "admin"}

_ERRORS: dict[str, tuple[str, str]] = {
    "400": ("BadRequest", "The request is malformed (syntax, cursor, Idempotency-Key)."),
    "401": ("Unauthorized", "No credential, or an unknown, revoked or expired one."),
    "403": ("Forbidden", "The credential lacks the scope, or its team does not own the "
            "resource."),
    "404": ("NotFound", "No such resource."),
    "409": ("Conflict", "The request conflicts with the current state (already exists, "
            "version exists, key in flight)."),
    "412": ("PreconditionFailed", "If-Match does not match the current ETag."),
    "422": ("ValidationFailed", "The request is well-formed but its content is not "
            "acceptable; `fields` points at each invalid input."),
    "428": ("PreconditionRequired", "The update needs If-Match with the current ETag."),
    "429": ("TooManyRequests", "The credential's rate limit is used up; retry after "
            "Retry-After seconds."),
    "500": ("InternalError", "An unexpected error; the request id identifies it in the "
            "hub's logs."),
    "503": ("Unavailable", "The hub cannot serve now (database unavailable); retry later."),
}

_HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": {"description": "The request's id: the caller's, echoed, or a new one.",
                     "schema": {"type": "string", "maxLength": 200}},
    "RateLimit": {"description": "The caller's remaining quota: `\"name\";r=<remaining>;"
                  "t=<seconds to reset>`.", "schema": {"type": "string", "maxLength": 200}},
    "RateLimit-Policy": {"description": "The quota policy: `\"name\";q=<limit>;w=<window "
                         "seconds>`.", "schema": {"type": "string", "maxLength": 200}},
    "Retry-After": {"description": "Seconds to wait before retrying.",
                    "schema": {"type": "integer", "minimum": 0}},
    "Location": {"description": "The URL of the resource created, or of the job to poll.",
                 "schema": {"type": "string", "format": "uri-reference", "maxLength": 2000}},
    "ETag": {"description": "The representation's entity tag (send it in If-Match to "
             "update).", "schema": {"type": "string", "maxLength": 200}},
    "Idempotent-Replayed": {"description": "`true` when this is the stored response of an "
                            "earlier request with the same Idempotency-Key.",
                            "schema": {"type": "string", "enum": ["true"]}},
    "WWW-Authenticate": {"description": "The authentication scheme to use.",
                         "schema": {"type": "string", "maxLength": 200}},
}

_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem document.",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "maxLength": 500},
        "title": {"type": "string", "maxLength": 200},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "maxLength": 10000},
        "instance": {"type": "string", "maxLength": 2000},
        "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$", "maxLength": 64,
                 "description": "Stable, machine-readable error code."},
        "request_id": {"type": ["string", "null"], "maxLength": 200},
        "retryable": {"type": "boolean"},
        "hint": {"type": "string", "maxLength": 2000,
                 "description": "What to do about it."},
        "fields": {"type": "array", "maxItems": 1000,
                   "items": {"$ref": "#/components/schemas/FieldError"}},
    },
    "additionalProperties": True,
}

_FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["pointer", "message"],
    "properties": {
        "pointer": {"type": "string", "maxLength": 1000,
                    "description": "JSON Pointer into the request: /body/name, /query/limit."},
        "message": {"type": "string", "maxLength": 2000},
    },
}


def install(app: FastAPI) -> None:
    """Serve the completed document at ``app.openapi_url``."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, summary=app.summary,
                description=DESCRIPTION, routes=app.routes, servers=app.servers,
                contact=app.contact, tags=app.openapi_tags)
            app.openapi_schema = complete(document, app)
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


def complete(document: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    """Add the conventions to a document FastAPI generated for ``app``."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = _PROBLEM_SCHEMA
    schemas["FieldError"] = _FIELD_ERROR_SCHEMA
    components["headers"] = _HEADERS
    components["responses"] = {
        name: {"description": text,
               "headers": _problem_headers(status),
               "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for status, (name, text) in _ERRORS.items()}
    components["parameters"] = {"IdempotencyKey": {
        "name": "Idempotency-Key", "in": "header", "required": False,
        "description": "A key the client makes up (a UUID) so a retried POST acts once; the "
        "response of the first request is replayed for 24 hours.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255}}}
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer",
                   "description": "A hub token (accord token create, or /oauth/token)."},
        "oauth2": {"type": "oauth2", "description": "Client credentials: a hub token as the "
                   "client secret buys a short-lived access token.",
                   "flows": {"clientCredentials": {
                       "tokenUrl": "/oauth/token",
                       "scopes": {"read": "Read the registry.",
                                  "write": "Register and publish for the token's team.",
                                  "admin": "Everything, for every team."}}}}}
    document["security"] = [{"bearer": []}, {"oauth2": ["read"]}]

    routes: dict[tuple[str, str], APIRoute] = {}
    for context in iter_route_contexts(app.routes):
        original = context.original_route
        if isinstance(original, APIRoute) and context.path_format:
            for method in context.methods or ():
                routes[(method.lower(), context.path_format)] = original
    for path, item in document.get("paths", {}).items():
        for method, op in item.items():
            found = routes.get((method, path))
            if found is not None and isinstance(op, dict):
                _complete_operation(method, path, op, found)
    return document


def _complete_operation(method: str, path: str, op: dict[str, Any], route: APIRoute) -> None:
    scope = _scope_of(route.dependant)
    if scope is None:
        op["security"] = []
    else:
        op["security"] = [{"bearer": []}, {"oauth2": [scope]}]
    responses: dict[str, Any] = op.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's own validation shape; ours is the Problem
    wanted = ["400", "422", "429", "500"]
    if scope is not None:
        wanted += ["401", "403"]
    if "{" in path or method in ("post", "put", "patch"):
        wanted.append("404")  # the resource in the path, or one the body names
    if method in ("post", "put", "patch", "delete"):
        wanted.append("409")
    if method in ("put", "patch"):
        wanted += ["412", "428"]
    for status in sorted(wanted):
        responses.setdefault(status, {"$ref": f"#/components/responses/{_ERRORS[status][0]}"})
    for status, response in list(responses.items()):
        if status in _ERRORS and "content" not in response and "$ref" not in response:
            # an error the route declared without a body: it is the standard problem
            responses[status] = {"$ref": f"#/components/responses/{_ERRORS[status][0]}"}
    for status, response in responses.items():
        if "$ref" in response:
            continue
        headers = response.setdefault("headers", {})
        for name in _success_headers(status, method, op):
            headers.setdefault(name, {"$ref": f"#/components/headers/{name}"})
    ignored = {entry.get("rule") for entry in op.get("x-accord-ignore", [])}
    if method == "post" and path.startswith("/v1/") and "post-idempotency-key" not in ignored:
        params = op.setdefault("parameters", [])
        if not any(p.get("name", "").lower() == "idempotency-key" for p in params
                   if isinstance(p, dict)):
            params.append({"$ref": "#/components/parameters/IdempotencyKey"})


def _success_headers(status: str, method: str, op: dict[str, Any]) -> Iterator[str]:
    yield "X-Request-ID"
    if status.startswith("2"):
        yield "RateLimit"
        yield "RateLimit-Policy"
    if status in ("201", "202"):
        yield "Location"
    if method == "post" and status.startswith("2"):
        yield "Idempotent-Replayed"


def _problem_headers(status: str) -> dict[str, Any]:
    names = ["X-Request-ID"]
    if status == "401":
        names.append("WWW-Authenticate")
    if status in ("429", "503"):
        names.append("Retry-After")
    if status == "429":
        names += ["RateLimit", "RateLimit-Policy"]
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _scope_of(dependant: Dependant) -> str | None:
    """The widest scope among the route's dependencies (None: no credential needed)."""
    found: list[str] = []
    authenticated = False
    for call in _calls(dependant):
        if call in _SCOPES:
            found.append(_SCOPES[call])
        if call is deps.caller:
            authenticated = True
    if not found:
        return "read" if authenticated else None
    order = ["read", "write", "admin"]
    return max(found, key=order.index)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)
