"""Request-scoped dependencies: the hub and the caller.

They run on the event loop, since a worker thread for each would cost more
than their work. The caller's token is looked up in the database (in a worker
thread) only when it was not checked a moment ago (``services/token_cache.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from accord.core.errors import AccordError, ErrorCode
from accord.services.publish import Hub
from accord.services.token_cache import remembered
from accord.services.tokens import Principal, authenticate

T = TypeVar("T")


def on_loop(dependency: Callable[..., T]) -> Callable[..., Coroutine[Any, Any, T]]:
    """``dependency`` (cheap, synchronous) as a coroutine with the same parameters,
    so FastAPI calls it on the event loop instead of in a worker thread."""

    async def run(**values: Any) -> T:
        return dependency(**values)

    run.__signature__ = inspect.signature(dependency)  # type: ignore[attr-defined]
    run.__doc__ = dependency.__doc__
    return run


async def hub(request: Request) -> Hub:
    found: Hub = request.app.state.hub
    return found


async def caller(request: Request, the_hub: Annotated[Hub, Depends(hub)]) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    token = credential.strip()
    if scheme.lower() != "bearer" or not token:
        raise AccordError(ErrorCode.UNAUTHENTICATED, "no bearer token",
                          hint="send Authorization: Bearer <token> (accord login, or "
                          "accord token create)")
    found = remembered(the_hub.db, token)
    principal = found if isinstance(found, Principal) else await run_in_threadpool(
        authenticate, the_hub.db, token)
    if principal is None:
        raise AccordError(ErrorCode.UNAUTHENTICATED, "the token is unknown, revoked or expired",
                          hint="create a new token with accord token create")
    request.state.principal = principal
    return principal


async def reader(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    return _require(principal, "read")


async def writer(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    return _require(principal, "write")


async def admin(principal: Annotated[Principal, Depends(caller)]) -> Principal:
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
