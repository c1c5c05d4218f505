"""Cursor pagination: ``?limit=&after=`` in, ``{"data": [...], "page": {...}}`` out.

A list is ordered by a sort key that ends in a unique id, so the order is total
and stable while rows are added. The cursor is the sort key of the last item a
page returned, as compact JSON in URL-safe base64: opaque to clients (they must
not build one), cheap to decode, and it needs no server-side state. It is not
secret; pass ``secret`` to sign it when a forged position would matter.

A SQL caller fetches one row more than it returns, which is how it knows there
is a next page without counting::

    params = Depends(page_params())
    rows = db.execute(
        select(Item)
        .where(tuple_(Item.created_at, Item.id) > params.after if params.after else true())
        .order_by(Item.created_at, Item.id)
        .limit(params.fetch)            # limit + 1
    )
    return page(rows, params.limit, key=lambda r: (r.created_at.isoformat(), r.id))
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import inspect
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypedDict, TypeVar

from fastapi import Query
from pydantic import BaseModel

from accord.runtime.problems import INVALID_CURSOR, FieldError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Longer than any honest cursor; bounds the work a hostile one can cause.
MAX_CURSOR_LENGTH = 1024

#: One sort key value: what JSON can carry exactly (turn datetimes into ISO strings).
KeyValue = str | int | float | bool | None
SortKey = tuple[KeyValue, ...]

T = TypeVar("T")

_CURSOR = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?")
_SIGNATURE_BYTES = 12


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _signature(payload: str, secret: bytes) -> str:
    digest = hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()
    return _b64(digest[:_SIGNATURE_BYTES])


def encode_cursor(key: Sequence[KeyValue], *, secret: bytes | None = None) -> str:
    """The cursor for a position: the sort key of the last item returned."""
    text = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    payload = _b64(text.encode("utf-8"))
    return f"{payload}.{_signature(payload, secret)}" if secret else payload


def _invalid(reason: str) -> Exception:
    return INVALID_CURSOR(
        "The 'after' cursor is not one this API issued; "
        "start again from the first page and follow next_cursor.",
        fields=[FieldError("/query/after", reason)],
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def decode_cursor(cursor: str, *, arity: int | None = None, secret: bytes | None = None) -> SortKey:
    """The sort key a cursor holds; a :class:`Problem` 400 ``INVALID_CURSOR`` for a
    cursor that is malformed, tampered with (when signed), or of another shape
    (``arity``: the number of sort key values the list uses)."""
    if len(cursor) > MAX_CURSOR_LENGTH or not _CURSOR.fullmatch(cursor):
        raise _invalid("malformed cursor")
    payload, _, signature = cursor.partition(".")
    if secret is not None and not hmac.compare_digest(signature, _signature(payload, secret)):
        raise _invalid("cursor signature does not match")
    try:
        key = json.loads(_unb64(payload).decode("utf-8"), parse_constant=_reject_constant)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _invalid("malformed cursor") from None
    if not isinstance(key, list) or not all(
        v is None or isinstance(v, str | int | float | bool) for v in key
    ):
        raise _invalid("malformed cursor")
    if arity is not None and len(key) != arity:
        raise _invalid("cursor belongs to another list")
    return tuple(key)


@dataclass(frozen=True, slots=True)
class PageParams:
    """A validated page request."""

    limit: int
    #: The sort key to continue after; None for the first page.
    after: SortKey | None = None

    @property
    def fetch(self) -> int:
        """How many rows to fetch: one more than ``limit`` reveals whether more follow."""
        return self.limit + 1


def page_params(
    *,
    default_limit: int | None = None,
    max_limit: int = MAX_LIMIT,
    arity: int | None = None,
    secret: bytes | None = None,
) -> Callable[..., PageParams]:
    """A FastAPI dependency reading ``limit`` and ``after`` from the query.

    ``limit`` outside 1..``max_limit`` is a 422 ``VALIDATION_FAILED`` naming
    ``/query/limit``; both bounds appear in the OpenAPI document, which is where
    the maximum is documented. ``default_limit`` defaults to 50, or ``max_limit``
    when that is smaller.
    """
    if default_limit is None:
        default_limit = min(DEFAULT_LIMIT, max_limit)
    if not 1 <= default_limit <= max_limit:
        raise ValueError("need 1 <= default_limit <= max_limit")

    def dependency(limit: int, after: str | None) -> PageParams:
        key = decode_cursor(after, arity=arity, secret=secret) if after else None
        return PageParams(limit=limit, after=key)

    # Set the signature explicitly: FastAPI reads it, and the bounds are only known now.
    limit_query = Query(ge=1, le=max_limit, description=f"Items per page, 1 to {max_limit}.")
    after_query = Query(
        max_length=MAX_CURSOR_LENGTH,
        description="The next_cursor of the previous page; omit for the first page.",
    )
    dependency.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "limit",
                inspect.Parameter.KEYWORD_ONLY,
                default=default_limit,
                annotation=Annotated[int, limit_query],
            ),
            inspect.Parameter(
                "after",
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[str | None, after_query],
            ),
        ],
        return_annotation=PageParams,
    )
    return dependency


class PageMeta(TypedDict):
    next_cursor: str | None
    has_more: bool


class PageBody(TypedDict, Generic[T]):
    data: list[T]
    page: PageMeta


def page(
    items: Sequence[T],
    limit: int,
    key: Callable[[T], Sequence[KeyValue]],
    *,
    secret: bytes | None = None,
) -> PageBody[T]:
    """The response body for ``items``, fetched as up to ``limit + 1`` rows in order.

    ``key`` gives an item's sort key, ending in its unique id; the next cursor is
    the key of the last item returned.
    """
    items = list(items)
    has_more = len(items) > limit
    data = items[:limit]
    next_cursor = encode_cursor(key(data[-1]), secret=secret) if has_more and data else None
    return {"data": data, "page": {"next_cursor": next_cursor, "has_more": has_more}}


class PageInfo(BaseModel):
    """The ``page`` member of a list response (for OpenAPI response models)."""

    next_cursor: str | None
    has_more: bool


class Page(BaseModel, Generic[T]):
    """A list response, for ``response_model=Page[Item]``."""

    data: list[T]
    page: PageInfo
