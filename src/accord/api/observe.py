"""What happened to each request, for the access log and the metrics.

:class:`ObserveMiddleware` times each HTTP request and hands an
:class:`Exchange` to its observers when the response is sent: the method, the
route *template* (``/v1/interfaces/{interface_id}``, never the raw path's ids),
the status, the problem ``code`` of an error response, the id of the token
that authenticated and whether it was an idempotent replay.

It is also where an unexpected exception ends: it is logged on
``accord.errors`` with its type and the request id (its traceback only at
DEBUG: messages and tracebacks may quote data) and the client gets a 500
``INTERNAL`` problem that says nothing about it.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fastapi.routing import iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.runtime.problems import INTERNAL, PROBLEM_CONTENT_TYPE, problem_response
from accord.runtime.request_id import request_id_of

errors = logging.getLogger("accord.errors")

# Problem documents larger than this are not read for their code.
_MAX_PROBLEM = 1024 * 1024
_PROBLEM = PROBLEM_CONTENT_TYPE.encode("latin-1")


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response, as the observers see it."""

    method: str
    #: The route template that matched (or would have), None for an unknown path.
    route: str | None
    path: str
    #: None when the client went away before a response started.
    status: int | None
    duration: float
    request_id: str | None
    #: The authenticated token's id (never the token).
    token_id: str | None = None
    #: The ``code`` of a problem response.
    code: str | None = None
    #: An ``Idempotent-Replayed`` response (the handler did not run again).
    replayed: bool = False


Observer = Callable[[Exchange], None]


class RouteTemplates:
    """The route template of a request, also of one answered before routing."""

    def __init__(self) -> None:
        self._routes: list[tuple[re.Pattern[str], frozenset[str], str]] = []
        self._built_for = -1

    def __call__(self, scope: Scope) -> str | None:
        path = getattr(scope.get("route"), "path", None)
        if isinstance(path, str):
            return path
        # Answered before routing (rate limited, replayed): match as the router would.
        routes = list(getattr(scope.get("app"), "routes", ()))
        if len(routes) != self._built_for:
            self._routes = [(c.path_regex, frozenset(c.methods or ()), c.path_format)
                            for c in iter_route_contexts(routes) if c.path_format]
            self._built_for = len(routes)
        partial: str | None = None
        for regex, methods, template in self._routes:
            if regex.match(scope["path"]):
                if not methods or scope["method"] in methods:
                    return template
                partial = partial or template  # 405: the path is known
        return partial


def _token_id(scope: Scope) -> str | None:
    principal = scope.get("state", {}).get("principal")
    token_id = getattr(principal, "token_id", None)
    return token_id if isinstance(token_id, str) else None


def _problem_code(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    code = document.get("code") if isinstance(document, dict) else None
    return code if isinstance(code, str) else None


class ObserveMiddleware:
    """Pure ASGI middleware: one :class:`Exchange` per HTTP request to each observer.

    Place it inside the request-id middleware (so the id is known) and outside
    everything that may answer on its own (rate limits, idempotent replays).
    """

    def __init__(self, app: ASGIApp, *, observers: Sequence[Observer] = ()) -> None:
        self.app = app
        self.observers = tuple(observers)
        self.route_template = RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # Request.state writes into this dict: the principal appears here once authenticated.
        scope.setdefault("state", {})
        status: int | None = None
        problem: list[bytes] | None = None
        replayed = False

        async def observing_send(message: Message) -> None:
            nonlocal status, problem, replayed
            if message["type"] == "http.response.start":
                status = message["status"]
                # Two headers matter: a scan of the few there are, no mapping built.
                content_type = replay = None
                for name, value in message.get("headers", ()):
                    lowered = name.lower()
                    if lowered == b"content-type" and content_type is None:
                        content_type = value
                    elif lowered == b"idempotent-replayed" and replay is None:
                        replay = value
                if content_type is not None and content_type.startswith(_PROBLEM):
                    problem = []
                replayed = replay == b"true"
            elif message["type"] == "http.response.body" and problem is not None:
                problem.append(message.get("body", b""))
                if sum(map(len, problem)) > _MAX_PROBLEM:
                    problem = None
            await send(message)

        code: str | None = None
        try:
            await self.app(scope, receive, observing_send)
        except Exception as exc:
            self._log_unhandled(exc, scope)
            if status is not None:
                raise  # the response has begun: nothing to answer with, let the server close
            status, code = 500, INTERNAL.code
            answer = INTERNAL("Something went wrong on our side. Quote the request_id if you "
                              "report it.")
            await problem_response(answer, scope)(scope, receive, send)
        finally:
            if code is None and problem:
                code = _problem_code(b"".join(problem))
            exchange = Exchange(
                method=scope["method"], route=self.route_template(scope), path=scope["path"],
                status=status, duration=time.perf_counter() - started,
                request_id=request_id_of(scope), token_id=_token_id(scope), code=code,
                replayed=replayed)
            for observe in self.observers:
                try:
                    observe(exchange)
                except Exception:  # an observer never breaks a request
                    errors.warning("request observer %r failed", observe, exc_info=True)

    def _log_unhandled(self, exc: Exception, scope: Scope) -> None:
        request_id = request_id_of(scope)
        fields = {"error": type(exc).__name__, "method": scope["method"],
                  "route": self.route_template(scope), "path": scope["path"]}
        errors.error("unhandled %s in %s %s", type(exc).__name__, scope["method"],
                     fields["route"] or scope["path"],
                     extra={"request_id": request_id, "accord": fields})
        errors.debug("traceback of the unhandled %s", type(exc).__name__, exc_info=exc,
                     extra={"request_id": request_id, "accord": fields})
