"""Security requirements, security schemes and servers of OpenAPI 3 as model objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.openapi.model import (
    OAuthFlow,
    Requirement,
    Security,
    SecurityScheme,
    Server,
    ServerVariable,
    sub,
)
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.openapi.extract import Extractor

_FLOW_URLS = ("authorizationUrl", "tokenUrl", "refreshUrl")


def security(ext: Extractor, node: Node | None) -> Security:
    """A security requirement list; ``None`` (not declared anywhere) is public."""
    if node is None:
        return Security((), None)
    requirements = []
    for entry in ext.listing(node, "'security'", "list security requirement objects"):
        if not isinstance(entry.value, dict):
            raise ext.fail(entry, "a security requirement must be a mapping",
                           "map security scheme names to lists of scopes")
        schemes = {str(name): frozenset(str(s) for s in scopes)
                   if isinstance(scopes, list) else frozenset()
                   for name, scopes in entry.value.items()}
        requirements.append(Requirement(schemes, entry))
    return Security(tuple(requirements), node)


def security_schemes(ext: Extractor) -> dict[str, SecurityScheme]:
    out: dict[str, SecurityScheme] = {}
    for name, entry in ext.children(ext.root.child("components", "securitySchemes")):
        node = ext.mapping(entry, f"security scheme {name!r}", "a scheme has a 'type'")
        v = node.value
        flows: dict[str, OAuthFlow] = {}
        for flow_name, flow in ext.children(sub(node, "flows")):
            if isinstance(flow.value, dict):
                urls = {k: str(flow.value[k]) for k in _FLOW_URLS if k in flow.value}
                scopes = flow.value.get("scopes")
                flows[flow_name] = OAuthFlow(flow_name, flow, urls, frozenset(
                    scopes if isinstance(scopes, dict) else ()))
        out[name] = SecurityScheme(
            name, node, str(v.get("type")),
            http_scheme=str(v["scheme"]).lower() if "scheme" in v else None,
            bearer_format=v.get("bearerFormat"),
            key_in=v.get("in"), key_name=v.get("name"), flows=flows,
            openid_url=v.get("openIdConnectUrl"))
    return out


def servers(ext: Extractor, node: Node | None) -> tuple[Server, ...] | None:
    """A ``servers`` list; ``None`` when not declared at this level."""
    if node is None:
        return None
    out = []
    for entry in ext.listing(node, "'servers'", "list server objects with a 'url'"):
        if not isinstance(entry.value, dict) or not isinstance(entry.value.get("url"), str):
            raise ext.fail(entry, "a server needs a string 'url'",
                           "add e.g. 'url: https://api.example.com/v1'")
        variables = {}
        for name, var in ext.children(sub(entry, "variables")):
            if isinstance(var.value, dict):
                enum = var.value.get("enum")
                default = var.value.get("default")
                variables[name] = ServerVariable(
                    name, var, str(default) if default is not None else None,
                    tuple(str(e) for e in enum) if isinstance(enum, list) else None)
        out.append(Server(entry.value["url"], entry, variables, sub(entry, "url")))
    return tuple(out)
