"""Servers: base paths, server URLs and server variables."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from accord.kinds.openapi.model import Operation, Server

if TYPE_CHECKING:
    from accord.kinds.openapi.diff import Context

_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _expand(server: Server) -> str:
    """The URL with each variable replaced by its default."""
    def default(match: re.Match[str]) -> str:
        var = server.variables.get(match.group(1))
        return var.default if var is not None and var.default is not None else match.group(0)

    return _VARIABLE.sub(default, server.url)


def _origin(server: Server) -> str:
    parts = urlsplit(_expand(server))
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.netloc else ""


def base_path(server: Server) -> str:
    """``https://api.example.com/v1/`` -> ``/v1``; no path is ``/``."""
    return urlsplit(_expand(server)).path.rstrip("/") or "/"


def _url(server: Server) -> str:
    return server.url.rstrip("/") or "/"


def diff_servers(ctx: Context, old: tuple[Server, ...], new: tuple[Server, ...],
                 label: str | None) -> None:
    """Compare two server lists; ``label`` names the operation for overrides."""
    key: Callable[[Server], str] = _url
    if old and new:
        old_paths = sorted({base_path(s) for s in old})
        new_paths = sorted({base_path(s) for s in new})
        if set(old_paths).isdisjoint(new_paths):
            node = new[0].path_node or new[0].node
            ctx.add("server-base-path-changed",
                    f"the base path changed from {', '.join(old_paths)} to "
                    f"{', '.join(new_paths)}", node, label)
            # Servers that only moved their path are not also removed and added.
            key = _origin
    new_by_key: dict[str, Server] = {}
    for server in new:
        new_by_key.setdefault(key(server), server)
    matched: set[str] = set()
    for server in old:
        other = new_by_key.get(key(server))
        if other is None:
            ctx.add("server-removed", f"server {server.url} was removed", server.node, label)
        else:
            matched.add(key(server))
            _compare_variables(ctx, server, other, label)
    for server in new:
        k = key(server)
        if k not in matched:
            matched.add(k)
            ctx.add("server-added", f"server {server.url} was added", server.node, label)


def _compare_variables(ctx: Context, old: Server, new: Server, label: str | None) -> None:
    for name, was in old.variables.items():
        now = new.variables.get(name)
        if now is None:
            continue
        if was.enum is not None and now.enum is not None:
            gone = [v for v in was.enum if v not in now.enum]
            more = [v for v in now.enum if v not in was.enum]
            enum_node = now.node.child("enum") or now.node
            if gone:
                ctx.add("server-variable-enum-value-removed",
                        f"server variable {name!r} of {new.url} no longer allows "
                        f"{', '.join(map(repr, gone))}", enum_node, label)
            if more:
                ctx.add("server-variable-enum-value-added",
                        f"server variable {name!r} of {new.url} now allows "
                        f"{', '.join(map(repr, more))}", enum_node, label)
        if was.default != now.default and was.default is not None:
            ctx.add("server-variable-default-changed",
                    f"the default of server variable {name!r} of {new.url} changed from "
                    f"{was.default!r} to {now.default!r}", now.node.child("default") or now.node,
                    label)


def diff_operation_servers(ctx: Context, base: Operation, rev: Operation, label: str) -> None:
    """Only when an operation (or its path item) overrides the document's servers."""
    if base.servers is None and rev.servers is None:
        return
    old = base.servers if base.servers is not None else ctx.base.servers
    new = rev.servers if rev.servers is not None else ctx.rev.servers
    diff_servers(ctx, old, new, label)
