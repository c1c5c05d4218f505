"""Request-scoped dependencies: the hub and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from accord.core.errors import AccordError, ErrorCode
from accord.services.publish import Hub
from accord.services.tokens import Principal, authenticate


def hub(request: Request) -> Hub:
    found: Hub = request.app.state.hub
    return found


def caller(request: Request, the_hub: Annotated[Hub, Depends(hub)]) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise AccordError(ErrorCode.UNAUTHENTICATED, "no bearer token",
                          hint="send Authorization: Bearer <token> (accord login, or "
                          "accord token create)")
    principal = authenticate(the_hub.db, credential.strip())
    if principal is None:
        raise AccordError(ErrorCode.UNAUTHENTICATED, "the token is unknown, revoked or expired",
                          hint="create a new token with accord token create")
    request.state.principal = principal
    return principal


def reader(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    return _require(principal, "read")


def writer(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    return _require(principal, "write")


def admin(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    return _require(principal, "admin")


def _require(principal: Principal, scope: str) -> Principal:
    if not principal.allows(scope):
        raise AccordError(ErrorCode.FORBIDDEN, f"the token lacks the {scope!r} scope",
                          hint=f"use a token with the {scope} scope")
    return principal


def require_team(principal: Principal, team: str) -> None:
    if not principal.may_act_for(team):
        raise AccordError(ErrorCode.FORBIDDEN,
                          f"team {principal.team!r} may not change what team {team!r} owns",
                          hint="use a token of the owning team (or an admin token)")
