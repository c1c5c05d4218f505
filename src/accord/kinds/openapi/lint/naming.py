"""Resources and naming: plural collections, kebab-case, no verbs, no trailing slash,
one property casing, unique operationIds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import (
    all_properties,
    at,
    is_plural,
    is_template,
    is_version,
    path_node,
    rule,
    segments,
    words,
)
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions

#: Template names that identify a member of whatever collection precedes them.
_IDENTIFIERS = frozenset({"id", "uuid", "guid", "key", "slug", "number", "code", "name"})


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _names_member(segment: str, template: str) -> bool:
    """Whether ``{template}`` after ``segment`` identifies a member of it: a bare or
    suffixed identifier ({id}, {order_id}, {team_slug}) or a name that repeats the
    segment ({ref} after ref, {three_d_secure} after 3d_secure). Other templates are
    arguments of a single resource (/compare/{basehead}, /tarball/{ref},
    /user/starred/{owner}/{repo}), not members of a collection."""
    found = words(template.strip("{}"))
    if not found:
        return True
    stems = {_stem(w) for w in words(segment)}
    return found[-1] in _IDENTIFIERS or any(_stem(w) in stems for w in found)


@rule("paths-plural-collections", Severity.WARN,
      "A path segment followed by an identifier names a collection and is a plural noun "
      "(/orders/{id}), so every path reads as collection then member.",
      "rename the segment to its plural (/order/{id} -> /orders/{id})")
def plural_collections(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in {op.path: op for op in model.operations.values()}.values():
        parts = segments(op.path)
        for segment, following in pairwise(parts):
            if is_template(following) and not is_template(segment) and not is_version(segment) \
                    and not is_plural(segment) and _names_member(segment, following):
                yield Hit(f"'{segment}' in {op.path} names a collection but is not plural",
                          path_node(model, op))


_KEBAB = re.compile(r"\.?[a-z0-9]+(?:[-.][a-z0-9]+)*")


@rule("paths-kebab-case", Severity.WARN,
      "Static path segments are lower-case words joined by hyphens (/line-items), one "
      "style clients can guess.",
      "rename the segment in kebab-case (lineItems or line_items -> line-items)")
def kebab_case(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in {op.path: op for op in model.operations.values()}.values():
        for segment in segments(op.path):
            # Custom methods (Google's /things/{id}:cancel) keep the verb after ':'.
            head = segment.split(":", 1)[0]
            if head and not is_template(head) and not _KEBAB.fullmatch(head):
                kebab = "-".join(words(head))
                yield Hit(f"'{head}' in {op.path} is not kebab-case", path_node(model, op),
                          hint=f"rename it '{kebab}'" if kebab else None)
                break


#: CRUD verbs: the HTTP method already says them. Domain commands (cancel, refund)
#: are fine as the last segment of a POST.
_VERBS = frozenset({
    "get", "list", "create", "update", "delete", "remove", "add", "fetch", "set", "put",
    "patch", "post", "edit", "modify", "retrieve", "read", "save", "new", "insert", "destroy",
})


@rule("paths-no-verbs", Severity.WARN,
      "Paths name resources; the HTTP method is the verb (GET /orders, not GET /getOrders). "
      "Commands are POST /things/{id}/action.",
      "drop the verb from the path and let the method say it")
def no_verbs(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in {op.path: op for op in model.operations.values()}.values():
        for segment in segments(op.path):
            found = words(segment) if not is_template(segment) else []
            if found and found[0] in _VERBS:
                yield Hit(f"'{segment}' in {op.path} starts with the verb '{found[0]}'",
                          path_node(model, op))
                break


@rule("paths-no-trailing-slash", Severity.WARN,
      "Paths do not end in '/': /orders and /orders/ are different URLs to many servers "
      "and clients.",
      "remove the trailing slash")
def no_trailing_slash(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in {op.path: op for op in model.operations.values()}.values():
        if len(op.path) > 1 and op.path.endswith("/"):
            yield Hit(f"{op.path} ends with a slash", path_node(model, op))


_CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _style(name: str) -> str | None:
    """``camelCase``, ``snake_case``, ``both`` (one lower-case word) or None (neither)."""
    camel, snake = _CAMEL.fullmatch(name), _SNAKE.fullmatch(name)
    if camel and snake:
        return "both"
    return "camelCase" if camel else "snake_case" if snake else None


@rule("properties-casing", Severity.WARN,
      "Property names use one casing across the API (camelCase or snake_case; configurable "
      "with lint.casing, else the style most properties use), so clients map them uniformly.",
      "rename the property in the API's casing")
def property_casing(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    # Names that are not identifiers ("+1", "$ref", "@type") follow no casing.
    props = [p for p in all_properties(model) if p.name[:1].isalpha()]
    styles = [(p, _style(p.name)) for p in props]
    wanted = options.casing
    if wanted is None:
        votes = Counter(s for _, s in styles if s in ("camelCase", "snake_case"))
        if not votes:
            return
        wanted = "snake_case" if votes["snake_case"] >= votes["camelCase"] else "camelCase"
    for prop, style in styles:
        if style not in ("both", wanted):
            yield Hit(f"property '{prop.name}' is not {wanted}", prop.node.location)


@rule("operation-id-unique", Severity.ERROR,
      "Every operationId is unique: code generators and docs use it as the operation's name.",
      "rename one of the operations")
def unique_operation_ids(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    first: dict[str, str] = {}
    for op in model.operations.values():
        if op.operation_id is None:
            continue
        if op.operation_id in first:
            yield Hit(f"operationId '{op.operation_id}' of {op.label} is also the id of "
                      f"{first[op.operation_id]}", at(op.node, "operationId"))
        else:
            first[op.operation_id] = op.label
