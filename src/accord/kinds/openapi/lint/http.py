"""HTTP semantics: bodies only where they mean something, 201 + Location on create,
202 + Location for long-running work, Idempotency-Key on POST, conditional requests."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import (
    at,
    deref,
    is_plural,
    is_template,
    is_version,
    rule,
    segments,
    words,
)
from accord.kinds.openapi.model import OpenAPIModel, Operation, RequestBody
from accord.lint.rule import Hit, LintOptions

#: Verbs that open a command segment (verify_microdeposits, generate-notes): a POST
#: to one runs the command; it does not add to a collection.
_COMMAND_VERBS = frozenset({
    "accept", "add", "apply", "approve", "archive", "attach", "cancel", "capture", "close",
    "confirm", "create", "decline", "delete", "detach", "disable", "dismiss", "enable",
    "enforce", "expire", "finalize", "generate", "get", "list", "lock", "mark", "merge",
    "pay", "preview", "publish", "redeliver", "refresh", "reject", "remove", "reopen",
    "rerun", "resend", "reset", "restore", "retry", "rotate", "run", "send", "set", "start",
    "stop", "submit", "sync", "unlock", "update", "validate", "verify", "void",
})


def creates(op: Operation) -> bool:
    """A POST to a collection (/orders, /orders/{id}/items) creates a member; a POST
    to anything else (/orders/{id}/cancel, /intents/{id}/verify_microdeposits) is a
    command."""
    if op.method != "post":
        return False
    parts = segments(op.path)
    if not parts or is_template(parts[-1]) or is_version(parts[-1]):
        return False
    last = parts[-1].split(":", 1)[0]
    found = words(last)
    if len(found) > 1 and found[0] in _COMMAND_VERBS:
        return False
    return is_plural(last)


def _admits_no_data(model: OpenAPIModel, body: RequestBody) -> bool:
    """Whether every media type of ``body`` only allows an empty object (an object
    without properties that forbids additional ones: Stripe declares such a body on
    each GET and DELETE). Such a body carries nothing, so there is nothing to move."""
    if not body.content:
        return False
    for media in body.content.values():
        if media.schema is None:
            return False
        value = deref(model, media.schema).value
        if not isinstance(value, dict) or value.get("type") != "object" \
                or value.get("properties") or value.get("additionalProperties") is not False \
                or any(k in value for k in ("patternProperties", "allOf", "anyOf", "oneOf",
                                            "$ref")):
            return False
    return True


@rule("no-body-on-get-delete", Severity.ERROR,
      "GET, HEAD and DELETE requests carry no body: HTTP gives it no meaning, and proxies "
      "and clients drop it.",
      "move the input to query or path parameters, or use POST for a query command")
def no_body(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if op.method in ("get", "head", "delete") and op.request_body is not None \
                and not _admits_no_data(model, op.request_body):
            yield Hit(f"{op.label} has a request body", op.request_body.node.location)


@rule("post-create-201-location", Severity.WARN,
      "A POST that creates a resource answers 201 Created with a Location header naming it "
      "(or 202 Accepted with Location for long-running work).",
      "document a 201 response with a Location header")
def created(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if not creates(op):
            continue
        accepted = [op.responses[s] for s in ("201", "202") if s in op.responses]
        if not accepted:
            codes = ", ".join(s for s in op.responses if s.startswith("2")) or "no success"
            yield Hit(f"{op.label} creates a resource but answers {codes}, not 201",
                      at(op.node, "responses"))
            continue
        # A 202 alone is long-running work: accepted-202-location checks it.
        if "201" in op.responses and not any("location" in r.headers for r in accepted):
            response = accepted[0]
            yield Hit(f"the {response.status} response of {op.label} documents no Location "
                      "header", response.node.location,
                      hint="add a Location header with the new resource's URL")


@rule("accepted-202-location", Severity.WARN,
      "An operation that answers 202 Accepted (long-running work) documents a Location "
      "header naming a status resource the client can poll.",
      "add a Location header to the 202 response (the URL of the job or operation status)")
def accepted_location(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        response = op.responses.get("202")
        if response is not None and "location" not in response.headers:
            yield Hit(f"the 202 response of {op.label} documents no Location header",
                      response.node.location)


@rule("post-idempotency-key", Severity.WARN,
      "A POST that clients may retry accepts an Idempotency-Key header, so a retry after a "
      "timeout does not act twice. The OAuth token endpoint (the tokenUrl of a security "
      "scheme) is exempt.",
      "add an optional 'Idempotency-Key' header parameter (a string of at most 255 characters)")
def idempotency_key(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    token_paths = _token_endpoints(model)
    for op in model.operations.values():
        if op.path in token_paths:  # RFC 6749 defines it; a retry just mints another token
            continue
        if op.method == "post" and ("header", "idempotency-key") not in op.parameters:
            yield Hit(f"{op.label} accepts no Idempotency-Key header", op.node.location)


def _token_endpoints(model: OpenAPIModel) -> set[str]:
    """The paths of the OAuth 2.0 token and refresh URLs the document declares."""
    found = set()
    for scheme in model.security_schemes.values():
        for flow in scheme.flows.values():
            for key in ("tokenUrl", "refreshUrl"):
                url = flow.urls.get(key)
                if url:
                    found.add(urlsplit(url).path or url)
    return found


def _header_params(op: Operation) -> set[str]:
    return {name.lower() for where, name in op.parameters if where == "header"}


@rule("update-if-match", Severity.INFO,
      "PUT and PATCH accept If-Match, so concurrent updates fail with 412 instead of "
      "overwriting each other.",
      "add an 'If-Match' header parameter and document 412", recommended=False)
def if_match(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if op.method in ("put", "patch") and "if-match" not in _header_params(op):
            yield Hit(f"{op.label} accepts no If-Match header", op.node.location)


@rule("get-etag", Severity.INFO,
      "A GET of a single resource returns an ETag, the version clients send back in If-Match.",
      "document an ETag header on the 200 response", recommended=False)
def etag(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        parts = segments(op.path)
        ok = op.responses.get("200")
        if op.method == "get" and parts and is_template(parts[-1]) and ok is not None \
                and "etag" not in ok.headers:
            yield Hit(f"the 200 response of {op.label} documents no ETag header",
                      ok.node.location)
