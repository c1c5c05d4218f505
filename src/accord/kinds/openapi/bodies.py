"""Request bodies, responses, response headers and media types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.openapi.model import Header, MediaType, Operation, Response
from accord.kinds.openapi.schemas import Site

if TYPE_CHECKING:
    from accord.kinds.openapi.diff import Context

MediaPairs = list[tuple[MediaType, MediaType]]


# --- media types -----------------------------------------------------------------


def _essence(name: str) -> str:
    """``Application/JSON; charset=utf-8`` -> ``application/json``."""
    return name.split(";", 1)[0].strip().lower()


def _covers(pattern: str, name: str) -> bool:
    """``*/*`` and ``application/*`` cover ``application/json``."""
    p_type, _, p_sub = pattern.partition("/")
    n_type, _, n_sub = name.partition("/")
    if p_type == "*":
        return True
    return p_type == n_type and (p_sub == "*" or p_sub == n_sub)


def _family(name: str) -> tuple[str, str]:
    """``application/vnd.api+json`` -> ``("application", "json")``."""
    kind, _, sub = name.partition("/")
    return kind, sub.rsplit("+", 1)[-1]


def match_media_types(base: dict[str, MediaType], rev: dict[str, MediaType],
                      ) -> tuple[MediaPairs, list[MediaType], list[MediaType]]:
    """Pair media types: exactly, then by essence, then by wildcard, then by
    structured-syntax suffix (``+json``). Returns (pairs, removed, added)."""
    pairs: MediaPairs = []
    used: set[str] = set()
    rest: list[MediaType] = []
    by_essence = {_essence(name): media for name, media in rev.items()}
    for name, media in base.items():
        other = rev.get(name) or by_essence.get(_essence(name))
        if other is None:
            rest.append(media)
        else:
            pairs.append((media, other))
            used.add(other.name)
    removed = []
    for media in rest:
        essence = _essence(media.name)
        candidates = [m for m in rev.values() if _covers(_essence(m.name), essence)
                      or _covers(essence, _essence(m.name))]
        if not candidates:
            family = _family(essence)
            candidates = [m for m in rev.values() if _family(_essence(m.name)) == family]
        if not candidates:
            removed.append(media)
            continue
        # Prefer a revision media type that is not paired yet.
        other = next((m for m in candidates if m.name not in used), candidates[0])
        pairs.append((media, other))
        used.add(other.name)
    added = [media for name, media in rev.items() if name not in used]
    return pairs, removed, added


# --- request bodies --------------------------------------------------------------


def diff_request_body(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    old, new = base.request_body, rev.request_body
    if old is None and new is None:
        return
    if old is None:
        assert new is not None
        if new.required:
            ctx.add("request-body-added-required", f"a required request body was added to "
                                                   f"{label}", new.node, label)
        else:
            ctx.add("request-body-added", f"an optional request body was added to {label}",
                    new.node, label)
        return
    if new is None:
        ctx.add("request-body-removed", f"the request body of {label} was removed",
                old.node, label)
        return
    if new.required and not old.required:
        ctx.add("request-body-became-required", f"the request body of {label} became required",
                new.node.child("required") or new.node, label)
    elif old.required and not new.required:
        ctx.add("request-body-became-optional", f"the request body of {label} became optional",
                new.node.child("required") or new.node, label)
    pairs, removed, added = match_media_types(old.content, new.content)
    for media in removed:
        ctx.add("request-body-media-type-removed",
                f"the request body of {label} no longer accepts {media.name}", media.node, label)
    for media in added:
        ctx.add("request-body-media-type-added",
                f"the request body of {label} now accepts {media.name}", media.node, label)
    for was, now in pairs:
        where = f"request body {now.name}"
        if was.schema is None and now.schema is not None:
            ctx.add("request-body-schema-added", f"the {where} of {label} got a schema",
                    now.schema, label)
        elif was.schema is not None and now.schema is None:
            ctx.add("request-body-schema-removed", f"the {where} of {label} no longer has a "
                                                   "schema", now.node, label)
        ctx.schema(was.schema, now.schema, Site.REQUEST_BODY, label)


# --- responses -------------------------------------------------------------------


def _is_code(status: str) -> bool:
    return len(status) == 3 and status.isdigit()


def _is_range(status: str) -> bool:
    return len(status) == 3 and status[0].isdigit() and status[1:] == "XX"


def _success(status: str) -> bool:
    return status[:1] in {"2", "3"} and (_is_code(status) or _is_range(status))


def diff_responses(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    """Pair statuses exactly, or a code with the range that covers it (200 ~ 2XX)."""
    old, new = base.responses, rev.responses
    pairs: list[tuple[Response, Response]] = []
    matched: set[str] = set()
    for status, response in old.items():
        if status in new:
            partners = [status]
        elif _is_code(status) and f"{status[0]}XX" in new:
            partners = [f"{status[0]}XX"]
        elif _is_range(status):
            partners = [s for s in new if _is_code(s) and s[0] == status[0]]
        else:
            partners = []
        for partner in partners:
            pairs.append((response, new[partner]))
            matched.add(partner)
        if not partners:
            kind = "success" if _success(status) else "non-success"
            ctx.add(f"response-{kind}-status-removed",
                    f"{label} no longer documents response {status}", response.node, label)
    for status, response in new.items():
        if status in matched:
            continue
        if _is_code(status) and f"{status[0]}XX" in old:
            pairs.append((old[f"{status[0]}XX"], response))
            continue
        kind = "success" if _success(status) else "non-success"
        ctx.add(f"response-{kind}-status-added", f"{label} now documents response {status}",
                response.node, label)
    for was, now in pairs:
        _compare_response(ctx, was, now, label)


def _compare_response(ctx: Context, old: Response, new: Response, label: str) -> None:
    name = f"response {new.status}" if old.status == new.status else \
        f"response {old.status} (now {new.status})"
    if old.content and not new.content:
        first = next(iter(old.content.values()))
        ctx.add("response-body-removed", f"{name} of {label} no longer has a body",
                first.node, label)
    elif new.content and not old.content:
        first = next(iter(new.content.values()))
        ctx.add("response-body-added", f"{name} of {label} now has a body", first.node, label)
    elif old.content:
        pairs, removed, added = match_media_types(old.content, new.content)
        for media in removed:
            ctx.add("response-media-type-removed",
                    f"{name} of {label} no longer offers {media.name}", media.node, label)
        for media in added:
            ctx.add("response-media-type-added", f"{name} of {label} now offers {media.name}",
                    media.node, label)
        for was, now in pairs:
            if was.schema is not None and now.schema is None:
                ctx.add("response-body-schema-removed",
                        f"{name} {now.name} of {label} no longer has a schema", now.node, label)
            elif was.schema is None and now.schema is not None:
                ctx.add("response-body-schema-added",
                        f"{name} {now.name} of {label} got a schema", now.schema, label)
            ctx.schema(was.schema, now.schema, Site.RESPONSE_BODY, label)
    _diff_headers(ctx, old.headers, new.headers, name, label)


def _diff_headers(ctx: Context, old: dict[str, Header], new: dict[str, Header], name: str,
                  label: str) -> None:
    for key, was in old.items():
        now = new.get(key)
        if now is None:
            rule = "response-header-removed" if was.required else "response-optional-header-removed"
            kind = "required" if was.required else "optional"
            ctx.add(rule, f"{name} of {label} no longer sends {kind} header {was.name!r}",
                    was.node, label)
            continue
        if was.required and not now.required:
            ctx.add("response-header-became-optional",
                    f"header {now.name!r} of {name} of {label} became optional",
                    now.node.child("required") or now.node, label)
        elif now.required and not was.required:
            ctx.add("response-header-became-required",
                    f"header {now.name!r} of {name} of {label} became required",
                    now.node.child("required") or now.node, label)
        if now.deprecated and not was.deprecated:
            ctx.add("response-header-deprecated",
                    f"header {now.name!r} of {name} of {label} was deprecated",
                    now.node.child("deprecated") or now.node, label)
        ctx.schema(was.schema, now.schema, Site.RESPONSE_HEADER, label)
    for key, now in new.items():
        if key not in old:
            ctx.add("response-header-added", f"{name} of {label} now sends header {now.name!r}",
                    now.node, label)


# --- webhooks ----------------------------------------------------------------------


def diff_webhook(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    """A webhook turns the directions around: the provider writes its request
    body and subscribers read it, so the payload is compared like a response
    body; subscribers write its responses and the provider reads them, so
    those are compared like request bodies. Only schemas of media types and
    statuses present on both sides are compared."""
    old, new = base.request_body, rev.request_body
    if old is not None and new is not None:
        pairs, _removed, _added = match_media_types(old.content, new.content)
        for was, now in pairs:
            ctx.schema(was.schema, now.schema, Site.RESPONSE_BODY, label)
    for status, response in base.responses.items():
        other = rev.responses.get(status)
        if other is None:
            continue
        pairs, _removed, _added = match_media_types(response.content, other.content)
        for was, now in pairs:
            ctx.schema(was.schema, now.schema, Site.REQUEST_BODY, label)
