"""Entity tags for optimistic concurrency (RFC 9110 section 13).

A resource's version becomes a strong ETag (:func:`etag_for`). An update sends
back the tag it read in ``If-Match``; :func:`check_if_match` refuses the update
with 412 when the resource changed since (strong comparison: a weak tag never
matches), and with 428 (RFC 6585) when the route requires the header and it is
missing, so lost updates cannot happen by forgetting it. :func:`if_none_match`
answers a GET with 304 when the caller's copy is current.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from starlette.datastructures import Headers
from starlette.responses import Response

from accord.runtime.problems import PRECONDITION_FAILED, PRECONDITION_REQUIRED

# etagc = %x21 / %x23-7E / obs-text (RFC 9110): no DQUOTE, no space, no controls.
_ETAGC = re.compile(r"[\x21\x23-\x7e\x80-\xff]*")
_ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"')
_AFTER_TAG = re.compile(r"[ \t]*(?:,|\Z)")


@dataclass(frozen=True, slots=True)
class EntityTag:
    """One entity tag: the opaque string between the quotes and whether it is weak."""

    opaque: str
    weak: bool = False

    def strong_match(self, other: EntityTag) -> bool:
        """RFC 9110 strong comparison: both strong and character for character equal."""
        return not self.weak and not other.weak and self.opaque == other.opaque

    def weak_match(self, other: EntityTag) -> bool:
        """RFC 9110 weak comparison: the opaque strings are equal."""
        return self.opaque == other.opaque

    def __str__(self) -> str:
        return f'{"W/" if self.weak else ""}"{self.opaque}"'


def etag_for(version: int | str) -> str:
    """The strong ETag of a resource version: ``7`` -> ``"7"``.

    The version must be non-empty and made of characters an entity tag allows
    (visible ASCII except the double quote).
    """
    opaque = str(version)
    if not opaque or not _ETAGC.fullmatch(opaque):
        raise ValueError(f"not usable in an entity tag: {opaque!r}")
    return f'"{opaque}"'


def parse_entity_tags(value: str) -> tuple[EntityTag, ...] | Literal["*"] | None:
    """An ``If-Match``/``If-None-Match`` value: ``"*"``, its tags, or None if malformed.

    Commas may occur inside a tag, so the list is scanned, not split.
    """
    if value.strip() == "*":
        return "*"
    tags: list[EntityTag] = []
    position = 0
    while True:
        # The list syntax allows empty elements: "a", , "b".
        position = len(value) - len(value[position:].lstrip(" \t,"))
        if position == len(value):
            break
        match = _ENTITY_TAG.match(value, position)
        if match is None:
            return None
        tags.append(EntityTag(match[2], weak=match[1] is not None))
        after = _AFTER_TAG.match(value, match.end())
        if after is None:
            return None
        position = after.end()
    return tuple(tags) if tags else None


def _parse_current(current_etag: str) -> EntityTag:
    match = _ENTITY_TAG.fullmatch(current_etag.strip())
    if match is None:
        raise ValueError(f"current_etag is not an entity tag: {current_etag!r} (use etag_for)")
    return EntityTag(match[2], weak=match[1] is not None)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    if isinstance(headers, Headers):
        values = headers.getlist(name)
        return ", ".join(values) if values else None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def check_if_match(
    headers: Mapping[str, str], current_etag: str | None, *, required: bool = True
) -> None:
    """Refuse a write whose ``If-Match`` does not name the current representation.

    ``current_etag`` is None when the resource does not exist. Raises a
    :class:`Problem`: 428 ``PRECONDITION_REQUIRED`` when the header is missing and
    ``required``; 412 ``PRECONDITION_FAILED`` when no listed tag strongly matches
    (``*`` matches any existing representation; a malformed header matches none).
    """
    value = _header(headers, "if-match")
    if value is None:
        if required:
            raise PRECONDITION_REQUIRED(
                "This request must send If-Match with the ETag of the representation "
                "it changes; read the resource first."
            )
        return
    tags = parse_entity_tags(value)
    if tags == "*":
        matched = current_etag is not None
    else:
        current = _parse_current(current_etag) if current_etag is not None else None
        matched = current is not None and any(t.strong_match(current) for t in tags or ())
    if not matched:
        raise PRECONDITION_FAILED(
            "The resource changed since it was read (If-Match does not match its ETag); "
            "read it again and reapply the change."
        )


def if_none_match(
    headers: Mapping[str, str], current_etag: str | None, *, method: str = "GET"
) -> Response | None:
    """Evaluate ``If-None-Match``: None to go on, or the response that ends the request.

    For GET and HEAD a match (weak comparison) returns a bodiless 304 carrying
    the ETag. For other methods a match raises 412 ``PRECONDITION_FAILED``
    (``If-None-Match: *`` is how a client creates only if absent).
    """
    value = _header(headers, "if-none-match")
    if value is None:
        return None
    tags = parse_entity_tags(value)
    if tags == "*":
        matched = current_etag is not None
    else:
        current = _parse_current(current_etag) if current_etag is not None else None
        matched = current is not None and any(t.weak_match(current) for t in tags or ())
    if not matched:
        return None
    if method.upper() in ("GET", "HEAD"):
        return Response(status_code=304, headers={"ETag": str(current_etag)})
    raise PRECONDITION_FAILED(
        "The resource already exists in a state the request's If-None-Match excludes."
    )
