"""``$ref`` handling for AsyncAPI documents.

AsyncAPI documents often point at schemas they do not hold (an Avro schema on a
schema registry, ``https://.../Payload.avsc``). Such remote references are kept as
they are, as *external* schemas compared by their URL; every other reference,
local or to a relative file, must resolve, and is checked when the document loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import join, split
from accord.source import Document, Node, Workspace

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def ref_of(value: Any) -> str | None:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


def is_remote(ref: str) -> bool:
    """True for a reference with a URI scheme (``https://``, ``urn:``): not fetched."""
    return _REMOTE.match(ref) is not None


class Resolver:
    """Follows references in a workspace, stopping at remote ones."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    def follow(self, node: Node) -> Node:
        """``node`` with its ``$ref`` chain followed; a remote reference is an error."""
        ref = ref_of(node.value)
        if ref is None:
            return node
        external = self.external(node)
        if external is not None:
            raise AccordError(
                ErrorCode.UNRESOLVABLE_REF,
                f"$ref {external!r} is a remote URL",
                location=node.doc.location(join(node.pointer, "$ref")),
                hint="remote URLs are not fetched (only schemas may be remote); download "
                "the file and refer to it by relative path",
            )
        return self.ws.deref(node)

    def external(self, node: Node) -> str | None:
        """The remote URL the ``$ref`` chain starting at ``node`` ends in, or None."""
        current = node
        for _ in range(64):
            ref = ref_of(current.value)
            if ref is None:
                return None
            if is_remote(ref):
                return ref
            try:
                self.ws.deref(current)
                return None  # the chain resolves without leaving the workspace
            except AccordError:
                nxt = self._step(current, ref)
                if nxt is None:
                    raise
            current = nxt
        return None

    def _step(self, node: Node, ref: str) -> Node | None:
        """One reference followed by hand (when a chain goes remote further on)."""
        file_part, _, fragment = ref.partition("#")
        doc = node.doc
        if file_part:
            target = doc.path.parent / unquote(file_part)
            if not target.is_file():
                return None
            doc = self.ws.load(target)
        try:
            tokens = split(unquote(fragment))
        except ValueError:
            return None
        found = Node(doc, "", doc.data).child(*tokens) if tokens else Node(doc, "", doc.data)
        return found

    def check(self, entry: Document) -> None:
        """Resolve every local and relative-file reference reachable from ``entry``
        (loading the files they name), so a broken one fails at load time where it
        is written. Remote references are left alone."""
        walked: set[Path] = {entry.path}
        queue = [entry]
        while queue:
            doc = queue.pop()
            for node in _ref_nodes(doc):
                ref = node.value["$ref"]
                if is_remote(ref) or self.external(node) is not None:
                    continue
                target = self.ws.deref(node)
                if target.doc.path not in walked:
                    walked.add(target.doc.path)
                    queue.append(target.doc)
            for other in self.ws.documents():  # files loaded on the way
                if other.path not in walked:
                    walked.add(other.path)
                    queue.append(other)


def _ref_nodes(doc: Document) -> Iterator[Node]:
    """Every ``{"$ref": "<string>"}`` object of ``doc``, in document order."""
    stack: list[tuple[Any, str]] = [(doc.data, "")]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                yield Node(doc, pointer, value)
            for key in reversed(list(value)):
                item = value[key]
                if isinstance(item, dict | list):
                    stack.append((item, join(pointer, str(key))))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                item = value[index]
                if isinstance(item, dict | list):
                    stack.append((item, f"{pointer}/{index}"))
