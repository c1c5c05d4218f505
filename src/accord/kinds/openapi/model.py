"""The OpenAPI model the diff works on: one shape for Swagger 2.0, OpenAPI 3.0 and 3.1.

Every element keeps the :class:`Node` it was read from (the real document and
JSON pointer), so that changes point into the files as written. Schemas stay
nodes: the schema differ reads them itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from accord.core.errors import AccordError
from accord.source import Document, Node, Workspace

Dialect = Literal["swagger2", "oas30", "oas31"]

#: HTTP methods in the order the specification lists them; also the sort order.
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_TEMPLATE = re.compile(r"\{([^{}/]*)\}")


def sub(node: Node, key: str | int) -> Node | None:
    """``node.child(key)`` for one token, on the hot path of model building."""
    value = node.value
    if isinstance(value, dict):
        if key not in value:
            return None
        child = value[key]
    elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        child = value[key]
    else:
        return None
    token = str(key)
    if "~" in token or "/" in token:
        token = token.replace("~", "~0").replace("/", "~1")
    return Node(node.doc, f"{node.pointer}/{token}", child)


def normalise_path(path: str) -> str:
    """``/users/{id}`` -> ``/users/{}``: paths equal up to parameter names match."""
    return _TEMPLATE.sub("{}", path)


def template_names(path: str) -> list[str]:
    """The path parameter names in the order they appear in ``path``."""
    return _TEMPLATE.findall(path)


#: The parameter key: (in, name) with header names lower-cased; path parameters
#: are keyed by their position in the path template (``("path", "#0")``) so that
#: a renamed path parameter still matches.
ParamKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str  # the parameter's "in": path, query, header or cookie
    node: Node  # the parameter object, $ref followed
    required: bool
    deprecated: bool
    style: str
    explode: bool
    allow_empty_value: bool
    allow_reserved: bool
    collection_format: str | None  # Swagger 2.0 only
    content_type: str | None  # when described with `content` instead of `schema`
    schema: Node | None  # Swagger 2.0: the parameter object itself
    sunset: Sunset | None = None  # the parameter's x-sunset date


@dataclass(frozen=True, slots=True)
class MediaType:
    name: str
    node: Node
    schema: Node | None


@dataclass(frozen=True, slots=True)
class RequestBody:
    node: Node
    required: bool
    content: dict[str, MediaType]


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    node: Node
    required: bool
    deprecated: bool
    schema: Node | None


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "2XX" or "default"
    node: Node
    content: dict[str, MediaType]
    headers: dict[str, Header]  # keyed by lower-cased name


@dataclass(frozen=True, slots=True)
class Requirement:
    """One alternative of a security requirement list: scheme name -> scopes."""

    schemes: dict[str, frozenset[str]]
    node: Node


@dataclass(frozen=True, slots=True)
class Security:
    """The effective security of an operation (its own, else the root's)."""

    requirements: tuple[Requirement, ...]
    node: Node | None

    @property
    def public(self) -> bool:
        """No requirement at all, or an empty alternative (``{}``)."""
        return not self.requirements or any(not r.schemes for r in self.requirements)


@dataclass(frozen=True, slots=True)
class OAuthFlow:
    name: str  # implicit, password, clientCredentials, authorizationCode
    node: Node
    urls: dict[str, str]  # authorizationUrl / tokenUrl / refreshUrl
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    node: Node
    type: str  # apiKey, http, oauth2, openIdConnect, mutualTLS
    http_scheme: str | None = None  # lower-cased
    bearer_format: str | None = None
    key_in: str | None = None
    key_name: str | None = None
    flows: dict[str, OAuthFlow] = field(default_factory=dict)
    openid_url: str | None = None


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    node: Node
    default: str | None
    enum: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    node: Node
    variables: dict[str, ServerVariable]
    #: Where the base path is written (the url, or Swagger 2.0's basePath).
    path_node: Node | None = None


@dataclass(frozen=True, slots=True)
class Sunset:
    day: date
    node: Node


@dataclass(frozen=True, slots=True)
class Operation:
    method: str  # lower-case
    path: str  # as written in the document
    node: Node
    operation_id: str | None
    deprecated: bool
    sunset: Sunset | None
    tags: tuple[str, ...]
    stability: str | None
    path_names: tuple[str, ...]  # path parameter names in template order
    parameters: dict[ParamKey, Parameter]
    request_body: RequestBody | None
    responses: dict[str, Response]
    security: Security
    #: Servers of the operation or its path item, when they override the root's.
    servers: tuple[Server, ...] | None
    #: An OpenAPI 3.1 webhook: ``path`` is the webhook's name.
    webhook: bool = False

    @property
    def key(self) -> tuple[str, str]:
        if self.webhook:
            return self.method.upper(), self.path
        return self.method.upper(), normalise_path(self.path)

    @property
    def label(self) -> str:
        if self.webhook:
            return f"webhook {self.path} {self.method.upper()}"
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True, slots=True)
class OpenAPIModel:
    """What ``Contract.model`` holds for the openapi kind."""

    workspace: Workspace
    document: Document
    dialect: Dialect
    operations: dict[tuple[str, str], Operation]
    security_schemes: dict[str, SecurityScheme]
    servers: tuple[Server, ...]
    #: OpenAPI 3.1 webhooks, keyed (METHOD, name)
    webhooks: dict[tuple[str, str], Operation] = field(default_factory=dict)
    #: Structural errors skipped by a lenient load (for lint); empty otherwise.
    problems: tuple[AccordError, ...] = ()
