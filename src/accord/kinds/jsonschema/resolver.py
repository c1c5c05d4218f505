"""``$ref`` resolution for standalone JSON Schema documents.

Every document is walked once along the keywords that hold schemas, tracking
the base URI that ``$id`` (``id`` in draft 4) sets; resources (``$id``) and
anchors (``$anchor``, ``$dynamicAnchor``, and the ``$id: "#name"`` of drafts
6 and 7) are indexed by absolute URI. A reference is resolved against the base
URI in effect where it is written: an indexed resource, then a file relative to
the referencing document (also for ``$id`` URLs laid out like the files), then a
JSON pointer or an anchor inside it. Nothing is fetched from the network.
``$recursiveRef`` and ``$dynamicRef`` resolve statically, to the resource root
and to the named anchor of the current resource.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import orjson

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import join, split
from accord.kinds.jsonschema.drafts import Draft, from_uri
from accord.source import Document, Node, Workspace

#: Keywords whose value is one schema.
SINGLE = frozenset({"additionalItems", "additionalProperties", "contains", "propertyNames",
                    "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties",
                    "contentSchema"})
#: Keywords whose value is a list of schemas.
LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
#: Keywords whose value maps names to schemas.
MAPS = frozenset({"properties", "patternProperties", "definitions", "$defs",
                  "dependentSchemas", "dependencies"})
REF_KEYWORDS = ("$ref", "$recursiveRef", "$dynamicRef")
#: Keys that make a subschema matter to indexing (identifiers, anchors, references).
_SPECIAL = re.compile(rb'"\$(?:id|anchor|dynamicAnchor|ref)"|Ref"')
_SPECIAL_DRAFT4 = re.compile(rb'"\$(?:id|anchor|dynamicAnchor|ref)"|Ref"|"id"')
#: Serialised subschemas that passed the structural checks (process-wide, bounded).
_CHECKED: set[bytes] = set()
_CHECKED_MAX = 200_000


def _token(name: str | int) -> str:
    if isinstance(name, int):
        return str(name)
    return name.replace("~", "~0").replace("/", "~1") if "~" in name or "/" in name else name


def unserialisable(value: Any) -> bytes:
    """A stand-in digest for a value too deep to serialise: equal to no other, and
    marked as holding a reference, so that it is always compared in full."""
    return b'\x00"$ref"' + str(id(value)).encode()


def children(value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """(pointer, schema) of the schemas directly inside a schema object, in order."""
    if not isinstance(value, dict):
        return
    base = pointer + "/"
    for key, item in value.items():
        if key in SINGLE or (key == "items" and not isinstance(item, list)):
            if isinstance(item, dict | bool):
                yield base + _token(key), item
        elif key in LISTS or key == "items":
            if isinstance(item, list):
                prefix = base + _token(key) + "/"
                for index, sub in enumerate(item):
                    if isinstance(sub, dict | bool):
                        yield prefix + str(index), sub
        elif key in MAPS and isinstance(item, dict):
            prefix = base + _token(key) + "/"
            for name, sub in item.items():
                if isinstance(sub, dict | bool):
                    yield prefix + _token(name), sub


def subschemas(node: Node) -> Iterator[Node]:
    """The schemas directly inside a schema object, in document order."""
    doc = node.doc
    for pointer, value in children(node.value, node.pointer):
        yield Node(doc, pointer, value)


@functools.lru_cache(maxsize=4096)
def file_uri(path: Path) -> str:
    return path.resolve().as_uri()


class SchemaIndex:
    """Resources, anchors and base URIs of a set of schema documents."""

    def __init__(self, workspace: Workspace, entry: Document, draft: Draft, *,
                 forced: bool = False, check: Callable[[Node], None] | None = None) -> None:
        self.workspace = workspace
        self.entry = entry
        self.entry_draft = draft
        #: every document is read as ``draft``, whatever its ``$schema`` says
        self.forced = forced
        #: called on every schema of every document as it is indexed (structural checks)
        self._check = check
        self._drafts: dict[Path, Draft] = {}
        self._resources: dict[str, Node] = {}
        self._anchors: dict[str, Node] = {}
        self._bases: dict[int, str] = {}
        self._roots: dict[int, Node] = {}  # id(schema) -> the root of its resource
        self._refs: list[Node] = []
        self._indexed: set[Path] = set()
        self._resolved: dict[tuple[int, str], Node] = {}
        #: serialised subschemas, by id (the engine's equality checks reuse them), and
        #: whether each may hold a reference (or an identifier)
        self.digests: dict[int, bytes] = {}
        self.refs: dict[int, bool] = {}
        self.index(entry)

    def draft_of(self, doc: Document) -> Draft:
        return self._drafts.get(doc.path, self.entry_draft)

    # -- indexing ---------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        if doc.path in self._indexed:
            return
        self._indexed.add(doc.path)
        draft = self.entry_draft
        data = doc.data
        if not self.forced and isinstance(data, dict) and isinstance(data.get("$schema"), str):
            found = from_uri(data["$schema"])
            if isinstance(found, Draft):
                draft = found
        self._drafts[doc.path] = draft
        base = file_uri(doc.path)
        self._resources.setdefault(base, Node(doc, "", data))
        id_key = draft.id_keyword
        root = Node(doc, "", data)
        stack: list[tuple[str, Any, str, Node]] = [("", data, base, root)]
        check = self._check
        special = _SPECIAL_DRAFT4 if draft is Draft.DRAFT4 else _SPECIAL
        checked: list[bytes] = []
        while stack:
            pointer, value, base, resource = stack.pop()
            if not isinstance(value, dict):
                continue
            if pointer and check is not None:
                # A subtree without identifiers or references needs only the structural
                # checks, and a process checks each distinct one once (versions of a
                # schema share most of their subschemas).
                try:
                    digest = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
                except TypeError:  # nested deeper than orjson goes: walk it
                    digest = b""
                self.digests[id(value)] = digest or unserialisable(value)
                plain = bool(digest) and special.search(digest) is None
                self.refs[id(value)] = not plain
                if plain:
                    if digest in _CHECKED:
                        continue
                    checked.append(digest)
            node = Node(doc, pointer, value) if pointer else root
            if check is not None:
                check(node)
            ident = value.get(id_key)
            if isinstance(ident, str):
                absolute = urljoin(base, ident)
                uri, fragment = urldefrag(absolute)
                if fragment and not fragment.startswith("/"):  # draft 6/7 "#name": an anchor
                    self._anchors.setdefault(f"{uri}#{fragment}", node)
                else:
                    base = uri
                    resource = node
                    self._resources.setdefault(uri, node)
            if "$anchor" in value or "$dynamicAnchor" in value:
                for anchor_key in ("$anchor", "$dynamicAnchor"):
                    anchor = value.get(anchor_key)
                    if isinstance(anchor, str):
                        self._anchors.setdefault(f"{base}#{anchor}", node)
            if "$ref" in value or "$dynamicRef" in value or "$recursiveRef" in value:
                # Only references need to know their base URI and resource.
                self._bases[id(value)] = base
                self._roots[id(value)] = resource
                self._refs.append(node)
            stack.extend((at, sub, base, resource)
                         for at, sub in reversed(list(children(value, pointer))))
        if len(_CHECKED) > _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED.update(checked)

    def check(self) -> None:
        """Resolve every reference of every document reachable from the entry, so a
        bad one fails at load time where it is written."""
        done = 0
        while done < len(self._refs):
            node = self._refs[done]
            done += 1
            self.resolve(node)

    # -- resolution ---------------------------------------------------------------------

    def resolve(self, node: Node) -> Node:
        """The schema that the reference in ``node`` names."""
        value = node.value
        keyword = next(k for k in REF_KEYWORDS if isinstance(value.get(k), str))
        ref: str = value[keyword]
        key = (id(value), keyword)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolve(node, keyword, ref)
            self._resolved[key] = found
        return found

    def _resolve(self, node: Node, keyword: str, ref: str) -> Node:
        base = self._bases.get(id(node.value)) or file_uri(node.doc.path)
        if keyword == "$recursiveRef":
            return self._roots.get(id(node.value), Node(node.doc, "", node.doc.data))
        absolute = urljoin(base, ref)
        uri, fragment = urldefrag(absolute)
        if keyword == "$dynamicRef" and fragment and not fragment.startswith("/"):
            anchored = self._anchors.get(f"{uri}#{fragment}")
            if anchored is not None:
                return anchored
        target = self._resources.get(uri)
        if target is None:
            target = self._load(node, ref, uri)
        fragment = unquote(fragment)
        if not fragment:
            return target
        if fragment.startswith("/"):
            return self._walk(node, ref, target, fragment)
        anchored = self._anchors.get(f"{uri}#{fragment}")
        if anchored is None:
            raise _ref_error(node, keyword, f"{keyword} {ref!r}: no anchor {fragment!r} in "
                             f"{target.doc.display}",
                             "declare the anchor with $anchor (or $id: '#name' before 2019-09), "
                             "or refer to the schema by JSON pointer")
        return anchored

    def _load(self, node: Node, ref: str, uri: str) -> Node:
        """The resource at ``uri``: a file it names, or (for an ``$id`` URL) the file
        the reference names relative to the referencing document."""
        parts = urlsplit(uri)
        candidates: list[Path] = []
        if parts.scheme == "file":
            candidates.append(Path(unquote(parts.path)))
        file_part = urldefrag(ref)[0]
        if file_part and not urlsplit(file_part).scheme:
            candidates.append(node.doc.path.parent / unquote(file_part))
        for path in candidates:
            if path.is_file():
                doc = self.workspace.load(path)
                self.index(doc)
                root = Node(doc, "", doc.data)
                self._resources.setdefault(uri, root)
                return root
        keyword = next(k for k in REF_KEYWORDS if isinstance(node.value.get(k), str))
        if parts.scheme in ("http", "https") and not file_part.startswith(("http:", "https:")):
            message = (f"{keyword} {ref!r} names {uri}, which is neither a schema of these "
                       f"files (by $id) nor a file next to {node.doc.display}")
        elif parts.scheme in ("http", "https"):
            message = f"{keyword} {ref!r} is a remote URL, and no schema here has that $id"
        else:
            shown = candidates[-1] if candidates else uri
            message = f"{keyword} {ref!r}: file {shown} does not exist"
        raise _ref_error(node, keyword, message,
                         "remote schemas are not fetched: save the schema next to this one and "
                         "refer to it by relative path, or give a local schema that $id")

    def _walk(self, node: Node, ref: str, start: Node, pointer: str) -> Node:
        current = start
        for token in split(pointer):
            nxt = current.child(token)
            if nxt is None:
                keyword = next(k for k in REF_KEYWORDS if isinstance(node.value.get(k), str))
                raise _ref_error(
                    node, keyword,
                    f"{keyword} {ref!r}: nothing at {pointer} in {start.doc.display}",
                    "check the JSON pointer after '#' against the target document; inside a "
                    "key, '/' is written ~1 and '~' is written ~0")
            current = nxt
        return current


def _ref_error(node: Node, keyword: str, message: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.UNRESOLVABLE_REF, message,
                       location=node.doc.location(join(node.pointer, keyword)), hint=hint)
