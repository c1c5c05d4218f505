"""Operations and their parameters: lifecycle (deprecation, sunset, removal), ids, tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.openapi.model import Operation, Parameter
from accord.kinds.openapi.schemas import Site
from accord.source import Node, Workspace

if TYPE_CHECKING:
    from accord.kinds.openapi.diff import Context

_STABILITY = {"draft": 0, "alpha": 1, "beta": 2, "stable": 3}
_SCALAR_TYPES = {"string", "integer", "number", "boolean"}


def _at(node: Node, key: str) -> Node:
    """The node of ``key`` under ``node`` when written there, else ``node`` itself."""
    return node.child(key) or node


def added(ctx: Context, op: Operation) -> None:
    ctx.add("operation-added", f"{op.label} was added", op.node, op.label)


def removed(ctx: Context, op: Operation) -> None:
    label = op.label
    if not op.deprecated:
        ctx.add("operation-removed", f"{label} was removed without being deprecated first",
                op.node, label)
    elif op.sunset is None:
        ctx.add("operation-removed-without-sunset",
                f"deprecated {label} was removed; it never announced a sunset date",
                op.node, label)
    elif op.sunset.day > ctx.today:
        ctx.add("operation-removed-before-sunset",
                f"deprecated {label} was removed before its sunset date "
                f"{op.sunset.day.isoformat()} (today is {ctx.today.isoformat()})",
                op.node, label)
    else:
        ctx.add("operation-removed-after-sunset",
                f"deprecated {label} was removed after its sunset date "
                f"{op.sunset.day.isoformat()}", op.node, label)


def compare(ctx: Context, base: Operation, rev: Operation) -> None:
    """Deprecation, sunset, operationId, tags, stability and path parameter names."""
    label = rev.label
    if rev.deprecated and not base.deprecated:
        when = (f" with sunset date {rev.sunset.day.isoformat()}" if rev.sunset
                else " without a sunset date")
        ctx.add("operation-deprecated", f"{label} was deprecated{when}",
                _at(rev.node, "deprecated"), label)
        if rev.sunset is None and not _sunset_header(rev):
            ctx.add("operation-deprecated-without-sunset",
                    f"{label} was deprecated without announcing a sunset date",
                    _at(rev.node, "deprecated"), label)
    elif base.deprecated and not rev.deprecated:
        ctx.add("operation-undeprecated", f"{label} is no longer deprecated",
                _at(rev.node, "deprecated"), label)
    if base.deprecated and rev.deprecated and base.sunset and rev.sunset is None:
        ctx.add("operation-sunset-removed",
                f"the sunset date {base.sunset.day.isoformat()} of deprecated {label} "
                "was removed", base.sunset.node, label)
    if base.deprecated and rev.deprecated and base.sunset and rev.sunset:
        old, new = base.sunset.day, rev.sunset.day
        if new != old:
            rule = "operation-sunset-date-earlier" if new < old else "operation-sunset-date-later"
            ctx.add(rule, f"the sunset date of {label} moved from {old.isoformat()} "
                          f"to {new.isoformat()}", rev.sunset.node, label)
    _compare_id(ctx, base, rev, label)
    for i, tag in enumerate(base.tags):
        if tag not in rev.tags:
            ctx.add("operation-tag-removed", f"tag {tag!r} was removed from {label}",
                    base.node.child("tags", i) or base.node, label)
    for i, tag in enumerate(rev.tags):
        if tag not in base.tags:
            ctx.add("operation-tag-added", f"tag {tag!r} was added to {label}",
                    rev.node.child("tags", i) or rev.node, label)
    old_level = _STABILITY.get((base.stability or "").lower())
    new_level = _STABILITY.get((rev.stability or "").lower())
    if old_level is not None and new_level is not None and new_level < old_level:
        ctx.add("operation-stability-decreased",
                f"the stability of {label} decreased from {base.stability} to {rev.stability}",
                _at(rev.node, "x-stability-level"), label)
    for i, (old_name, new_name) in enumerate(zip(base.path_names, rev.path_names, strict=False)):
        if old_name != new_name:
            param = rev.parameters.get(("path", f"#{i}"))
            ctx.add("path-parameter-renamed",
                    f"path parameter {old_name!r} was renamed to {new_name!r}",
                    param.node if param else rev.node, label)


def _sunset_header(op: Operation) -> bool:
    """Whether a response documents a ``Sunset`` header (with or without a date)."""
    return any("sunset" in response.headers for response in op.responses.values())


def _compare_id(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    old, new = base.operation_id, rev.operation_id
    if old == new:
        return
    if old is None:
        ctx.add("operation-id-added", f"{label} got operationId {new!r}",
                _at(rev.node, "operationId"), label)
    elif new is None:
        ctx.add("operation-id-removed", f"operationId {old!r} was removed from {label}",
                _at(base.node, "operationId"), label)
    else:
        ctx.add("operation-id-changed", f"the operationId of {label} changed from {old!r} "
                                        f"to {new!r}", _at(rev.node, "operationId"), label)


# --- parameters ---------------------------------------------------------------------


def _describe(param: Parameter) -> str:
    return f"{param.location} parameter {param.name!r}"


def diff_parameters(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    """Parameters by (in, name); path parameters by their place in the template.

    Path parameters are never added or removed on their own: operations match
    by path template, so a path parameter declared on one side only was in
    the URL all along.
    """
    for key, old in base.parameters.items():
        new = rev.parameters.get(key)
        if new is not None:
            _compare_parameter(ctx, old, new, label)
        elif old.location != "path":
            _parameter_removed(ctx, old, label)
    for key, new in rev.parameters.items():
        if key not in base.parameters and new.location != "path":
            if new.required:
                ctx.add("request-parameter-added-required",
                        f"required {_describe(new)} was added", new.node, label)
            else:
                ctx.add("request-parameter-added", f"optional {_describe(new)} was added",
                        new.node, label)


def _parameter_removed(ctx: Context, old: Parameter, label: str) -> None:
    """A removed parameter; a deprecated one with an x-sunset date follows the
    date, like operations do."""
    name = _describe(old)
    if not old.deprecated or old.sunset is None:
        ctx.add("request-parameter-removed", f"{name} was removed", old.node, label)
    elif old.sunset.day > ctx.today:
        ctx.add("request-parameter-removed-before-sunset",
                f"deprecated {name} was removed before its sunset date "
                f"{old.sunset.day.isoformat()} (today is {ctx.today.isoformat()})",
                old.node, label)
    else:
        ctx.add("request-parameter-removed-after-sunset",
                f"deprecated {name} was removed after its sunset date "
                f"{old.sunset.day.isoformat()}", old.node, label)


def _compare_parameter(ctx: Context, old: Parameter, new: Parameter, label: str) -> None:
    name = _describe(new)
    if new.required and not old.required:
        ctx.add("request-parameter-became-required", f"{name} became required",
                _at(new.node, "required"), label)
    elif old.required and not new.required:
        ctx.add("request-parameter-became-optional", f"{name} became optional",
                _at(new.node, "required"), label)
    if new.deprecated and not old.deprecated:
        ctx.add("request-parameter-deprecated", f"{name} was deprecated",
                _at(new.node, "deprecated"), label)
        if new.sunset is None:
            ctx.add("request-parameter-deprecated-without-sunset",
                    f"{name} was deprecated without an x-sunset date",
                    _at(new.node, "deprecated"), label)
    elif old.deprecated and not new.deprecated:
        ctx.add("request-parameter-undeprecated", f"{name} is no longer deprecated",
                _at(new.node, "deprecated"), label)
    if (old.deprecated and new.deprecated and old.sunset and new.sunset
            and new.sunset.day < old.sunset.day):
        ctx.add("request-parameter-sunset-date-earlier",
                f"the sunset date of {name} moved from {old.sunset.day.isoformat()} "
                f"to {new.sunset.day.isoformat()}", new.sunset.node, label)
    _compare_serialisation(ctx, old, new, label)
    for slug, key, was, now, text in (
            ("allow-empty-value", "allowEmptyValue", old.allow_empty_value,
             new.allow_empty_value, "empty values"),
            ("allow-reserved", "allowReserved", old.allow_reserved, new.allow_reserved,
             "unencoded reserved characters")):
        if was != now:
            ctx.add(f"request-parameter-{slug}-{'added' if now else 'removed'}",
                    f"{name} {'now allows' if now else 'no longer allows'} {text}",
                    _at(new.node, key), label)
    ctx.schema(old.schema, new.schema, Site.REQUEST_PARAMETER, label)


def _compare_serialisation(ctx: Context, old: Parameter, new: Parameter, label: str) -> None:
    name = _describe(new)
    if old.collection_format is not None and new.collection_format is not None:
        if old.collection_format != new.collection_format:
            ctx.add("request-parameter-collection-format-changed",
                    f"the collectionFormat of {name} changed from {old.collection_format} "
                    f"to {new.collection_format}", _at(new.node, "collectionFormat"), label)
        return
    if old.content_type is not None or new.content_type is not None:
        if old.content_type and new.content_type and old.content_type != new.content_type:
            ctx.add("request-parameter-content-type-changed",
                    f"the media type of {name} changed from {old.content_type} "
                    f"to {new.content_type}", _at(new.node, "content"), label)
        return
    if old.style == new.style and old.explode == new.explode:
        return
    # explode, and most styles, only change how arrays and objects are written.
    scalar = (_is_scalar(ctx.base.workspace, old.schema)
              and _is_scalar(ctx.rev.workspace, new.schema))
    if old.style != new.style and (
            not scalar or {old.style, new.style} & {"label", "matrix"}):
        ctx.add("request-parameter-style-changed",
                f"the style of {name} changed from {old.style} to {new.style}",
                _at(new.node, "style"), label)
    # A new style brings its own explode default: report the style alone.
    elif old.explode != new.explode and not scalar:
        ctx.add("request-parameter-explode-changed",
                f"{name} changed explode from {str(old.explode).lower()} to "
                f"{str(new.explode).lower()}", _at(new.node, "explode"), label)


def _is_scalar(workspace: Workspace, schema: Node | None) -> bool:
    if schema is None:
        return False
    value = schema.value
    if isinstance(value, dict) and "$ref" in value:
        value = workspace.deref(schema).value
    if not isinstance(value, dict):
        return False
    kind = value.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
        kinds = {k for k in kind if k != "null"}
        return bool(kinds) and kinds <= _SCALAR_TYPES
    return kind in _SCALAR_TYPES
