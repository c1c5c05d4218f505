"""Errors: 4xx and 5xx documented, structured error bodies, 401 where security applies
and 403 where scopes do, 429 with Retry-After and rate-limit headers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import at, deref, has_status, rule, status_class
from accord.kinds.openapi.model import OpenAPIModel, Response
from accord.lint.rule import Hit, LintOptions
from accord.source import Node

_CODES = frozenset({"code", "error_code", "errorcode", "type", "error", "status"})
_MESSAGES = frozenset({"message", "detail", "title", "error_description", "description",
                       "error_message", "errormessage"})
_NESTED = ("error", "errors")


@rule("error-responses-documented", Severity.WARN,
      "Every operation documents its client (4xx) and server (5xx) errors, or a default "
      "response, so clients know what failure looks like.",
      "document the 4xx and 5xx responses (or 'default') with their error body")
def documented(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        missing = [what for cls, what in (("4", "client error (4xx)"),
                                          ("5", "server error (5xx)"))
                   if not has_status(op, cls, "default")]
        if missing:
            yield Hit(f"{op.label} documents no {' and no '.join(missing)} response",
                      at(op.node, "responses"))


def _property_names(model: OpenAPIModel, schema: Node, depth: int = 0) -> dict[str, Node]:
    """Property names of an object schema, through allOf (one schema's view)."""
    schema = deref(model, schema)
    value = schema.value
    if not isinstance(value, dict) or depth > 3:
        return {}
    out: dict[str, Node] = {}
    for name in value.get("properties") or {}:
        child = schema.child("properties", str(name))
        if child is not None:
            out[str(name).lower()] = child
    members = schema.child("allOf")
    for index in range(len(members.value) if members and isinstance(members.value, list) else 0):
        member = members.child(index) if members else None
        if member is not None:
            out.update(_property_names(model, member, depth + 1))
    return out


def _structured(model: OpenAPIModel, schema: Node) -> bool:
    names = _property_names(model, schema)
    if _CODES & names.keys() and _MESSAGES & names.keys():
        return True
    # {"error": {"code": ..., "message": ...}} (Stripe, Google), or a list of those.
    for key in _NESTED:
        nested = names.get(key)
        if nested is not None:
            inner = deref(model, nested)
            items = inner.child("items") if inner.value.get("type") == "array" else inner
            if items is not None and _structured(model, items):
                return True
    return False


def _body_problem(model: OpenAPIModel, response: Response) -> Hit | None:
    if not response.content:
        return Hit(f"the {response.status} response documents no error body",
                   response.node.location)
    for name, media in response.content.items():
        if "problem+json" in name:
            return None
        if media.schema is not None and "json" in name and _structured(model, media.schema):
            return None
    name, media = next(iter(response.content.items()))
    return Hit(f"the {response.status} error body ({name}) has no machine-readable code and "
               "message", (media.schema or media.node).location)


@rule("error-body-structured", Severity.WARN,
      "Error bodies are structured: RFC 9457 application/problem+json, or JSON with a "
      "machine-readable code and a message, so clients can branch on the error.",
      "use application/problem+json (type, title, status, detail, plus a code and request_id)")
def structured(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        for status, response in op.responses.items():
            if status_class(status) in ("4", "5", "default"):
                problem = _body_problem(model, response)
                if problem is not None:
                    yield problem


@rule("unauthorized-documented", Severity.WARN,
      "An operation that requires credentials documents 401 Unauthorized (missing or bad "
      "credentials).",
      "document a 401 response with the API's error body")
def unauthorized(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if not op.security.public and "401" not in op.responses \
                and not has_status(op, "default") and "4XX" not in op.responses:
            yield Hit(f"{op.label} requires credentials but documents no 401 response",
                      at(op.node, "responses"))


@rule("rate-limit-429", Severity.INFO,
      "Every operation documents 429 Too Many Requests with a Retry-After header, so "
      "clients back off for as long as the server asks.",
      "document a 429 response with a Retry-After header (and RateLimit headers)")
def too_many_requests(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        response = op.responses.get("429")
        if response is None:
            yield Hit(f"{op.label} documents no 429 response", at(op.node, "responses"))
        elif "retry-after" not in response.headers:
            yield Hit(f"the 429 response of {op.label} documents no Retry-After header",
                      response.node.location, hint="add a Retry-After header to the 429 response")


@rule("forbidden-documented", Severity.WARN,
      "An operation whose security requires scopes documents 403 Forbidden (valid "
      "credentials without the scope), which clients must tell apart from 401.",
      "document a 403 response with the API's error body")
def forbidden(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        scoped = [r for r in op.security.requirements if any(r.schemes.values())]
        if scoped and not op.security.public and "403" not in op.responses \
                and not has_status(op, "default") and "4XX" not in op.responses:
            scopes = sorted({s for r in scoped for found in r.schemes.values() for s in found})
            yield Hit(f"{op.label} requires scopes ({', '.join(scopes)}) but documents no 403 "
                      "response", at(op.node, "responses"))


#: RateLimit / RateLimit-Policy (IETF draft), RateLimit-Limit, X-RateLimit-Remaining, ...
_RATE_LIMIT = re.compile(r"(x-)?rate-?limit(-[\w-]+)?")


@rule("rate-limit-headers", Severity.INFO,
      "A 429 response documents the rate-limit headers (RateLimit and RateLimit-Policy, or "
      "X-RateLimit-Limit/-Remaining/-Reset) besides Retry-After, so clients can pace "
      "themselves before they are throttled.",
      "add RateLimit and RateLimit-Policy headers (or X-RateLimit-*) to the 429 response")
def rate_limit_headers(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        response = op.responses.get("429")
        if response is not None and not any(_RATE_LIMIT.fullmatch(h) for h in response.headers):
            yield Hit(f"the 429 response of {op.label} documents no rate-limit header",
                      response.node.location)
