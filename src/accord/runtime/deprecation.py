"""``Deprecation`` (RFC 9745) and ``Sunset`` (RFC 8594) headers on deprecated routes.

A deprecated route keeps working but says so on every response, so clients
and accord's usage tracking notice before it goes::

    Deprecation: @1767225600                          since (or from) this instant
    Sunset: Wed, 01 Jul 2026 00:00:00 GMT             gone after this instant
    Link: <https://example.com/migrate>; rel="deprecation"

Use :class:`DeprecationMiddleware` with a table of routes (the headers then
reach error responses too), or the :func:`deprecated` dependency on single
FastAPI routes (only responses the route returns normally). Mark the route
``deprecated=True`` as well, so the OpenAPI document says it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_LINK_TARGET = re.compile(r"[^\s<>]+")
_ROUTE = re.compile(r"(?:([A-Z]+) +)?(/\S*)")


@dataclass(frozen=True, slots=True)
class Deprecation:
    """When a route was (or will be) deprecated, when it goes, where to read why.

    Times must be timezone-aware; a sunset before the deprecation is refused.
    """

    deprecated_at: datetime
    sunset_at: datetime | None = None
    #: A page about the deprecation and the migration (``rel="deprecation"``).
    link: str | None = None

    def __post_init__(self) -> None:
        for moment in (self.deprecated_at, self.sunset_at):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError("deprecation times must be timezone-aware")
        if self.sunset_at is not None and self.sunset_at < self.deprecated_at:
            raise ValueError(
                f"sunset ({self.sunset_at.isoformat()}) is before the deprecation "
                f"({self.deprecated_at.isoformat()}); RFC 8594 forbids it"
            )
        if self.link is not None and not _LINK_TARGET.fullmatch(self.link):
            raise ValueError(f"not usable as a link target: {self.link!r}")

    def headers(self) -> list[tuple[str, str]]:
        """The response headers, in order."""
        headers = [("Deprecation", f"@{int(self.deprecated_at.timestamp())}")]
        if self.sunset_at is not None:
            headers.append(("Sunset", format_datetime(self.sunset_at.astimezone(UTC), usegmt=True)))
        if self.link is not None:
            headers.append(("Link", f'<{self.link}>; rel="deprecation"'))
        return headers


def _add(headers: MutableHeaders, deprecation: Deprecation) -> None:
    for name, value in deprecation.headers():
        if name == "Link":
            headers.append(name, value)  # a response may carry other links
        else:
            headers[name] = value


class DeprecationMiddleware:
    """Pure ASGI middleware adding the headers to every response of the listed routes.

    ``routes`` maps ``"GET /v1/things/{id}"`` (one method) or ``"/v1/things/{id}"``
    (every method) to its :class:`Deprecation`; a method-specific entry wins.
    """

    def __init__(self, app: ASGIApp, *, routes: Mapping[str, Deprecation]) -> None:
        self.app = app
        table = []
        for route, deprecation in routes.items():
            match = _ROUTE.fullmatch(route.strip())
            if match is None:
                raise ValueError(f"route must be '[METHOD] /path', not {route!r}")
            table.append((match[1], compile_path(match[2])[0], deprecation))
        # Method-specific entries first, so they win over any-method ones.
        self._table = sorted(table, key=lambda entry: entry[0] is None)

    def lookup(self, method: str, path: str) -> Deprecation | None:
        for route_method, pattern, deprecation in self._table:
            if route_method in (None, method) and pattern.match(path):
                return deprecation
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        deprecation = (
            self.lookup(scope["method"], scope["path"]) if scope["type"] == "http" else None
        )
        if deprecation is None:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add(MutableHeaders(scope=message), deprecation)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def deprecated(deprecation: Deprecation) -> Callable[[Response], None]:
    """A FastAPI dependency adding the headers to the responses a route returns:
    ``@app.get("/v1/old", deprecated=True, dependencies=[Depends(deprecated(d))])``."""

    def add_headers(response: Response) -> None:
        _add(response.headers, deprecation)

    return add_headers
