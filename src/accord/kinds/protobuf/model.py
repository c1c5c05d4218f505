"""The compiled form of a Protobuf contract: file descriptors plus where they came from.

protoc compiles a tree of ``.proto`` files into ``FileDescriptorProto``s with source
info (spans and comments per descriptor path). :class:`ProtoModel` keeps them by
proto path (``google/api/http.proto``), names the contract's own files (``roots``,
as opposed to imports and well-known types), and turns descriptor paths into
locations: 1-based line and column from the span, and a JSON pointer over the
descriptor's fields (``/message_type/0/field/2``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from accord.core.location import Location

if TYPE_CHECKING:
    from google.protobuf.descriptor import Descriptor
    from google.protobuf.descriptor_pb2 import (
        DescriptorProto,
        FileDescriptorProto,
        SourceCodeInfo,
    )

    from accord.kinds.protobuf.bufbreaking import Breaking
    from accord.lint.suppress import Mark

#: Compiles the named files again with source info: proto path -> its source info.
SourceFetcher = Callable[[Sequence[str]], "Mapping[str, SourceCodeInfo]"]

# Field numbers inside the descriptor messages (descriptor.proto), for source paths.
FILE_MESSAGE = 4
FILE_ENUM = 5
FILE_SERVICE = 6
FILE_OPTIONS = 8
FILE_PACKAGE = 2
FILE_SYNTAX = 12
FILE_EDITION = 14
MESSAGE_FIELD = 2
MESSAGE_NESTED = 3
MESSAGE_ENUM = 4
MESSAGE_ONEOF = 8
MESSAGE_RESERVED_RANGE = 9
MESSAGE_RESERVED_NAME = 10
MESSAGE_OPTIONS = 7
ENUM_VALUE = 2
ENUM_RESERVED_RANGE = 4
ENUM_RESERVED_NAME = 5
SERVICE_METHOD = 2


@dataclass(frozen=True, slots=True)
class Element:
    """A message, enum or service found in the tree, with where it is declared."""

    #: Fully qualified name without the leading dot (``google.api.Http``).
    name: str
    #: The proto path of the file that declares it.
    file: str
    #: Its descriptor path inside that file (for :meth:`ProtoModel.location`).
    path: tuple[int, ...]
    descriptor: Any = field(repr=False, compare=False)


@dataclass(frozen=True)
class ProtoModel:
    """Every compiled file by proto path, and which of them the contract consists of."""

    #: Every compiled file by proto path, imports and well-known types included.
    files: Mapping[str, FileDescriptorProto]
    #: Proto paths of the contract's own files (not imports from elsewhere, not WKTs).
    roots: tuple[str, ...]
    #: Proto path -> the path shown in locations.
    display: Mapping[str, str]
    #: Proto path -> the file on disk, for files read from disk (not WKTs, not a ZIP).
    disk: Mapping[str, str] = field(default_factory=dict)
    #: Whether the contract is one .proto file (not a directory or ZIP): two such
    #: contracts are compared file to file whatever the files are called.
    single_file: bool = False
    #: Whether proto paths are relative to the roots of buf modules (a buf.yaml or
    #: buf.work.yaml says where they are), not to a directory that may lie above them.
    module_roots: bool = False
    #: A buf repository's modules and their buf.yaml ``breaking`` sections.
    breaking: Breaking | None = field(default=None, compare=False, repr=False)
    #: Set when the files were compiled without source info (half of protoc's time on
    #: a large tree, and a diff locates only its few changes): fetches it on demand.
    fetch_sources: SourceFetcher | None = field(default=None, compare=False, repr=False)

    # --- source info --------------------------------------------------------------------

    def prepare_sources(self, files: Iterable[str]) -> None:
        """Fetch the source info of ``files`` in one go (when compiled without it)."""
        if self.fetch_sources is None:
            return
        cache = self._source_cache
        need = sorted({f for f in files if f not in cache and f in self.disk})
        if need:
            found = self.fetch_sources(need)
            for name in need:
                cache[name] = found.get(name)

    def _source_info(self, file: str) -> SourceCodeInfo | None:
        fdp = self.files.get(file)
        if fdp is None:
            return None
        if self.fetch_sources is None or fdp.HasField("source_code_info"):
            return fdp.source_code_info
        if file not in self._source_cache:
            # One miss fetches every own file still missing: linting reads them all.
            self.prepare_sources([file, *(self.roots if file in self.roots else ())])
        return self._source_cache.get(file)

    @cached_property
    def _source_cache(self) -> dict[str, SourceCodeInfo | None]:
        return {}

    # --- locations --------------------------------------------------------------------

    def location(self, file: str, path: Sequence[int]) -> Location:
        """Where the element at descriptor ``path`` of ``file`` is declared: its span's
        start, or the nearest enclosing element's when it has none of its own."""
        spans = self._spans(file)
        key = tuple(path)
        pointer = self.pointer(file, key)
        shown = self.display.get(file, file)
        while True:
            loc = spans.get(key)
            if loc is not None:
                return Location(pointer, shown, loc.span[0] + 1, loc.span[1] + 1)
            if not key:
                return Location(pointer, shown)
            key = key[:-1]

    def comments(self, file: str, path: Sequence[int]) -> str:
        """The leading and trailing comments of the element at ``path`` ("" if none)."""
        loc = self._spans(file).get(tuple(path))
        if loc is None:
            return ""
        parts = [loc.leading_comments.strip(), loc.trailing_comments.strip()]
        return "\n".join(p for p in parts if p)

    def leading_detached(self, file: str, path: Sequence[int]) -> tuple[str, ...]:
        """Comments before the element separated from it by a blank line."""
        loc = self._spans(file).get(tuple(path))
        return tuple(loc.leading_detached_comments) if loc is not None else ()

    def pointer(self, file: str, path: Sequence[int]) -> str:
        """The JSON pointer of descriptor ``path`` over the file descriptor's fields."""
        fdp = self.files.get(file)
        if fdp is None:
            return ""
        desc: Descriptor | None = fdp.DESCRIPTOR
        tokens: list[str] = []
        i = 0
        while i < len(path) and desc is not None:
            fd = desc.fields_by_number.get(path[i])
            if fd is None:
                tokens.extend(str(p) for p in path[i:])
                break
            tokens.append(fd.name)
            i += 1
            if _is_repeated(fd) and i < len(path):
                tokens.append(str(path[i]))
                i += 1
            desc = fd.message_type
        else:
            tokens.extend(str(p) for p in path[i:])
        return "".join("/" + t for t in tokens)

    def _spans(self, file: str) -> Mapping[tuple[int, ...], Any]:
        cache = self._span_cache
        found = cache.get(file)
        if found is None:
            info = self._source_info(file)
            found = {}
            if info is not None:
                for loc in info.location:
                    # The first location of a path is the whole element; later ones are parts.
                    found.setdefault(tuple(loc.path), loc)
            cache[file] = found
        return found

    @cached_property
    def _span_cache(self) -> dict[str, dict[tuple[int, ...], Any]]:
        return {}

    def suppressions(self) -> Iterator[Mark]:
        """``// accord:ignore RULE REASON`` in the leading or trailing comment of an
        element of the contract's own files: it covers that element and what it holds."""
        from accord.lint.suppress import COMMENT_TAG, comment_marks

        for file in self.roots:
            info = self._source_info(file)
            if info is None:
                continue
            for loc in info.location:
                text = f"{loc.leading_comments}\n{loc.trailing_comments}"
                if COMMENT_TAG in text:
                    path = tuple(loc.path)
                    yield from comment_marks(text, self.display.get(file, file),
                                             self.pointer(file, path),
                                             self.location(file, path))

    # --- indexes ----------------------------------------------------------------------

    @cached_property
    def messages(self) -> Mapping[str, Element]:
        """Every message of every compiled file by full name (nested ones included)."""
        return {e.name: e for e in self._walk() if e.path[-2] in (FILE_MESSAGE, MESSAGE_NESTED)}

    @cached_property
    def enums(self) -> Mapping[str, Element]:
        """Every enum of every compiled file by full name (nested ones included)."""
        return {e.name: e for e in self._walk() if e.path[-2] in (FILE_ENUM, MESSAGE_ENUM)}

    def enum_values(self, name: str) -> Any | None:
        """The descriptor of enum ``name`` (full name, no leading dot), or None."""
        found = self.enums.get(name)
        return found.descriptor if found is not None else None

    @cached_property
    def services(self) -> Mapping[str, Element]:
        """Every service of every compiled file by full name."""
        out: dict[str, Element] = {}
        for name, fdp in self.files.items():
            for i, svc in enumerate(fdp.service):
                full = _join(fdp.package, svc.name)
                out[full] = Element(full, name, (FILE_SERVICE, i), svc)
        return out

    def own(self) -> Iterator[tuple[str, FileDescriptorProto]]:
        """The contract's own files (``roots``) with their descriptors, in order."""
        for name in self.roots:
            yield name, self.files[name]

    def _walk(self) -> Iterator[Element]:
        for name, fdp in self.files.items():
            for i, msg in enumerate(fdp.message_type):
                yield from _walk_message(name, fdp.package, msg, (FILE_MESSAGE, i))
            for i, enum in enumerate(fdp.enum_type):
                full = _join(fdp.package, enum.name)
                yield Element(full, name, (FILE_ENUM, i), enum)


def _walk_message(file: str, scope: str, msg: DescriptorProto,
                  path: tuple[int, ...]) -> Iterator[Element]:
    full = _join(scope, msg.name)
    yield Element(full, file, path, msg)
    for i, nested in enumerate(msg.nested_type):
        yield from _walk_message(file, full, nested, (*path, MESSAGE_NESTED, i))
    for i, enum in enumerate(msg.enum_type):
        yield Element(_join(full, enum.name), file, (*path, MESSAGE_ENUM, i), enum)


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def _is_repeated(fd: Any) -> bool:
    is_repeated = getattr(fd, "is_repeated", None)
    if isinstance(is_repeated, bool):
        return is_repeated
    return bool(fd.label == fd.LABEL_REPEATED)


def type_name(reference: str) -> str:
    """A descriptor's type reference (``.google.api.Http``) as a full name."""
    return reference[1:] if reference.startswith(".") else reference


__all__ = ["Element", "ProtoModel", "type_name"]
