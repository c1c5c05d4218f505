"""Tree documents (YAML/JSON) with source positions and cross-file ``$ref`` resolution.

Shared by every kind whose contracts are YAML or JSON (OpenAPI, AsyncAPI,
JSON Schema) and by configuration loading. An engine: never imports upward.

- :class:`Document`: one parsed file. ``data`` is plain Python (dict/list/str/...).
  ``location(pointer)`` gives file, line and column of the value at a JSON
  pointer, computed lazily (positions cost nothing until asked for).
- :class:`Workspace`: a set of documents, each file read and parsed once,
  which resolves ``$ref`` values relative to the document that holds them.
- :class:`Node`: a value plus the document and pointer it came from.
"""

from __future__ import annotations

from accord.source.document import Document, load_document, load_tree_or_none
from accord.source.workspace import Node, Workspace

__all__ = ["Document", "Node", "Workspace", "load_document", "load_tree_or_none"]
