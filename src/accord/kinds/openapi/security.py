"""Security: the requirements of each operation, and the scheme definitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.openapi.model import Operation, Requirement, SecurityScheme
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.openapi.diff import Context


def _names(schemes: frozenset[str] | set[str]) -> str:
    return " + ".join(repr(s) for s in sorted(schemes)) or "{}"


def _describe(requirements: tuple[Requirement, ...]) -> str:
    return " or ".join(_names(frozenset(r.schemes)) for r in requirements)


def diff_operation_security(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    old, new = base.security, rev.security
    where = new.node or rev.node
    if old.public and not new.public:
        ctx.add("operation-security-added",
                f"{label} now requires authentication ({_describe(new.requirements)})",
                where, label)
        return
    if new.public and not old.public:
        ctx.add("operation-security-removed",
                f"{label} no longer requires authentication (was "
                f"{_describe(old.requirements)})", where, label)
        return
    if new.public:
        return  # anonymous access is allowed either way
    _diff_requirements(ctx, old.requirements, new.requirements, label)


def _diff_requirements(ctx: Context, old: tuple[Requirement, ...],
                       new: tuple[Requirement, ...], label: str) -> None:
    """Pair alternatives with the same schemes, then by superset (a scheme AND-ed
    in) or subset (a scheme dropped); the rest were removed or added."""
    pairs: list[tuple[Requirement, Requirement]] = []
    rest_new = list(new)
    rest_old: list[Requirement] = []
    for req in old:
        keys = frozenset(req.schemes)
        same = next((r for r in rest_new if frozenset(r.schemes) == keys), None)
        if same is None:
            rest_old.append(req)
        else:
            pairs.append((req, same))
            rest_new.remove(same)
    for req in rest_old:
        keys = frozenset(req.schemes)
        wider = next((r for r in rest_new if frozenset(r.schemes) > keys), None)
        narrower = next((r for r in rest_new if keys > frozenset(r.schemes)), None)
        if wider is not None:
            for scheme in sorted(frozenset(wider.schemes) - keys):
                ctx.add("operation-security-scheme-added",
                        f"{label} now requires security scheme {scheme!r} together with "
                        f"{_names(keys)}", wider.node.child(scheme) or wider.node, label)
            pairs.append((req, wider))
            rest_new.remove(wider)
        elif narrower is not None:
            dropped = keys - frozenset(narrower.schemes)
            ctx.add("operation-security-scheme-removed",
                    f"{label} no longer requires {_names(dropped)} together with "
                    f"{_names(frozenset(narrower.schemes))}", narrower.node, label)
            pairs.append((req, narrower))
            rest_new.remove(narrower)
        else:
            ctx.add("operation-security-requirement-removed",
                    f"{label} no longer accepts security requirement {_names(keys)}",
                    req.node, label)
    for req in rest_new:
        ctx.add("operation-security-requirement-added",
                f"{label} accepts a new security requirement {_names(frozenset(req.schemes))}",
                req.node, label)
    for was, now in pairs:
        for scheme in sorted(was.schemes.keys() & now.schemes.keys()):
            node = now.node.child(scheme) or now.node
            more = sorted(now.schemes[scheme] - was.schemes[scheme])
            fewer = sorted(was.schemes[scheme] - now.schemes[scheme])
            if more:
                ctx.add("operation-security-scope-added",
                        f"{label} now requires scope {', '.join(map(repr, more))} "
                        f"of {scheme!r}", node, label)
            if fewer:
                ctx.add("operation-security-scope-removed",
                        f"{label} no longer requires scope {', '.join(map(repr, fewer))} "
                        f"of {scheme!r}", node, label)


# --- scheme definitions -------------------------------------------------------------


def diff_security_schemes(ctx: Context) -> None:
    old, new = ctx.base.security_schemes, ctx.rev.security_schemes
    used = {name for op in ctx.base.operations.values()
            for req in op.security.requirements for name in req.schemes}
    for name, was in old.items():
        now = new.get(name)
        if now is None:
            if name in used:
                ctx.add("security-scheme-removed",
                        f"security scheme {name!r} was removed; operations used it", was.node)
            else:
                ctx.add("security-scheme-unused-removed",
                        f"unused security scheme {name!r} was removed", was.node)
        else:
            _compare_scheme(ctx, was, now)
    for name, now in new.items():
        if name not in old:
            ctx.add("security-scheme-added", f"security scheme {name!r} ({now.type}) was added",
                    now.node)


def _at(node: Node, key: str) -> Node:
    return node.child(key) or node


def _compare_scheme(ctx: Context, old: SecurityScheme, new: SecurityScheme) -> None:
    name = f"security scheme {new.name!r}"
    if old.type != new.type:
        ctx.add("security-scheme-type-changed",
                f"the type of {name} changed from {old.type} to {new.type}",
                _at(new.node, "type"))
        return
    if old.http_scheme != new.http_scheme:
        ctx.add("security-scheme-http-scheme-changed",
                f"{name} changed from HTTP {old.http_scheme} to {new.http_scheme}",
                _at(new.node, "scheme"))
    if old.bearer_format != new.bearer_format and old.bearer_format and new.bearer_format:
        ctx.add("security-scheme-bearer-format-changed",
                f"the bearer format of {name} changed from {old.bearer_format} to "
                f"{new.bearer_format}", _at(new.node, "bearerFormat"))
    if (old.key_in, old.key_name) != (new.key_in, new.key_name):
        ctx.add("security-scheme-api-key-moved",
                f"the API key of {name} moved from {old.key_in} {old.key_name!r} to "
                f"{new.key_in} {new.key_name!r}", new.node)
    if old.openid_url != new.openid_url:
        ctx.add("security-scheme-openid-url-changed",
                f"the OpenID Connect URL of {name} changed from {old.openid_url} to "
                f"{new.openid_url}", _at(new.node, "openIdConnectUrl"))
    for flow_name, was in old.flows.items():
        now = new.flows.get(flow_name)
        if now is None:
            ctx.add("security-scheme-oauth-flow-removed",
                    f"the {flow_name} flow of {name} was removed", was.node)
            continue
        for key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
            if key in was.urls and was.urls[key] != now.urls.get(key):
                ctx.add("security-scheme-oauth-url-changed",
                        f"the {key} of the {flow_name} flow of {name} changed from "
                        f"{was.urls[key]} to {now.urls.get(key)}", _at(now.node, key))
        scopes = _at(now.node, "scopes")
        if fewer := sorted(was.scopes - now.scopes):
            ctx.add("security-scheme-oauth-scope-removed",
                    f"the {flow_name} flow of {name} no longer offers scope "
                    f"{', '.join(map(repr, fewer))}", scopes)
        if more := sorted(now.scopes - was.scopes):
            ctx.add("security-scheme-oauth-scope-added",
                    f"the {flow_name} flow of {name} now offers scope "
                    f"{', '.join(map(repr, more))}", scopes)
    for flow_name, now in new.flows.items():
        if flow_name not in old.flows:
            ctx.add("security-scheme-oauth-flow-added",
                    f"{name} now offers the {flow_name} flow", now.node)
