"""Lists: collections are paginated with a bounded limit and a cursor, inside an envelope."""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import (
    deref,
    is_template,
    is_version,
    rule,
    segments,
    successes,
)
from accord.kinds.openapi.model import OpenAPIModel, Operation, Parameter
from accord.lint.rule import Hit, LintOptions
from accord.source import Node

_ENVELOPE = ("data", "items", "results", "records", "entries", "values", "list")
_LIMIT = frozenset({"limit", "page_size", "pagesize", "per_page", "perpage", "max_results",
                    "maxresults", "size", "first", "last", "$top", "top", "count"})
_CURSOR = frozenset({"cursor", "after", "before", "starting_after", "ending_before",
                     "page_token", "pagetoken", "next", "next_token", "nexttoken",
                     "continuation_token", "continuationtoken", "next_cursor", "$skiptoken"})
_OFFSET = frozenset({"offset", "page", "skip", "start", "$skip", "page_number"})


def collection(model: OpenAPIModel, op: Operation) -> tuple[Node, bool] | None:
    """For a GET of a collection: its success body schema as written, and whether it
    is a top-level array (else an envelope holding the array)."""
    parts = segments(op.path)
    if op.method != "get" or not parts or is_template(parts[-1]) or is_version(parts[-1]):
        return None
    for response in successes(op):
        for name, media in response.content.items():
            if "json" not in name or media.schema is None:
                continue
            schema = deref(model, media.schema).value
            if not isinstance(schema, dict):
                continue
            if schema.get("type") == "array":
                return media.schema, True
            props = schema.get("properties")
            if isinstance(props, dict) and any(
                    isinstance(props.get(k), dict) and (props[k].get("type") == "array"
                                                        or "items" in props[k])
                    for k in _ENVELOPE):
                return media.schema, False
    return None


def _query(op: Operation) -> dict[str, Parameter]:
    return {p.name.lower(): p for p in op.parameters.values() if p.location == "query"}


def _schema_type(model: OpenAPIModel, param: Parameter) -> object:
    if param.schema is None:
        return None
    value = deref(model, param.schema).value
    return value.get("type") if isinstance(value, dict) else None


def _cursors(model: OpenAPIModel, query: dict[str, Parameter]) -> set[str]:
    """The cursor parameters: the usual names, plus a string 'page' (an opaque page
    token, as in Stripe's search: ?page=<next_page>) and an integer 'since' (keyset
    paging by id, as in GitHub's GET /users?since=<last id>)."""
    found = query.keys() & _CURSOR
    if "page" in query and _schema_type(model, query["page"]) == "string":
        found.add("page")
    if "since" in query and _schema_type(model, query["since"]) == "integer":
        found.add("since")
    return found


@rule("collection-paginated", Severity.WARN,
      "A GET of a collection is paginated with a page size (limit) and an opaque cursor "
      "(after), so lists stay fast and stable as they grow; offsets skip or repeat items "
      "when the list changes and get slow deep into large lists.",
      "add 'limit' and 'after' (cursor) query parameters and return the next cursor")
def paginated(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if collection(model, op) is None:
            continue
        query = _query(op)
        cursor = _cursors(model, query)
        limit, offset = query.keys() & _LIMIT, (query.keys() - cursor) & _OFFSET
        if cursor and limit:
            continue
        if cursor:
            message = f"{op.label} returns a collection with a cursor but no page size"
        elif offset:
            message = (f"{op.label} paginates by {'/'.join(sorted(offset))}, not by a cursor")
        elif limit:
            message = f"{op.label} returns a collection with a page size but no cursor"
        else:
            message = f"{op.label} returns a collection without pagination"
        yield Hit(message, op.node.location)


@rule("collection-envelope", Severity.WARN,
      "A collection is returned in an envelope ({\"data\": [...], \"page\": {...}}), not as a "
      "top-level array, so paging data and new fields can be added without breaking clients.",
      "return an object with the items under 'data' and the paging under 'page'")
def envelope(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        found = collection(model, op)
        if found is not None and found[1]:
            yield Hit(f"{op.label} returns a top-level array", found[0].location)


@rule("page-size-bounded", Severity.WARN,
      "The page-size parameter of a collection has a documented maximum, so one request "
      "cannot ask for the whole table.",
      "give the limit parameter's schema a 'maximum' (and a 'default')")
def bounded(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if collection(model, op) is None:
            continue
        for name, param in _query(op).items():
            if name not in _LIMIT or param.schema is None:
                continue
            schema = deref(model, param.schema)
            if isinstance(schema.value, dict) and "maximum" not in schema.value:
                yield Hit(f"the page size '{param.name}' of {op.label} has no maximum",
                          schema.location)
