"""Documents that refer to each other through ``$ref``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import orjson

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, escape, join, split
from accord.source.document import Document, load_document


@dataclass(frozen=True, slots=True)
class Node:
    """A value with the document and JSON pointer it was found at."""

    doc: Document
    pointer: str
    value: Any

    def child(self, *tokens: str | int) -> Node | None:
        """The node at ``value[t1][t2]...``, or None if missing. Does not follow $ref."""
        value = self.value
        pointer = self.pointer
        for token in tokens:
            if isinstance(value, dict):
                name = token if isinstance(token, str) else str(token)
                if name not in value:
                    return None
                value = value[name]
            elif isinstance(value, list):
                index = _index(token)
                if index is None or index >= len(value):
                    return None
                name = str(index)
                value = value[index]
            else:
                return None
            pointer = join(pointer, name)
        return Node(self.doc, pointer, value)

    @property
    def location(self) -> Location:
        return self.doc.location(self.pointer)


def pointer_token(name: str | int) -> str:
    """A reference token for a JSON pointer (escaped only when needed: fast)."""
    if isinstance(name, int):
        return str(name)
    return escape(name) if "~" in name or "/" in name else name


def node_below(node: Node, *tokens: str | int) -> Node:
    """The node at ``node.value[t1][t2]...``, which must exist (the caller read the
    value): unlike :meth:`Node.child`, no checks on the way."""
    value = node.value
    pointer = node.pointer
    for name in tokens:
        value = value[name]
        pointer += "/" + pointer_token(name)
    return Node(node.doc, pointer, value)


def _index(token: str | int) -> int | None:
    if isinstance(token, bool):
        return None
    if isinstance(token, int):
        return token if token >= 0 else None
    if token.isdigit() and token.isascii():
        return int(token)
    return None


def _ref_of(value: Any) -> str | None:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MISSING_HINT = (
    "check the JSON pointer after '#' against the target document; inside a key, "
    "'/' is written ~1 and '~' is written ~0"
)

# A resolution step is cached under (absolute path of the document holding the
# $ref, the $ref text).
_Key = tuple[Path, str]


class Workspace:
    """A cache of documents by absolute path, and the $ref resolver over them."""

    def __init__(self) -> None:
        self._docs: dict[Path, Document] = {}
        self._entry: Document | None = None  # the first document: displays are relative to it
        self._steps: dict[_Key, Node] = {}  # one $ref -> what it names (maybe a $ref)
        self._final: dict[_Key, Node] = {}  # one $ref -> the end of its chain
        self._active: set[_Key] = set()  # chains being followed (nested pointer walks)
        self._targets: dict[_Key, Node] = {}  # (path, pointer) -> the one Node for it
        #: Derived data engines cache per document set (keyed by engine), freed with it.
        self.memo: dict[str, Any] = {}

    def load(self, path: Path, display: str | None = None) -> Document:
        """Load a document once; later calls return the cached one.

        Without ``display``, the first document is shown as ``path`` is given,
        and later ones by their path relative to the first one's directory,
        prefixed with the directory the first one was shown under (so with
        ``specs/api.yaml`` as entry, ``schemas/pet.yaml`` next to it is shown as
        ``specs/schemas/pet.yaml``).
        """
        resolved = path.resolve()
        doc = self._docs.get(resolved)
        if doc is not None:
            return doc
        if display is None:
            display = str(path) if self._entry is None else self._display(resolved)
        doc = load_document(resolved, display)
        self._adopt(doc)
        return doc

    def _adopt(self, doc: Document) -> None:
        self._docs.setdefault(doc.path, doc)
        if self._entry is None:
            self._entry = doc

    def _display(self, resolved: Path) -> str:
        assert self._entry is not None
        base = self._entry.path.parent
        try:
            relative = resolved.relative_to(base).as_posix()
        except ValueError:
            try:
                relative = Path(os.path.relpath(resolved, base)).as_posix()
            except ValueError:  # another drive
                return str(resolved)
        shown = Path(self._entry.display).parent
        if shown == Path():
            return relative
        return Path(os.path.normpath(shown / relative)).as_posix()

    def root(self, doc: Document) -> Node:
        return Node(doc, "", doc.data)

    def documents(self) -> list[Document]:
        return list(self._docs.values())

    # -- resolution -----------------------------------------------------------

    def deref(self, node: Node) -> Node:
        """Follow ``$ref`` (possibly chained, possibly into other files) until a
        value that is not a reference. A reference that cannot be resolved, or
        a chain of references that loops, raises AccordError UNRESOLVABLE_REF
        located at the ``$ref``."""
        ref = _ref_of(node.value)
        if ref is None:
            return node
        first: _Key = (node.doc.path, ref)
        done = self._final.get(first)
        if done is not None:
            return done
        chain: list[_Key] = []
        current = node
        while ref is not None:
            key: _Key = (current.doc.path, ref)
            done = self._final.get(key)
            if done is not None:
                current = done
                break
            if key in chain or key in self._active:
                raise self._loop_error(current, ref, chain, key)
            chain.append(key)
            self._active.add(key)
            try:
                current = self._step(current, ref)
            finally:
                self._active.discard(key)
            ref = _ref_of(current.value)
        for key in chain:
            self._final[key] = current
        return current

    def _step(self, node: Node, ref: str) -> Node:
        """The node one ``$ref`` names (which may itself be a ``$ref``)."""
        key: _Key = (node.doc.path, ref)
        target = self._steps.get(key)
        if target is None:
            target = self._resolve(node, ref)
            # Every $ref naming the same place gets the same Node.
            target = self._targets.setdefault((target.doc.path, target.pointer), target)
            self._steps[key] = target
        return target

    def _resolve(self, node: Node, ref: str) -> Node:
        if _SCHEME.match(ref):
            if ref.lower().startswith(("http://", "https://")):
                raise _ref_error(
                    node,
                    f"$ref {ref!r} is a remote URL",
                    "remote URLs are not fetched; download the file and refer to it "
                    "by relative path",
                )
            raise _ref_error(
                node,
                f"$ref {ref!r} uses a URI scheme accord does not resolve",
                "refer to local files by relative path, like other.yaml#/components/x",
            )
        file_part, _, fragment = ref.partition("#")
        doc = node.doc
        if doc.path not in self._docs:  # a document loaded elsewhere: adopt it
            self._adopt(doc)
        if file_part:
            target_path = doc.path.parent / unquote(file_part)
            if not target_path.is_file():
                raise _ref_error(
                    node,
                    f"$ref {ref!r}: file {unquote(file_part)!r} does not exist "
                    f"(looked for {self._display_any(target_path)})",
                    "the path is relative to the directory of the file holding the $ref; "
                    "check its spelling",
                )
            doc = self.load(target_path)
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise _ref_error(
                node,
                f"$ref {ref!r}: the part after '#' is not a JSON pointer",
                "write the target as a JSON pointer such as #/components/schemas/Name; "
                "named anchors are not supported",
            )
        return self._walk(node, ref, Node(doc, "", doc.data), split(pointer))

    def _walk(self, origin: Node, ref: str, start: Node, tokens: list[str]) -> Node:
        """The node at ``tokens`` below ``start``. A ``$ref`` met on the way
        whose object lacks the next token is followed (lenient, as most tools are)."""
        current = start
        i = 0
        while i < len(tokens):
            nxt = current.child(tokens[i])
            if nxt is not None:
                current = nxt
                i += 1
                continue
            if _ref_of(current.value) is not None:
                followed = self.deref(current)
                if followed is not current:
                    current = followed
                    continue
            missing = join("", *tokens)
            raise _ref_error(
                origin,
                f"$ref {ref!r}: {current.doc.display}#{missing} does not exist "
                f"(nothing at {tokens[i]!r} under {current.pointer or '/'})",
                _MISSING_HINT,
            )
        return current

    def _display_any(self, path: Path) -> str:
        resolved = path.resolve()
        return self._display(resolved) if self._entry is not None else str(resolved)

    def _loop_error(self, node: Node, ref: str, chain: list[_Key], key: _Key) -> AccordError:
        steps = [r for _, r in chain[chain.index(key) :]] if key in chain else [r for _, r in chain]
        loop = " -> ".join([*steps, ref])
        return _ref_error(
            node,
            f"$ref {ref!r} is part of a loop of references ({loop})",
            "make one of the references point at a real value instead of another $ref",
        )

    # -- checking -------------------------------------------------------------

    def check_refs(self, doc: Document) -> None:
        """Resolve every ``$ref`` reachable from ``doc`` (loading referenced
        files) so that bad references fail at load time, with their location.

        Each document's distinct reference strings are resolved first (found in
        its serialisation, which is fast); only when one fails is the document
        walked to report the failing ``$ref`` where it is written.
        """
        walked: set[Path] = {doc.path}
        queue = [doc]
        while queue:
            current = queue.pop()
            refs = _ref_strings(current.data)
            try:
                if refs is None:
                    raise _Unscannable
                targets = [self._check(Node(current, "", {"$ref": ref}), ref) for ref in refs]
            except (AccordError, _Unscannable):
                targets = [self._check(node, ref) for node, ref in _ref_nodes(current)]
            for target in targets:
                if target.path not in walked:
                    walked.add(target.path)
                    queue.append(target)

    def _check(self, node: Node, ref: str) -> Document:
        """Resolve one reference fully; the document its first step lands in."""
        target = self._step(node, ref)
        self.deref(node)
        return target.doc


class _Unscannable(Exception):
    """Data that orjson cannot serialise (never JSON-like input; kept safe)."""


_REF_STRING = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')


def _ref_strings(data: Any) -> list[str] | None:
    """The distinct ``$ref`` strings in ``data``, in first-seen order, or None
    when ``data`` cannot be serialised."""
    try:
        raw = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return None
    found: dict[str, None] = {}
    for match in _REF_STRING.findall(raw):
        found[orjson.loads(b'"' + match + b'"') if b"\\" in match else match.decode()] = None
    return list(found)


def _ref_nodes(doc: Document) -> list[tuple[Node, str]]:
    return [(Node(doc, _pointer(where), value), ref) for where, value, ref in _refs(doc.data)]


def _ref_error(node: Node, message: str, hint: str) -> AccordError:
    return AccordError(
        ErrorCode.UNRESOLVABLE_REF,
        message,
        location=node.doc.location(join(node.pointer, "$ref")),
        hint=hint,
    )


# A pointer built only when asked for: (parent, token) links, None at the root.
_Where = tuple[Any, str] | None


def _pointer(where: _Where) -> str:
    tokens: list[str] = []
    while where is not None:
        where, token = where
        tokens.append(token)
    return join("", *reversed(tokens))


def _refs(data: Any) -> list[tuple[_Where, Any, str]]:
    """Every ``{"$ref": "..."}`` object in ``data``, in document order, as
    (where, object, ref); iterative, so deep documents do not exhaust the stack."""
    found: list[tuple[_Where, Any, str]] = []
    stack: list[tuple[Any, _Where]] = [(data, None)]
    pop = stack.pop
    push = stack.append
    while stack:
        value, where = pop()
        if type(value) is dict:
            ref = value.get("$ref")
            if type(ref) is str:
                found.append((where, value, ref))
            for key, item in reversed(value.items()):
                kind = type(item)
                if kind is dict or kind is list:
                    push((item, (where, key)))
        elif type(value) is list:
            for index in range(len(value) - 1, -1, -1):
                item = value[index]
                kind = type(item)
                if kind is dict or kind is list:
                    push((item, (where, str(index))))
    return found
