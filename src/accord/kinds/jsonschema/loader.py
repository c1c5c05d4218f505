"""Reading a JSON Schema document: draft detection, structural checks, references."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.jsonschema.check import check_root, check_schema
from accord.kinds.jsonschema.drafts import SUPPORTED, Draft, from_uri, sniff
from accord.kinds.jsonschema.resolver import SchemaIndex
from accord.kinds.jsonschema.shape import Side
from accord.kinds.protocol import Contract, keyed_contract
from accord.source import Document, Node, Workspace

#: Top-level keywords that name the version of a schema document, in order.


@dataclass
class JsonSchemaModel:
    """A loaded schema document (and the files it references)."""

    workspace: Workspace
    document: Document
    root: Node
    draft: Draft
    index: SchemaIndex
    #: where the draft came from: ``$schema``, ``sniffed`` or ``option``
    draft_source: str
    _side: Side | None = field(default=None, repr=False)

    @property
    def side(self) -> Side:
        """The engine's view of these documents (shapes memoised across diffs)."""
        if self._side is None:
            self._side = Side(self.index.resolve, self.index.draft_of,
                              digests=self.index.digests, refs=self.index.refs)
        return self._side


def detect_draft(doc: Document, override: Draft | None) -> tuple[Draft, str]:
    data = doc.data
    declared = data.get("$schema") if isinstance(data, dict) else None
    if declared is not None and not isinstance(declared, str):
        raise AccordError(ErrorCode.INVALID_CONTRACT, "$schema must be a URI string",
                          location=doc.location("/$schema"),
                          hint="write $schema as https://json-schema.org/draft/2020-12/schema "
                               "(or the URI of another draft)")
    if override is not None:
        return override, "option"
    if isinstance(declared, str):
        found = from_uri(declared)
        if isinstance(found, Draft):
            return found, "$schema"
        if isinstance(found, str):
            raise AccordError(
                ErrorCode.UNSUPPORTED_VERSION,
                f"JSON Schema {found} is not supported",
                location=doc.location("/$schema"),
                hint=f"accord reads {SUPPORTED}; move the schema to draft 4 or later "
                     "(or set the draft explicitly to read it as one of them)")
    return sniff(data), "sniffed"


def load_model(path: Path, *, display: str | None = None,
               draft: Draft | None = None) -> JsonSchemaModel:
    workspace = Workspace()
    doc = workspace.load(path, display if display is not None else str(path))
    data = doc.data
    if isinstance(data, dict):
        other = next((k for k in ("openapi", "swagger", "asyncapi") if k in data), None)
        if other is not None:
            raise AccordError(
                ErrorCode.NOT_A_CONTRACT,
                f"{doc.display} is an {'AsyncAPI' if other == 'asyncapi' else 'OpenAPI'} "
                "document, not a standalone JSON Schema",
                location=doc.location(f"/{other}"),
                hint=f"pass --kind {'asyncapi' if other == 'asyncapi' else 'openapi'}, "
                     "or let accord detect the kind")
    check_root(doc)
    chosen, source = detect_draft(doc, draft)
    index = SchemaIndex(workspace, doc, chosen, forced=source == "option", check=check_schema)
    index.check()
    return JsonSchemaModel(workspace, doc, Node(doc, "", data), chosen, index, source)


def load_contract(path: Path, kind: str, *, display: str | None = None,
                  draft: Draft | None = None) -> Contract:
    model = load_model(path, display=display, draft=draft)
    return keyed_contract(kind, path, display, model, model.document)
