"""The AsyncAPI model: one shape for AsyncAPI 2.0-2.6 and 3.0.

Operations are seen from the application the document describes, as AsyncAPI 3.0
writes them: ``send`` (the application produces the messages) and ``receive`` (it
consumes them). AsyncAPI 2.x says the opposite words from the other side: a 2.x
``subscribe`` operation means other applications may subscribe to what *this*
application sends, so it becomes ``send``; ``publish`` means others publish to it,
so it becomes ``receive``.

Every element keeps the :class:`Node` it was read from, so changes and findings
point into the files as written. Schemas stay nodes; the schema engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from accord.core.errors import AccordError
from accord.source import Document, Node, Workspace

if TYPE_CHECKING:
    from avro.schema import Schema as AvroSchema

Action = Literal["send", "receive"]

#: What 2.x operation keywords mean from the application's point of view.
ACTION_OF_V2: dict[str, Action] = {"subscribe": "send", "publish": "receive"}


@dataclass(frozen=True, slots=True)
class Schema:
    """A payload or headers schema, with the format it is written in."""

    #: The schema with ``$ref`` followed; None when it lives at a remote URL.
    node: Node | None
    #: Where the schema is written in the message (for locations).
    where: Node
    #: The normalised format family: ``asyncapi``, ``jsonschema``, ``openapi``,
    #: ``avro``, ``raml``, ``protobuf``, or the declared media type.
    format: str
    #: ``schemaFormat`` as declared, if any.
    declared_format: str | None = None
    #: A remote ``$ref`` accord does not fetch (compared by its URL).
    external: str | None = None
    #: The schema as written (maybe a ``$ref``, so that a shared schema is one place).
    written: Node | None = None
    #: An Avro schema (format ``avro``), parsed at load.
    avro: AvroSchema | None = None

    @property
    def source(self) -> Node | None:
        """The schema to compare: as written where known, else resolved."""
        return self.written if self.written is not None else self.node

    @property
    def json_schema(self) -> bool:
        """True when the schema is JSON Schema-like (the engine can compare it)."""
        return self.node is not None and self.format in JSON_SCHEMA_FORMATS


#: Format families the JSON Schema engine reads.
JSON_SCHEMA_FORMATS = frozenset({"asyncapi", "jsonschema", "openapi"})


@dataclass(frozen=True, slots=True)
class CorrelationId:
    #: The runtime expression (``$message.header#/correlation_id``), if given.
    location: str | None
    node: Node


@dataclass(frozen=True, slots=True)
class Message:
    """One message as a consumer sees it: its traits applied."""

    #: The name it is matched by across versions (channel message key, ``messageId``,
    #: ``name``, or component key).
    key: str
    #: The message object as written, ``$ref`` followed.
    node: Node
    #: The effective top-level fields after traits (each the node it came from).
    fields: dict[str, Node]
    name: str | None
    payload: Schema | None
    headers: Schema | None
    #: The effective content type: the message's own, else ``defaultContentType``.
    content_type: str | None
    #: Where the message itself (or a trait) declares ``contentType``.
    content_type_node: Node | None
    correlation_id: CorrelationId | None
    bindings: dict[str, Node]

    @property
    def ident(self) -> tuple[str, str]:
        """The message object's place: one message used by many operations is one."""
        return (str(self.node.doc.path), self.node.pointer)

    def text(self, field_name: str) -> str:
        """A string field (``description``, ``summary``, ``title``), or ``""``."""
        node = self.fields.get(field_name)
        return node.value if node is not None and isinstance(node.value, str) else ""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    node: Node
    enum: tuple[str, ...] | None
    default: str | None
    #: Where the value comes from in a message (``$message.payload#/user/id``).
    location: str | None
    #: AsyncAPI 2.x: the parameter's schema.
    schema: Node | None


@dataclass(frozen=True, slots=True)
class Server:
    key: str
    node: Node
    protocol: str | None
    protocol_version: str | None
    #: ``url`` (2.x) or ``host`` + ``pathname`` (3.0).
    host: str | None
    bindings: dict[str, Node]


@dataclass(frozen=True, slots=True)
class Channel:
    key: str
    #: The address messages travel on (2.x: the channel's key); None: unknown/dynamic.
    address: str | None
    node: Node
    parameters: dict[str, Parameter]
    bindings: dict[str, Node]
    #: AsyncAPI 3.0: the channel's messages by key (2.x: empty, messages live in operations).
    messages: dict[str, Message]
    #: The server keys the channel is available on (empty: all of them).
    servers: tuple[str, ...]

    @property
    def shown(self) -> str:
        return self.address if self.address is not None else self.key


@dataclass(frozen=True, slots=True)
class Reply:
    """AsyncAPI 3.0 request/reply: where and what the other side answers."""

    node: Node
    channel: Channel | None
    #: The runtime expression of a dynamic reply address (``$message.header#/replyTo``).
    address: str | None
    messages: dict[str, Message]


@dataclass(frozen=True, slots=True)
class Operation:
    key: str
    #: From the application's point of view (2.x ``subscribe`` is ``send``).
    action: Action
    channel: Channel
    node: Node
    operation_id: str | None
    messages: dict[str, Message]
    bindings: dict[str, Node]
    reply: Reply | None = None
    #: ``send user/signedup``: what reports name the operation by.
    label: str = ""

    def text(self, field_name: str) -> str:
        value = self.node.value.get(field_name) if isinstance(self.node.value, dict) else None
        return value if isinstance(value, str) else ""


@dataclass(slots=True)
class AsyncAPIModel:
    workspace: Workspace
    document: Document
    #: The declared version (``2.6.0``) and its major number (2 or 3).
    version: str
    major: int
    default_content_type: str | None
    servers: dict[str, Server]
    channels: dict[str, Channel]
    operations: dict[str, Operation]
    #: Every distinct message: of components (under their component key), then of
    #: channels and operations.
    messages: list[Message]
    #: Structural errors a lenient load skipped (reported by ``asyncapi-structure``).
    problems: tuple[AccordError, ...] = ()
    #: Component message keys by the message's place (for names in findings).
    component_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def operations_of(self, message: Message) -> list[Operation]:
        """The operations that send or receive ``message`` (reply messages included)."""
        out = []
        for op in self.operations.values():
            found = [m.ident for m in op.messages.values()]
            if op.reply is not None:
                found += [m.ident for m in op.reply.messages.values()]
            if message.ident in found:
                out.append(op)
        return out
