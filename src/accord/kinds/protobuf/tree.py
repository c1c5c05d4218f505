"""The inputs of one protoc run over a directory contract: its files, their proto
paths, and the import directories in protoc's order.

A directory is read whole, itself the import root; one with a ``buf.yaml`` or
``buf.work.yaml`` at its top is read by the buf modules these declare, each
module's directory a root (``buf.py``), registry dependencies from buf's local
cache (``bufcache.py``). The directory's hidden ``.include`` folder, where a
published contract keeps what it imports from elsewhere, is searched after them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location

if TYPE_CHECKING:
    from accord.kinds.protobuf.buf import Layout
    from accord.kinds.protobuf.model import ProtoModel

#: The hidden folder of a directory contract that holds the files it imports from
#: include directories, once published (an import directory, not part of the contract).
BUNDLED_INCLUDE = ".include"


def support_files(model: ProtoModel, imported: Sequence[Path]) -> dict[str, str]:
    """The imported files of a directory contract that come from ``imported`` (include
    directories, its own ``.include``, buf's cache), by the path they take under
    ``.include/`` when the directory is published: read from there, they compile
    without the option."""
    own = set(model.roots)
    out: dict[str, str] = {}
    for name, disk in model.disk.items():
        where = Path(disk)
        if name not in own and any(where.is_relative_to(d) for d in imported):
            out[f"{BUNDLED_INCLUDE}/{name}"] = disk
    return out


@dataclass(frozen=True, slots=True)
class Tree:
    """What one protoc run over a directory contract takes."""

    protos: list[Path]
    #: The proto path of each file of ``protos``.
    names: list[str]
    #: Import directories, in protoc's order (the well-known types are added last).
    includes: list[Path]
    #: Import root -> how the files below it are shown (the contract's name and the
    #: root's path inside it).
    prefixes: dict[Path, str]
    #: The directories imports come from that are not the contract's own.
    imported: list[Path]
    layout: Layout | None = None
    #: Proto path -> the directory of its buf module (relative to the contract's).
    modules: dict[str, str] = field(default_factory=dict)


def directory_tree(root: Path, shown: str, extra: Sequence[Path]) -> Tree:
    """The files and import directories of the directory contract ``root``: every
    ``.proto`` with the directory as the root; or, with a buf.yaml or buf.work.yaml
    at its top, the files of the modules these declare, each module a root. Its
    ``.include`` (where a published contract keeps what it imports from elsewhere)
    comes after them. Files inside an extra include directory are imports, even
    when that directory lies inside the contract."""
    prefix = shown.rstrip("/") + "/"
    bundled = root / BUNDLED_INCLUDE
    tail = [bundled] if bundled.is_dir() else []
    layout = _layout(root, shown)
    if layout is None:
        protos = _outside(proto_files(root), extra)
        return Tree(protos, [p.relative_to(root).as_posix() for p in protos],
                    [*extra, root, *tail], {root: prefix}, [*extra, bundled])
    protos, names = [], []
    modules: dict[str, str] = {}
    for module in layout.modules:
        found = [p for p in _outside(proto_files(module.root), extra)
                 if module.owns(p.relative_to(root).as_posix())]
        if not found:
            raise AccordError(ErrorCode.INVALID_CONTRACT, "the module "
                              f"{module.path!r} holds no .proto file",
                              location=module.where or Location("", layout.shown),
                              hint="point the module at the directory its .proto files "
                              "are in, or remove it (buf refuses an empty module too)")
        protos += found
        names += [p.relative_to(module.root).as_posix() for p in found]
        modules.update(dict.fromkeys(names[len(names) - len(found):], module.path))
    from accord.kinds.protobuf.bufcache import cached_roots

    roots = list(dict.fromkeys(m.root for m in layout.modules))
    cached = list(cached_roots(layout.locks).values())
    prefixes = {m.root: prefix if m.path == "." else f"{prefix}{m.path}/"
                for m in layout.modules}
    return Tree(protos, names, [*extra, *roots, *tail, *cached], prefixes,
                [*extra, bundled, *cached], layout, modules)


def proto_files(root: Path) -> Iterable[Path]:
    """Every ``.proto`` below ``root``, sorted, none in a hidden directory."""
    for path in sorted(root.rglob("*.proto")):
        parts = path.relative_to(root).parts
        if path.is_file() and not any(p.startswith(".") for p in parts[:-1]):
            yield path


def _layout(root: Path, shown: str) -> Layout | None:
    """The buf layout of ``root``; None without a buf.yaml or buf.work.yaml at its top
    (two stat calls: ``buf.py`` is imported only for a buf repository)."""
    if not ((root / "buf.yaml").is_file() or (root / "buf.work.yaml").is_file()):
        return None
    from accord.kinds.protobuf.buf import read_layout

    return read_layout(root, shown)


def _outside(files: Iterable[Path], folders: Sequence[Path]) -> list[Path]:
    return [f for f in files if not any(f.is_relative_to(d) for d in folders)]
