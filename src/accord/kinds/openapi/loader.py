"""Reading an OpenAPI document: version detection, structural checks, the model."""

from __future__ import annotations

import re
from pathlib import Path

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.openapi.extract import Extractor, invalid
from accord.kinds.openapi.model import Dialect, OpenAPIModel
from accord.kinds.protocol import Contract, info_contract
from accord.source import Document, Node, Workspace

SUPPORTED = "Swagger 2.0, OpenAPI 3.0.x and OpenAPI 3.1.x"

_OAS30 = re.compile(r"3\.0(\.\d+)?(-[\w.]+)?")
_OAS31 = re.compile(r"3\.1(\.\d+)?(-[\w.]+)?")


def detect_dialect(doc: Document) -> Dialect:
    """The dialect a document declares, or AccordError saying why it has none."""
    data = doc.data
    if not isinstance(data, dict) or ("openapi" not in data and "swagger" not in data):
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT,
            f"{doc.display} is not an OpenAPI document: it has no 'openapi' or 'swagger' key",
            location=doc.location(""),
            hint="an OpenAPI document starts with 'openapi: 3.1.0' (or 3.0.x, "
            "or 'swagger: \"2.0\"'); pass --kind if the file is another kind of contract",
        )
    key = "openapi" if "openapi" in data else "swagger"
    # YAML reads an unquoted 2.0 or 3.0 as a number; accept it as its text.
    declared = str(data[key]).strip()
    if key == "swagger" and declared in {"2.0", "2"}:
        return "swagger2"
    if key == "openapi" and _OAS30.fullmatch(declared):
        return "oas30"
    if key == "openapi" and _OAS31.fullmatch(declared):
        return "oas31"
    raise AccordError(
        ErrorCode.UNSUPPORTED_VERSION,
        f"{key} version {declared!r} is not supported",
        location=doc.location(f"/{key}"),
        hint=f"accord reads {SUPPORTED}; convert the document to one of them",
    )


def load_model(path: Path, *, lenient: bool = False,
               display: str | None = None) -> tuple[OpenAPIModel, Node]:
    """Read, check and model the document at ``path``; also return its root node.

    ``lenient`` (for lint): structural errors (INVALID_CONTRACT) skip the malformed
    element and are kept in ``OpenAPIModel.problems`` instead of being raised.
    """
    workspace = Workspace()
    doc = workspace.load(path, display if display is not None else str(path))
    dialect = detect_dialect(doc)
    root = workspace.root(doc)
    extractor = Extractor(workspace, doc, dialect, lenient=lenient)
    info = root.child("info")
    if info is None or not isinstance(info.value, dict):
        extractor.tolerate(invalid(info or root, "the document has no 'info' mapping",
                                   "add 'info:' with at least 'title' and 'version'"))
    workspace.check_refs(doc)
    model = extractor.run()
    return model, root


def load_contract(path: Path, kind: str, *, lenient: bool = False,
                  display: str | None = None) -> Contract:
    model, root = load_model(path, lenient=lenient, display=display)
    return info_contract(kind, path, display, model, root,
                         files=tuple(str(doc.path) for doc in model.workspace.documents()))
