"""``POST /oauth/token``: the OAuth2 client-credentials grant (RFC 6749 §4.4).

The client is a hub token: ``client_id`` is the token's id, ``client_secret``
the whole token (``acc_<id>_<secret>``), sent with HTTP Basic (RFC 6749 §2.3.1:
each part form-urlencoded, then ``id:secret`` in base64) or as the form fields
``client_id`` and ``client_secret``, never both. The answer is a short-lived
child token (:func:`accord.services.tokens.issue_access_token`) in the RFC's
JSON shape, with ``Cache-Control: no-store``.

Errors are the RFC's (§5.2) and the hub's at once: a problem document
(``application/problem+json``, code ``OAUTH_*``) that also carries the RFC's
``error`` and ``error_description`` members, so OAuth2 client libraries read
it as they read any token endpoint's error.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote_plus

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from accord.api.errors import problem_of
from accord.core.errors import AccordError, ErrorCode
from accord.runtime.problems import Problem
from accord.services.publish import Hub
from accord.services.tokens import ACCESS_TOKEN_TTL, issue_access_token

router = APIRouter(tags=["oauth"])

FORM = "application/x-www-form-urlencoded"
MAX_BODY = 16 * 1024
GRANT = "client_credentials"
#: The RFC 6749 §5.2 ``error`` of each code.
RFC_ERRORS: dict[ErrorCode, str] = {
    ErrorCode.OAUTH_INVALID_REQUEST: "invalid_request",
    ErrorCode.OAUTH_INVALID_CLIENT: "invalid_client",
    ErrorCode.OAUTH_INVALID_GRANT: "invalid_grant",
    ErrorCode.OAUTH_UNAUTHORIZED_CLIENT: "unauthorized_client",
    ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE: "unsupported_grant_type",
    ErrorCode.OAUTH_INVALID_SCOPE: "invalid_scope",
}
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# RFC 6749 appendix A: client ids and secrets are VSCHAR, scope tokens NQCHAR.
_VSCHAR = re.compile(r"[\x20-\x7e]{1,500}")
_SCOPE = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*")
_PARAMETERS = ("grant_type", "scope", "client_id", "client_secret")


class TokenResponse(BaseModel):
    """RFC 6749 §5.1: the access token and what it allows."""

    access_token: str = Field(description="Send it as `Authorization: Bearer <token>`.",
                              max_length=200)
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="Seconds until the token expires.", ge=0)
    scope: str = Field(description="The token's scopes, separated by spaces.", max_length=100)


_ERROR_SCHEMA: dict[str, Any] = {"allOf": [
    {"$ref": "#/components/schemas/Problem"},
    {"type": "object", "required": ["error"], "properties": {
        "error": {"type": "string", "enum": sorted(RFC_ERRORS.values()),
                  "description": "The RFC 6749 §5.2 error code."},
        "error_description": {"type": "string", "maxLength": 2000}}}]}
_FORM_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": [GRANT]},
        "scope": {"type": "string", "maxLength": 100,
                  "description": "Space-separated scopes, at most the client's own."},
        "client_id": {"type": "string", "maxLength": 200,
                      "description": "The client token's id (unless sent with HTTP Basic)."},
        "client_secret": {"type": "string", "maxLength": 200,
                          "description": "The whole client token (unless sent with HTTP "
                          "Basic)."}}}


def _oauth_error(code: ErrorCode, description: str, hint: str | None = None) -> Problem:
    return _problem(AccordError(code, description, hint=hint))


def _problem(error: AccordError) -> Problem:
    problem = problem_of(error)
    problem.extra["error"] = RFC_ERRORS[error.code]
    problem.extra["error_description"] = error.message
    problem.headers.update(_NO_STORE)
    if problem.status == 401:
        problem.headers["WWW-Authenticate"] = 'Basic realm="accord", charset="UTF-8"'
    return problem


async def _form(request: Request) -> dict[str, str]:
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != FORM:
        raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST, f"the body must be {FORM}",
                           hint="send grant_type=client_credentials as a form")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST,
                               f"the body is larger than {MAX_BODY} bytes")
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST,
                           "the body is not a valid form (percent-encoded UTF-8)") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if not value:  # RFC 6749 §3.1: a parameter without a value counts as omitted
            continue
        if name in form:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST,
                               f"the parameter {name!r} is repeated",
                               hint="send each parameter once")
        form[name] = value
    return form


def _client(request: Request, form: dict[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization")
    if header is not None:
        if "client_secret" in form:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST,
                               "the client authenticated twice (Authorization and form)",
                               hint="use HTTP Basic or the client_secret field, not both")
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() != "basic":
            raise _oauth_error(ErrorCode.OAUTH_INVALID_CLIENT,
                               f"unsupported client authentication {scheme!r}",
                               hint="use HTTP Basic with the token id and the whole token")
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise _oauth_error(ErrorCode.OAUTH_INVALID_CLIENT,
                               "the Basic credentials are not valid base64") from None
        client_id, colon, secret = decoded.partition(":")
        if not colon:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_CLIENT,
                               "the Basic credentials lack the ':' between id and secret")
        client_id, secret = unquote_plus(client_id), unquote_plus(secret)
        if "client_id" in form and form["client_id"] != client_id:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST,
                               "client_id differs from the Basic credentials' id")
    else:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if not client_id or not secret:
            raise _oauth_error(ErrorCode.OAUTH_INVALID_CLIENT, "no client authentication",
                               hint="send HTTP Basic (token id : whole token), or the "
                               "client_id and client_secret fields")
    if not (_VSCHAR.fullmatch(client_id) and _VSCHAR.fullmatch(secret)):
        raise _oauth_error(ErrorCode.OAUTH_INVALID_CLIENT, "client authentication failed")
    return client_id, secret


@router.post(
    "/oauth/token", response_model=TokenResponse,
    summary="Get an access token (OAuth2 client credentials)",
    responses={
        400: {"description": "RFC 6749 §5.2 error: invalid_request, invalid_grant, "
              "unauthorized_client, unsupported_grant_type or invalid_scope.",
              "content": {"application/problem+json": {"schema": _ERROR_SCHEMA}}},
        401: {"description": "invalid_client: client authentication failed.",
              "content": {"application/problem+json": {"schema": _ERROR_SCHEMA}}},
    },
    openapi_extra={"requestBody": {"required": True, "content": {FORM: {
        "schema": _FORM_SCHEMA}}}},
)
async def token(request: Request) -> JSONResponse:
    """Exchange a hub token (the client credential) for a short-lived access token with
    the same team and the same or fewer scopes. The client authenticates with HTTP
    Basic (token id : whole token) or the client_id and client_secret fields."""
    form = await _form(request)
    grant = form.get("grant_type")
    if grant is None:
        raise _oauth_error(ErrorCode.OAUTH_INVALID_REQUEST, "grant_type is missing",
                           hint=f"send grant_type={GRANT}")
    client_id, secret = _client(request, form)
    if grant != GRANT:
        raise _oauth_error(ErrorCode.OAUTH_UNSUPPORTED_GRANT_TYPE,
                           f"the grant type {grant[:50]!r} is not supported",
                           hint=f"the hub supports grant_type={GRANT}")
    scope = form.get("scope")
    if scope is not None and not _SCOPE.fullmatch(scope):
        raise _oauth_error(ErrorCode.OAUTH_INVALID_SCOPE, "the scope is malformed",
                           hint="scopes separated by single spaces: read write")
    hub: Hub = request.app.state.hub
    ttl: timedelta = getattr(request.app.state, "oauth_token_ttl", ACCESS_TOKEN_TTL)
    try:
        issued = await anyio.to_thread.run_sync(partial(
            issue_access_token, hub.db, client_id=client_id, client_secret=secret,
            scope=scope, ttl=ttl))
    except AccordError as exc:
        if exc.code in RFC_ERRORS:
            raise _problem(exc) from None
        raise
    expires_in = max(0, int((issued.expires_at - datetime.now(UTC)).total_seconds()))
    body = TokenResponse(access_token=issued.token.secret, token_type="Bearer",
                         expires_in=expires_in, scope=" ".join(issued.token.scopes))
    return JSONResponse(body.model_dump(), headers=_NO_STORE)
