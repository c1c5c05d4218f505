"""Building the model from a parsed document (OpenAPI 3.x; Swagger 2.0 via swagger2.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.openapi import definitions, swagger2
from accord.kinds.openapi.model import (
    METHODS,
    Dialect,
    Header,
    MediaType,
    OpenAPIModel,
    Operation,
    Parameter,
    ParamKey,
    RequestBody,
    Response,
    Security,
    Server,
    Sunset,
    sub,
    template_names,
)
from accord.source import Document, Node, Workspace

_PARAMETER_IN = {"path", "query", "header", "cookie"}
# OpenAPI 3 ignores header parameters with these names (they are set otherwise).
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}
_SWAGGER_STYLES = {"ssv": "spaceDelimited", "pipes": "pipeDelimited", "tsv": "tabDelimited"}


def invalid(node: Node, message: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONTRACT, message, location=node.location, hint=hint)


def parse_date(value: Any) -> date | None:
    """An ISO date or date-time, or an HTTP-date (RFC 9110) as in a Sunset header."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


class Extractor:
    """Walks one document once and builds its :class:`OpenAPIModel`."""

    def __init__(self, workspace: Workspace, doc: Document, dialect: Dialect, *,
                 lenient: bool = False) -> None:
        #: Lenient (for lint): a malformed element is skipped and its error kept in
        #: ``problems``; otherwise the first one is raised.
        self.lenient = lenient
        self.problems: list[AccordError] = []
        self.ws = workspace
        self.doc = doc
        self.dialect: Dialect = dialect
        self.swagger = dialect == "swagger2"
        self.root = workspace.root(doc)
        self._params: dict[tuple[int, str], Parameter] = {}

    # --- helpers --------------------------------------------------------------------

    def deref(self, node: Node) -> Node:
        value = node.value
        if isinstance(value, dict) and "$ref" in value:
            return self.ws.deref(node)
        return node

    def tolerate(self, error: AccordError) -> None:
        """Keep a structural error (lenient) or raise it."""
        if not self.lenient or error.code is not ErrorCode.INVALID_CONTRACT:
            raise error
        self.problems.append(error)

    @staticmethod
    def fail(node: Node, message: str, hint: str) -> AccordError:
        return invalid(node, message, hint)

    def mapping(self, node: Node, what: str, hint: str) -> Node:
        node = self.deref(node)
        if not isinstance(node.value, dict):
            raise invalid(node, f"{what} must be a mapping, not {_kind(node.value)}", hint)
        return node

    def listing(self, node: Node, what: str, hint: str) -> list[Node]:
        if not isinstance(node.value, list):
            raise invalid(node, f"{what} must be a list, not {_kind(node.value)}", hint)
        return [n for i in range(len(node.value)) if (n := sub(node, i)) is not None]

    def children(self, node: Node | None) -> list[tuple[str, Node]]:
        """(key, child) of a mapping node, skipping extensions (``x-...``)."""
        if node is None or not isinstance(node.value, dict):
            return []
        out = []
        for key in node.value:
            text = str(key)
            if not text.startswith("x-") and (child := sub(node, key)) is not None:
                out.append((text, child))
        return out

    # --- the document ----------------------------------------------------------

    def run(self) -> OpenAPIModel:
        if self.swagger:
            schemes = swagger2.security_schemes(self)
            servers = swagger2.servers(self.root)
        else:
            schemes = definitions.security_schemes(self)
            servers = definitions.servers(self, sub(self.root, "servers")) or ()
        root_security = definitions.security(self, sub(self.root, "security"))
        operations: dict[tuple[str, str], Operation] = {}
        paths = sub(self.root, "paths")
        if paths is None:
            if self.dialect != "oas31":
                self.tolerate(invalid(self.root, "the document has no 'paths'",
                                      "add 'paths: {}' if the API has no operations yet"))
        else:
            try:
                paths = self.mapping(paths, "'paths'",
                                     "map each path ('/users') to its operations")
            except AccordError as error:
                self.tolerate(error)
                paths = None
            for path, raw_item in self.children(paths):
                try:
                    item = self.mapping(raw_item, f"path item {path!r}",
                                        "map HTTP methods (get, post, ...) to operations")
                except AccordError as error:
                    self.tolerate(error)
                    continue
                for op in self.path_item(path, item, root_security):
                    operations.setdefault(op.key, op)
        webhooks = self.webhooks(root_security)
        return OpenAPIModel(self.ws, self.doc, self.dialect, operations, schemes, servers,
                            webhooks, tuple(self.problems))

    def webhooks(self, root_security: Security) -> dict[tuple[str, str], Operation]:
        """OpenAPI 3.1 ``webhooks``: name -> a path item the provider calls."""
        raw = sub(self.root, "webhooks") if self.dialect == "oas31" else None
        if raw is None:
            return {}
        out: dict[tuple[str, str], Operation] = {}
        try:
            node = self.mapping(raw, "'webhooks'", "map each webhook name to a path item")
        except AccordError as error:
            self.tolerate(error)
            return out
        for name, raw_item in self.children(node):
            try:
                item = self.mapping(raw_item, f"webhook {name!r}",
                                    "map HTTP methods (post, ...) to operations")
            except AccordError as error:
                self.tolerate(error)
                continue
            for op in self.path_item(name, item, root_security):
                hook = replace(op, webhook=True)
                out.setdefault(hook.key, hook)
        return out

    def path_item(self, path: str, item: Node, root_security: Security) -> list[Operation]:
        shared = sub(item, "parameters")
        item_servers = None if self.swagger else definitions.servers(self, sub(item, "servers"))
        out = []
        for method in METHODS:
            raw = sub(item, method)
            if raw is None:
                continue
            try:
                op = self.mapping(raw, f"operation {method.upper()} {path}",
                                  "an operation is a mapping with 'responses' and optional "
                                  "'parameters', 'requestBody', ...")
                out.append(self.operation(method, path, op, shared, root_security,
                                          item_servers))
            except AccordError as error:
                self.tolerate(error)
        return out

    def operation(self, method: str, path: str, op: Node, shared: Node | None,
                  root_security: Security, item_servers: tuple[Server, ...] | None,
                  ) -> Operation:
        value = op.value
        names = tuple(template_names(path))
        raw_params = self.parameter_nodes(shared, sub(op, "parameters"))
        parameters: dict[ParamKey, Parameter] = {}
        body: list[Node] = []
        form: list[Node] = []
        for node in raw_params:
            where = node.value["in"]
            if self.swagger and where == "body":
                body.append(node)
            elif self.swagger and where == "formData":
                form.append(node)
            elif where in _PARAMETER_IN:
                param = self.parameter(node)
                ignored = where == "header" and param.name.lower() in _IGNORED_HEADERS
                if ignored and not self.swagger:
                    continue
                parameters[_param_key(param, names)] = param
        if self.swagger:
            request_body = swagger2.request_body(self, op, body, form)
        else:
            request_body = self.request_body(sub(op, "requestBody"))
        responses = self.responses(op)
        op_servers = None if self.swagger else definitions.servers(self, sub(op, "servers"))
        tags = value.get("tags")
        stability = value.get("x-stability-level")
        op_id = value.get("operationId")
        return Operation(
            method=method,
            path=path,
            node=op,
            operation_id=str(op_id) if op_id is not None else None,
            deprecated=value.get("deprecated") is True,
            sunset=self.sunset(op, responses),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            stability=str(stability) if stability is not None else None,
            path_names=names,
            parameters=parameters,
            request_body=request_body,
            responses=responses,
            security=(definitions.security(self, sub(op, "security")) if "security" in value
                      else root_security),
            servers=op_servers if op_servers is not None else item_servers,
        )

    # --- parameters --------------------------------------------------------------

    def parameter_nodes(self, shared: Node | None, own: Node | None) -> list[Node]:
        """Path-item parameters overridden by the operation's, by (in, name)."""
        merged: dict[tuple[str, str], Node] = {}
        for group in (shared, own):
            if group is None:
                continue
            for entry in self.listing(group, "'parameters'", "list parameter objects"):
                node = self.mapping(entry, "a parameter", "a parameter has 'name' and 'in'")
                name, where = node.value.get("name"), node.value.get("in")
                if not isinstance(name, str) or not isinstance(where, str):
                    raise invalid(node, "a parameter needs a string 'name' and 'in'",
                                  "add e.g. 'name: limit' and 'in: query'")
                merged[(where, name)] = node
        return list(merged.values())

    def parameter(self, node: Node) -> Parameter:
        cache_key = (id(node.doc), node.pointer)
        cached = self._params.get(cache_key)
        if cached is not None:
            return cached
        v = node.value
        where: str = v["in"]
        array = v.get("type") == "array"
        if self.swagger:
            fmt = str(v.get("collectionFormat") or "csv") if array else None
            style = _SWAGGER_STYLES.get(fmt or "", "form" if where in {"query", "cookie"}
                                        else "simple")
            explode = fmt == "multi"
            schema: Node | None = node
            content_type = None
        else:
            fmt = None
            style = str(v.get("style") or ("form" if where in {"query", "cookie"} else "simple"))
            explode = v["explode"] if isinstance(v.get("explode"), bool) else style == "form"
            schema = sub(node, "schema")
            content_type = None
            content = self.children(sub(node, "content"))
            if schema is None and content:
                content_type, media = content[0]
                schema = sub(media, "schema")
        param = Parameter(
            name=v["name"],
            location=where,
            node=node,
            required=v.get("required") is True or where == "path",
            deprecated=v.get("deprecated") is True,
            style=style,
            explode=explode,
            allow_empty_value=v.get("allowEmptyValue") is True,
            allow_reserved=v.get("allowReserved") is True,
            collection_format=fmt,
            content_type=content_type,
            schema=schema,
            sunset=_own_sunset(node),
        )
        self._params[cache_key] = param
        return param

    # --- bodies and responses ------------------------------------------------------

    def content(self, node: Node | None) -> dict[str, MediaType]:
        if node is None:
            return {}
        node = self.mapping(node, "'content'", "map media types to media type objects")
        return {name: MediaType(name, media, sub(media, "schema"))
                for name, media in self.children(node)}

    def request_body(self, node: Node | None) -> RequestBody | None:
        if node is None:
            return None
        node = self.mapping(node, "'requestBody'", "a request body has 'content'")
        return RequestBody(node, node.value.get("required") is True,
                           self.content(sub(node, "content")))

    def responses(self, op: Node) -> dict[str, Response]:
        raw = sub(op, "responses")
        if raw is None:
            return {}
        node = self.mapping(raw, "'responses'", "map status codes to response objects")
        out: dict[str, Response] = {}
        for status, entry in self.children(node):
            try:
                response = self.mapping(entry, f"response {status!r}",
                                        "a response has a 'description'")
                if self.swagger:
                    content = swagger2.response_content(self, op, response)
                else:
                    content = self.content(sub(response, "content"))
                headers = self.headers(response)
            except AccordError as error:
                self.tolerate(error)
                continue
            status = normalise_status(status)
            out[status] = Response(status, response, content, headers)
        return out

    def headers(self, response: Node) -> dict[str, Header]:
        out: dict[str, Header] = {}
        for name, entry in self.children(sub(response, "headers")):
            node = self.mapping(entry, f"header {name!r}", "a header is a mapping")
            if name.lower() == "content-type" and not self.swagger:
                continue  # OpenAPI 3: described by the media types instead
            v = node.value
            if self.swagger:
                schema: Node | None = node
            else:
                schema = sub(node, "schema")
                content = self.children(sub(node, "content"))
                if schema is None and content:
                    schema = sub(content[0][1], "schema")
            out[name.lower()] = Header(name, node, v.get("required") is True,
                                       v.get("deprecated") is True, schema)
        return out

    def sunset(self, op: Node, responses: dict[str, Response]) -> Sunset | None:
        """``x-sunset`` on the operation, else a documented ``Sunset`` response header."""
        candidates: list[Node | None] = [sub(op, "x-sunset")]
        for response in responses.values():
            header = response.headers.get("sunset")
            if header is None:
                continue
            candidates += [sub(header.node, "example"), sub(header.node, "default")]
            if header.schema is not None:
                schema = self.deref(header.schema)
                candidates += [sub(schema, "example"), sub(schema, "default")]
            for _, example in self.children(sub(header.node, "examples")):
                candidates.append(self.deref(example).child("value"))
        for node in candidates:
            if node is not None and (day := parse_date(node.value)) is not None:
                return Sunset(day, node)
        return None


def normalise_status(status: str) -> str:
    """``2xx`` -> ``2XX``, ``Default`` -> ``default``; codes stay as they are."""
    text = status.strip()
    if text.lower() == "default":
        return "default"
    return text.upper() if text[1:].lower() == "xx" else text


def _param_key(param: Parameter, names: tuple[str, ...]) -> ParamKey:
    if param.location == "path" and param.name in names:
        return ("path", f"#{names.index(param.name)}")
    if param.location == "header":
        return ("header", param.name.lower())
    return (param.location, param.name)


def _own_sunset(node: Node) -> Sunset | None:
    """The ``x-sunset`` date written on ``node`` itself."""
    found = sub(node, "x-sunset")
    day = parse_date(found.value) if found is not None else None
    return Sunset(day, found) if day is not None and found is not None else None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else type(value).__name__
