"""Reading an AsyncAPI document: version detection, references, the model."""

from __future__ import annotations

import re
from pathlib import Path

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.asyncapi import extract_v2, extract_v3
from accord.kinds.asyncapi.extract import Extractor, invalid
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.kinds.protocol import Contract, info_contract
from accord.source import Document, Node, Workspace

SUPPORTED = "AsyncAPI 2.0 to 2.6 and 3.0"

_V2 = re.compile(r"2\.[0-6](\.\d+)?(-[\w.]+)?")
_V3 = re.compile(r"3\.0(\.\d+)?(-[\w.]+)?")


def detect_version(doc: Document) -> tuple[str, int]:
    """The declared version and its major number, or AccordError saying why not."""
    data = doc.data
    if not isinstance(data, dict) or "asyncapi" not in data:
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT,
            f"{doc.display} is not an AsyncAPI document: it has no 'asyncapi' key",
            location=doc.location(""),
            hint="an AsyncAPI document starts with 'asyncapi: 3.0.0' (or 2.x); pass --kind "
            "if the file is another kind of contract",
        )
    declared = str(data["asyncapi"]).strip()
    if _V2.fullmatch(declared):
        return declared, 2
    if _V3.fullmatch(declared):
        return declared, 3
    raise AccordError(
        ErrorCode.UNSUPPORTED_VERSION,
        f"asyncapi version {declared!r} is not supported",
        location=doc.location("/asyncapi"),
        hint=f"accord reads {SUPPORTED}; convert the document (AsyncAPI 1.x documents can "
        "be converted with the AsyncAPI converter)",
    )


def load_model(path: Path, *, lenient: bool = False,
               display: str | None = None) -> tuple[AsyncAPIModel, Node]:
    """Read, check and model the document at ``path``; also return its root node.

    ``lenient`` (for lint): structural errors (INVALID_CONTRACT) skip the malformed
    element and are kept in ``AsyncAPIModel.problems`` instead of being raised.
    """
    workspace = Workspace()
    doc = workspace.load(path, display if display is not None else str(path))
    version, major = detect_version(doc)
    ex = Extractor(workspace, doc, version, major, lenient=lenient)
    root = workspace.root(doc)
    info = root.child("info")
    if info is None or not isinstance(info.value, dict):
        ex.tolerate(invalid(info or root, "the document has no 'info' mapping",
                            "add 'info:' with at least 'title' and 'version'"))
    ex.refs.check(doc)
    model = extract_v2.extract(ex) if major == 2 else extract_v3.extract(ex)
    return model, root


def load_contract(path: Path, kind: str, *, lenient: bool = False,
                  display: str | None = None) -> Contract:
    model, root = load_model(path, lenient=lenient, display=display)
    return info_contract(kind, path, display, model, root,
                         files=tuple(str(doc.path) for doc in model.workspace.documents()))
