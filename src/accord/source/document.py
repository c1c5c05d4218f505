"""One YAML or JSON file, parsed once, with lazy pointer -> line/column lookup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.core.location import Location


class Document:
    """A parsed YAML/JSON file.

    Attributes: ``path`` (absolute, resolved), ``display`` (the name used in
    reports: the path as the user gave it, or relative to the entry document),
    ``data`` (the parsed value), ``text`` (the file's text), ``format``
    (``"json"`` or ``"yaml"``).
    """

    path: Path
    display: str
    data: Any
    text: str
    format: str

    def location(self, pointer: str) -> Location:
        """Where the value at ``pointer`` starts (1-based line and column).

        For a pointer that does not exist, the location of its nearest existing
        ancestor, still carrying the requested pointer.
        """
        raise NotImplementedError


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; ``AccordError`` (FILE_NOT_FOUND, INVALID_SYNTAX
    with line/column and hint) on failure."""
    raise NotImplementedError


def load_tree_or_none(path: Path) -> Any:
    """The parsed data of a YAML/JSON file, or None when the file is not one
    (by extension: .proto, .graphql, ...). Syntax errors raise AccordError."""
    raise NotImplementedError
