"""Who is calling: the key that rate limits and idempotency keys are scoped to.

The default names the credential without keeping it: a hash of the bearer
token, else the client address. It trusts the token as presented (it runs
before authentication); a service that has already resolved the caller can pass
its own key function returning, say, the verified token id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.requests import HTTPConnection

#: Maps a request to the key of its caller.
CallerKey = Callable[[HTTPConnection], str]


def caller_key(connection: HTTPConnection) -> str:
    """``token:<hash>`` for a bearer token, else ``ip:<client address>``."""
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        return "token:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]
    client = connection.client
    return f"ip:{client.host}" if client else "ip:unknown"
