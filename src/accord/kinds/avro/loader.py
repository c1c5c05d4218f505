"""Reading an Avro schema file (``.avsc``): the JSON document, its parsed schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.protocol import Contract, keyed_contract
from accord.source import Document, Node, Workspace

if TYPE_CHECKING:
    from avro.schema import Schema

#: Top-level properties that name the version of a schema file (Avro keeps unknown
#: attributes), as the jsonschema kind reads them.
#: The kinds of a document that is some other contract, by a top-level key.
_OTHER = {"openapi": "openapi", "swagger": "openapi", "asyncapi": "asyncapi",
          "$schema": "jsonschema"}


@dataclass
class AvroModel:
    """A loaded schema file: its document, root node and parsed schema."""

    workspace: Workspace
    document: Document
    root: Node
    schema: Schema


def load_model(path: Path, *, display: str | None = None) -> AvroModel:
    from accord.kinds.avro.parsing import parse

    workspace = Workspace()
    doc = workspace.load(path, display if display is not None else str(path))
    data = doc.data
    if isinstance(data, dict):
        other = next((k for k in _OTHER if k in data), None)
        if other is not None:
            raise AccordError(
                ErrorCode.NOT_A_CONTRACT,
                f"{doc.display} is not an Avro schema: it has a top-level '{other}'",
                location=doc.location("/" + other.replace("~", "~0").replace("/", "~1")),
                hint=f"pass --kind {_OTHER[other]}, or let accord detect the kind")
    root = Node(doc, "", data)
    return AvroModel(workspace, doc, root, parse(root, f"{doc.display}"))


def load_contract(path: Path, kind: str, *, display: str | None = None) -> Contract:
    model = load_model(path, display=display)
    return keyed_contract(kind, path, display, model, model.document)
