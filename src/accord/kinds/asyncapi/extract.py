"""Building the model: what AsyncAPI 2.x and 3.0 share (messages, traits, schemas,
bindings, servers, parameters). The version-specific walks are in ``extract_v2``
and ``extract_v3``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ParamSpec, TypeVar

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import split
from accord.kinds.asyncapi.formats import schema_family
from accord.kinds.asyncapi.model import (
    AsyncAPIModel,
    Channel,
    CorrelationId,
    Message,
    Operation,
    Parameter,
    Schema,
    Server,
)
from accord.kinds.asyncapi.refs import Resolver, is_remote, ref_of
from accord.source import Document, Node, Workspace

P = ParamSpec("P")
T = TypeVar("T")

#: Message fields that are not merged from traits (a trait cannot carry them).
_NOT_FROM_TRAITS = frozenset({"traits", "payload"})


def invalid(node: Node, message: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONTRACT, message, location=node.location, hint=hint)


def sub(node: Node, key: str | int) -> Node | None:
    return node.child(key)


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else type(value).__name__


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch of ``patch`` onto ``target`` (both left unchanged)."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


class Extractor:
    """Walks one document and builds its :class:`AsyncAPIModel`."""

    def __init__(self, workspace: Workspace, doc: Document, version: str, major: int, *,
                 lenient: bool = False) -> None:
        self.ws = workspace
        self.doc = doc
        self.version = version
        self.major = major
        self.lenient = lenient
        self.problems: list[AccordError] = []
        self.refs = Resolver(workspace)
        self.root = workspace.root(doc)
        value = doc.data.get("defaultContentType")
        self.default_content_type = value if isinstance(value, str) and value else None
        # Messages built once per place; a use under another key is a copy with that key.
        self._messages: dict[tuple[str, str], Message] = {}
        self.component_names: dict[tuple[str, str], str] = {}

    # --- helpers ----------------------------------------------------------------------

    def tolerate(self, error: AccordError) -> None:
        """Keep a structural error (lenient) or raise it."""
        if not self.lenient or error.code is not ErrorCode.INVALID_CONTRACT:
            raise error
        self.problems.append(error)

    def guard(self, build: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """``build(*args, **kwargs)``, or None when it raised a structural error a
        lenient load keeps."""
        try:
            return build(*args, **kwargs)
        except AccordError as error:
            self.tolerate(error)
            return None

    def follow(self, node: Node) -> Node:
        if ref_of(node.value) is None:
            return node
        try:
            return self.refs.follow(node)
        except AccordError as error:
            if error.code is ErrorCode.UNRESOLVABLE_REF and "remote URL" in error.message:
                raise AccordError(ErrorCode.INVALID_CONTRACT, error.message,
                                  location=error.location, hint=error.hint) from None
            raise

    def mapping(self, node: Node, what: str, hint: str) -> Node:
        node = self.follow(node)
        if not isinstance(node.value, dict):
            raise invalid(node, f"{what} must be a mapping, not {kind_of(node.value)}", hint)
        return node

    def entries(self, node: Node | None, what: str, hint: str) -> list[tuple[str, Node]]:
        """(key, child) of a mapping, extensions (``x-...``) skipped."""
        if node is None:
            return []
        node = self.mapping(node, what, hint)
        out = []
        for key in node.value:
            text = str(key)
            if not text.startswith("x-") and (child := sub(node, key)) is not None:
                out.append((text, child))
        return out

    def items(self, node: Node | None, what: str, hint: str) -> list[Node]:
        if node is None:
            return []
        node = self.follow(node)
        if not isinstance(node.value, list):
            raise invalid(node, f"{what} must be a list, not {kind_of(node.value)}", hint)
        return [n for i in range(len(node.value)) if (n := sub(node, i)) is not None]

    @staticmethod
    def text(node: Node | None) -> str | None:
        if node is None or node.value is None:
            return None
        return str(node.value)

    # --- traits -----------------------------------------------------------------------

    def with_traits(self, node: Node, what: str) -> dict[str, Node]:
        """The object's effective top-level fields, its ``traits`` applied.

        AsyncAPI 2.x merges each trait into the object with JSON Merge Patch (a
        trait's value wins); AsyncAPI 3.0 keeps the object's own values (a trait
        only fills in what the object does not say). Mappings on both sides are
        merged; the result keeps the node the winning value was written at.
        """
        fields = {str(k): child for k in node.value if k != "traits"
                  and (child := sub(node, k)) is not None}
        traits = sub(node, "traits")
        if traits is None:
            return fields
        trait_nodes = []
        for entry in self.items(traits, f"the traits of {what}", "list trait objects or $refs"):
            if isinstance(entry.value, list):  # 2.x allows [trait, arguments]
                entry = sub(entry, 0) or entry
            trait_nodes.append(self.mapping(entry, f"a trait of {what}",
                                            "a trait is a mapping of the fields it adds"))
        own = set(fields)
        for trait in trait_nodes:
            for key in trait.value:
                key = str(key)
                if key in _NOT_FROM_TRAITS:
                    continue
                value = sub(trait, key)
                if value is None:
                    continue
                have = fields.get(key)
                if have is None:
                    fields[key] = value
                    continue
                trait_wins = self.major == 2 or key not in own
                if isinstance(have.value, dict) and isinstance(value.value, dict):
                    merged = (merge_patch(have.value, value.value) if trait_wins
                              else merge_patch(value.value, have.value))
                    fields[key] = Node(have.doc, have.pointer, merged)
                elif trait_wins:
                    fields[key] = value
        return fields

    # --- schemas ----------------------------------------------------------------------

    def schema(self, holder: Node | None, declared: str | None) -> Schema | None:
        """The schema at ``holder`` (``payload``/``headers``); in 3.0 possibly a
        multi-format schema object (``schemaFormat`` + ``schema``)."""
        if holder is None or holder.value is None:
            return None
        where = holder
        external = self.refs.external(holder)
        if external is not None:
            return Schema(None, where, schema_family(declared), declared, external)
        written = holder
        node = self.ws.deref(holder) if ref_of(holder.value) is not None else holder
        value = node.value
        if self.major == 3 and isinstance(value, dict) and "schemaFormat" in value:
            fmt = value.get("schemaFormat")
            declared = fmt if isinstance(fmt, str) else None
            inner = sub(node, "schema")
            if inner is None:
                raise invalid(node, "a multi-format schema object has no 'schema'",
                              "put the schema under 'schema:' next to 'schemaFormat'")
            external = self.refs.external(inner)
            if external is not None:
                return Schema(None, where, schema_family(declared), declared, external)
            written = inner
            node = self.ws.deref(inner) if ref_of(inner.value) is not None else inner
        family = schema_family(declared)
        parsed = None
        if family == "avro":
            from accord.kinds.avro.parsing import parse

            parsed = parse(node, "the payload")
        return Schema(node, where, family, declared, written=written, avro=parsed)

    # --- bindings ---------------------------------------------------------------------

    def bindings(self, node: Node | None, what: str) -> dict[str, Node]:
        """protocol -> binding object (``$ref`` followed)."""
        out: dict[str, Node] = {}
        for protocol, entry in self.entries(node, f"the bindings of {what}",
                                            "map protocol names (kafka, amqp, mqtt, ...) "
                                            "to binding objects"):
            out[protocol] = self.follow(entry)
        return out

    # --- messages ---------------------------------------------------------------------

    def message(self, raw: Node, key: str | None, what: str,
                fallback: str = "message") -> Message:
        """The message at ``raw`` (maybe a ``$ref``), matched across versions by
        ``key``, or, without one, by its ``messageId``, ``name`` or component key
        (else ``fallback``)."""
        node = self.mapping(raw, what, "a message is a mapping with 'payload' and optional "
                            "'headers', 'name', 'contentType', ...")
        place = (str(node.doc.path), node.pointer)
        built = self._messages.get(place)
        if built is None:
            built = self._build_message(node, what)
            self._messages[place] = built
        chosen = key or self._message_key(raw, built) or fallback
        return built if chosen == built.key else replace(built, key=chosen)

    def _message_key(self, raw: Node, built: Message) -> str | None:
        message_id = built.fields.get("messageId")
        if message_id is not None and isinstance(message_id.value, str):
            return message_id.value
        if built.name:
            return built.name
        ref = ref_of(raw.value)
        if ref is not None and not is_remote(ref):
            tokens = _tokens(ref)
            if tokens:
                return tokens[-1]
        return self.component_names.get(built.ident)

    def _build_message(self, node: Node, what: str) -> Message:
        fields = self.with_traits(node, what)
        name_node = fields.get("name")
        name = name_node.value if name_node is not None and isinstance(name_node.value, str) \
            else None
        declared_node = fields.get("schemaFormat") if self.major == 2 else None
        declared = declared_node.value if declared_node is not None and isinstance(
            declared_node.value, str) else None
        content_node = fields.get("contentType")
        own_type = content_node.value if content_node is not None and isinstance(
            content_node.value, str) and content_node.value else None
        correlation = None
        corr = fields.get("correlationId")
        if corr is not None:
            corr = self.mapping(corr, f"the correlationId of {what}",
                                "a correlation id has 'location' (a runtime expression)")
            location = corr.value.get("location")
            correlation = CorrelationId(location if isinstance(location, str) else None, corr)
        return Message(
            key=name or "message",
            node=node,
            fields=fields,
            name=name,
            payload=self.schema(node.child("payload"), declared),
            headers=self.schema(fields.get("headers"), None),
            content_type=own_type or self.default_content_type,
            content_type_node=content_node if own_type else None,
            correlation_id=correlation,
            bindings=self.bindings(fields.get("bindings"), what),
        )

    def component_messages(self) -> list[Message]:
        """``components/messages``: recorded by name, built for lint."""
        out = []
        holder = self.root.child("components", "messages")
        for key, entry in self.entries(holder, "'components/messages'",
                                       "map message names to message objects"):
            try:
                node = self.follow(entry)
                self.component_names.setdefault((str(node.doc.path), node.pointer), key)
                out.append(self.message(entry, key, f"message {key!r}"))
            except AccordError as error:
                self.tolerate(error)
        return out

    # --- servers and parameters ---------------------------------------------------------

    def servers(self) -> dict[str, Server]:
        out: dict[str, Server] = {}
        for key, entry in self.entries(self.root.child("servers"), "'servers'",
                                       "map server names to server objects"):
            server = self.guard(self.server, key, entry)
            if server is not None:
                out[key] = server
        return out

    def server(self, key: str, entry: Node) -> Server:
        node = self.mapping(entry, f"server {key!r}", "a server has 'protocol' and "
                            + ("'url'" if self.major == 2 else "'host'"))
        value = node.value
        if self.major == 2:
            host = self.text(sub(node, "url"))
        else:
            host = self.text(sub(node, "host"))
            pathname = value.get("pathname")
            if host is not None and isinstance(pathname, str):
                host += pathname
        protocol = value.get("protocol")
        version = value.get("protocolVersion")
        return Server(key, node, str(protocol) if protocol is not None else None,
                      str(version) if version is not None else None, host,
                      self.bindings(sub(node, "bindings"), f"server {key!r}"))

    def parameters(self, node: Node | None, channel: str) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        for name, entry in self.entries(node, f"the parameters of channel {channel!r}",
                                        "map parameter names to parameter objects"):
            param = self.guard(self.parameter, name, entry)
            if param is not None:
                out[name] = param
        return out

    def parameter(self, name: str, entry: Node) -> Parameter:
        node = self.mapping(entry, f"parameter {name!r}", "a parameter is a mapping")
        holder: Node = node
        schema = None
        if self.major == 2 and sub(node, "schema") is not None:
            schema = self.follow(sub(node, "schema"))  # type: ignore[arg-type]
            holder = schema
        value = holder.value if isinstance(holder.value, dict) else {}
        enum = value.get("enum")
        default = value.get("default")
        location = node.value.get("location")
        return Parameter(
            name=name,
            node=node,
            enum=tuple(str(v) for v in enum) if isinstance(enum, list) else None,
            default=str(default) if default is not None else None,
            location=location if isinstance(location, str) else None,
            schema=schema,
        )

    # --- the model ----------------------------------------------------------------------

    def model(self, channels: dict[str, Channel], operations: dict[str, Operation],
              servers: dict[str, Server], extra: list[Message]) -> AsyncAPIModel:
        operations = _labelled(operations)
        # Component messages first: a message is named in findings by its component key.
        seen: dict[tuple[str, str], Message] = {m.ident: m for m in extra}
        for channel in channels.values():
            for message in channel.messages.values():
                seen.setdefault(message.ident, message)
        for op in operations.values():
            for message in op.messages.values():
                seen.setdefault(message.ident, message)
            if op.reply is not None:
                for message in op.reply.messages.values():
                    seen.setdefault(message.ident, message)
        return AsyncAPIModel(
            workspace=self.ws,
            document=self.doc,
            version=self.version,
            major=self.major,
            default_content_type=self.default_content_type,
            servers=servers,
            channels=channels,
            operations=operations,
            messages=list(seen.values()),
            problems=tuple(self.problems),
            component_names=dict(self.component_names),
        )


def _tokens(ref: str) -> list[str]:
    fragment = ref.partition("#")[2]
    try:
        return split(fragment) if fragment else []
    except ValueError:
        return []


def _labelled(operations: dict[str, Operation]) -> dict[str, Operation]:
    """Each operation labelled ``send <address>``; the key is added where two
    operations would otherwise share a label."""
    counts: dict[str, int] = {}
    for op in operations.values():
        plain = f"{op.action} {op.channel.shown}"
        counts[plain] = counts.get(plain, 0) + 1
    out = {}
    for key, op in operations.items():
        plain = f"{op.action} {op.channel.shown}"
        out[key] = replace(op, label=plain if counts[plain] == 1 else f"{plain} ({key})")
    return out
