"""Swagger 2.0 elements in the OpenAPI 3 shape of the model.

Body parameters become request bodies (one media type per ``consumes`` entry),
``formData`` parameters an object-schema form body, response ``schema`` a media
type per ``produces`` entry, ``securityDefinitions`` security schemes and
``host`` + ``basePath`` + ``schemes`` servers. Nodes keep their real document
and pointer; only the form body's schema is synthetic (pointing at its first
parameter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.kinds.openapi.model import (
    MediaType,
    OAuthFlow,
    RequestBody,
    SecurityScheme,
    Server,
    sub,
)
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.openapi.extract import Extractor

DEFAULT_MEDIA_TYPE = "application/json"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_FLOWS = {"implicit": "implicit", "password": "password",
          "application": "clientCredentials", "accessCode": "authorizationCode"}
# Keys of a formData parameter that are not part of its value's schema.
_NOT_SCHEMA = {"name", "in", "required", "allowEmptyValue", "description"}


def _media_types(ext: Extractor, op: Node, key: str) -> list[tuple[str, Node | None]]:
    """``consumes``/``produces`` of the operation, else of the document."""
    for owner in (op, ext.root):
        node = sub(owner, key)
        if node is not None and isinstance(node.value, list) and node.value:
            return [(str(v), sub(node, i)) for i, v in enumerate(node.value)]
    return []


def request_body(ext: Extractor, op: Node, body: list[Node], form: list[Node],
                 ) -> RequestBody | None:
    if body:
        param = body[0]
        schema = sub(param, "schema")
        types = [t for t in _media_types(ext, op, "consumes") if t[0] not in FORM_TYPES]
        types = types or [(DEFAULT_MEDIA_TYPE, None)]
        content = {name: MediaType(name, node or param, schema) for name, node in types}
        return RequestBody(param, param.value.get("required") is True, content)
    if form:
        types = [t for t in _media_types(ext, op, "consumes") if t[0] in FORM_TYPES]
        if not types:
            files = any(p.value.get("type") == "file" for p in form)
            types = [(FORM_TYPES[1] if files else FORM_TYPES[0], None)]
        properties = {p.value["name"]: {k: v for k, v in p.value.items() if k not in _NOT_SCHEMA}
                      for p in form}
        required = [p.value["name"] for p in form if p.value.get("required") is True]
        value: dict[str, object] = {"type": "object", "properties": properties}
        if required:
            value["required"] = required
        first = form[0]
        schema = Node(first.doc, first.pointer, value)
        content = {name: MediaType(name, node or first, schema) for name, node in types}
        return RequestBody(first, bool(required), content)
    return None


def response_content(ext: Extractor, op: Node, response: Node) -> dict[str, MediaType]:
    schema = sub(response, "schema")
    if schema is None:
        return {}
    types = _media_types(ext, op, "produces") or [(DEFAULT_MEDIA_TYPE, None)]
    return {name: MediaType(name, node or response, schema) for name, node in types}


def security_schemes(ext: Extractor) -> dict[str, SecurityScheme]:
    out: dict[str, SecurityScheme] = {}
    for name, entry in ext.children(sub(ext.root, "securityDefinitions")):
        node = ext.mapping(entry, f"security definition {name!r}", "a scheme has a 'type'")
        v = node.value
        kind = v.get("type")
        if kind == "basic":
            out[name] = SecurityScheme(name, node, "http", http_scheme="basic")
        elif kind == "apiKey":
            out[name] = SecurityScheme(name, node, "apiKey", key_in=v.get("in"),
                                       key_name=v.get("name"))
        elif kind == "oauth2":
            flow = _FLOWS.get(str(v.get("flow")), str(v.get("flow")))
            urls = {k: str(v[k]) for k in ("authorizationUrl", "tokenUrl") if k in v}
            scopes = v.get("scopes")
            out[name] = SecurityScheme(name, node, "oauth2", flows={flow: OAuthFlow(
                flow, node, urls, frozenset(scopes if isinstance(scopes, dict) else ()))})
        else:
            out[name] = SecurityScheme(name, node, str(kind))
    return out


def servers(root: Node) -> tuple[Server, ...]:
    """``schemes``, ``host`` and ``basePath`` as OpenAPI 3 servers."""
    v = root.value
    host, base = v.get("host"), v.get("basePath")
    if not host and not base:
        return ()
    base = str(base or "")
    node = sub(root, "basePath") or sub(root, "host") or root
    if not host:
        return (Server(base or "/", node, {}, node),)
    listed = sub(root, "schemes")
    if listed is None or not isinstance(listed.value, list) or not listed.value:
        return (Server(f"https://{host}{base}", node, {}, node),)
    # One server per scheme, each located at its entry of 'schemes'.
    return tuple(Server(f"{scheme}://{host}{base}", sub(listed, i) or node, {}, node)
                 for i, scheme in enumerate(listed.value))
