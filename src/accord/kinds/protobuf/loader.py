"""Reading a Protobuf contract: one ``.proto`` file, a directory of them, or a ZIP.

The input is laid out as include directories and files for one protoc run
(``compiler.py``):

- a directory: every ``.proto`` below it (hidden directories skipped), the
  directory as the include root; or, when it holds a ``buf.yaml`` or
  ``buf.work.yaml`` at its top, the files of the buf modules these declare, each
  module's directory an include root (``tree.py``, ``buf.py``);
- a single file: the file, with the nearest directories its imports (and theirs)
  resolve from, so ``import "google/api/http.proto"`` works from inside a tree;
- a ZIP: its ``.proto`` members (and buf's configuration files) unpacked to a
  temporary directory and read as a directory (a ZIP whose files all sit in one
  top folder is rooted there when it holds buf's configuration or their imports
  resolve from it).

Extra include directories (the kind's ``include`` option) come first and the
well-known types last. The contract's own files are those of the input; files
found through extra includes, buf's module cache or the well-known types are
imports.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.protobuf.compiler import compile_files, prefetch, well_known_dir
from accord.kinds.protobuf.model import ProtoModel
from accord.kinds.protobuf.tree import Tree, directory_tree, proto_files, support_files
from accord.kinds.protocol import Contract

if TYPE_CHECKING:
    from google.protobuf.descriptor_pb2 import SourceCodeInfo

_IMPORT = re.compile(rb'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.MULTILINE)
#: Bounds on a ZIP's contents (members and uncompressed bytes of .proto files).
ZIP_MEMBERS = 20_000
ZIP_BYTES = 256 * 1024 * 1024


def is_proto_zip(path: Path) -> bool:
    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.endswith(".proto") for n in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def has_protos(path: Path) -> bool:
    return any(True for _ in proto_files(path))


def load_contract(path: Path, kind: str, *, display: str | None = None,
                  include: Sequence[str] = (), lazy: bool = True) -> Contract:
    """``lazy``: compile without source info and fetch it for the files asked about
    (a ZIP's files are gone after loading, so it is always read with source info)."""
    shown = display if display is not None else str(path)
    if not path.exists():
        raise AccordError(ErrorCode.FILE_NOT_FOUND, f"{shown} does not exist",
                          location=Location("", shown),
                          hint="pass a .proto file, a directory of .proto files or a ZIP of them")
    extra = [_include_dir(d) for d in include]
    support: dict[str, str] = {}
    if path.is_dir():
        tree = directory_tree(path.resolve(), shown, extra)
        model = _load_tree(tree, shown, extra, lazy=lazy)
        # buf's files travel with the contract: the hub reads the same modules.
        configs = tree.layout.configs if tree.layout is not None else ()
        files = (*(model.disk[name] for name in model.roots), *map(str, configs))
        support = support_files(model, tree.imported)
    elif path.suffix.lower() == ".zip":
        model = _load_zip(path, shown, extra)
        files = (str(path.resolve()),)
    else:
        model = _load_file(path.resolve(), shown, extra, lazy=lazy)
        entry = model.disk[model.roots[0]]
        files = (entry, *sorted(p for n, p in model.disk.items() if p != entry))
    return Contract(kind=kind, source=shown, version=None, model=model, files=files,
                    support=support)


def _include_dir(text: str) -> Path:
    folder = Path(text).expanduser()
    if not folder.is_dir():
        raise AccordError(ErrorCode.INVALID_CONFIG,
                          f"protobuf option 'include': {text} is not a directory",
                          hint="list directories that hold imported .proto files",
                          details={"option": "include"})
    return folder.resolve()


def prefetch_tree(path: Path, include: Sequence[str], *, lazy: bool = True) -> None:
    """Start compiling the directory contract at ``path`` in a child process, with the
    arguments its ``load_contract`` will use (``compiler.prefetch``); anything else
    (a file, a ZIP, a bad include directory) is left to ``load_contract``."""
    if not path.is_dir():
        return
    try:
        extra = [_include_dir(d) for d in include]
    except AccordError:
        return
    try:
        tree = directory_tree(path.resolve(), str(path), extra)
    except AccordError:
        return
    if tree.protos:
        prefetch([str(p) for p in tree.protos],
                 [*(str(d) for d in tree.includes), well_known_dir()], source_info=not lazy)


def _load_tree(tree: Tree, shown: str, extra: Sequence[Path], *, lazy: bool) -> ProtoModel:
    if not tree.protos:
        raise AccordError(ErrorCode.NOT_A_CONTRACT, f"{shown} holds no .proto file",
                          location=Location("", shown),
                          hint="point at a directory (or ZIP) of .proto files")
    try:
        model = _compile(tree.protos, tree.names, tree.includes, tree.prefixes, extra,
                         lazy=lazy)
    except AccordError as exc:
        if tree.layout is None or not tree.layout.deps or \
                exc.code is not ErrorCode.UNRESOLVABLE_REF:
            raise
        from accord.kinds.protobuf.bufcache import missing_dependency

        raise missing_dependency(exc, tree.layout.deps, tree.layout.locks,
                                 tree.layout.shown) from None
    if tree.layout is None:
        return model
    return replace(model, module_roots=True, breaking=tree.layout.breaking(tree.modules))


def _load_file(file: Path, shown: str, extra: Sequence[Path], *, lazy: bool) -> ProtoModel:
    if file.suffix.lower() != ".proto":
        raise AccordError(ErrorCode.NOT_A_CONTRACT, f"{shown} is not a .proto file",
                          location=Location("", shown, 1, 1),
                          hint="pass a .proto file, a directory of them or a ZIP of them")
    roots = _import_roots(file, extra)
    # The shallowest root names the entry the way its neighbours import it.
    home = min(roots, key=lambda r: len(r.parts))
    name = file.relative_to(home).as_posix()
    base = str(PurePosixPath(shown).parent) if "/" in shown.replace("\\", "/") else ""
    prefixes: dict[Path, str] = {}
    for root in roots:
        # Display other files relative to the entry as it was named.
        rel = _relative(root, file.parent)
        joined = str(PurePosixPath(base, rel)) if base or rel != "." else ""
        prefixes[root] = "" if joined in ("", ".") else joined.rstrip("/") + "/"
    ordered = [*extra, *sorted(roots, key=lambda r: len(r.parts))]
    model = _compile([file], [name], ordered, prefixes, extra, entry_display=shown,
                     lazy=lazy)
    return replace(model, single_file=True)


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix()


def _import_roots(file: Path, extra: Sequence[Path]) -> list[Path]:
    """The file's directory plus each nearest ancestor directory an import (followed
    transitively) resolves from; imports found in ``extra`` or nowhere are left to protoc."""
    roots = [file.parent]
    seen: set[Path] = set()
    queue = [file]
    wkt = Path(well_known_dir())
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            data = current.read_bytes()
        except OSError:
            continue
        for raw in _IMPORT.findall(data):
            target = raw.decode("utf-8", "replace")
            if any((d / target).is_file() for d in (*extra, *roots)):
                found = next(d / target for d in (*extra, *roots) if (d / target).is_file())
                queue.append(found)
                continue
            if (wkt / target).is_file():
                continue
            for ancestor in current.parents:
                if (ancestor / target).is_file():
                    roots.append(ancestor)
                    queue.append(ancestor / target)
                    break
    return list(dict.fromkeys(roots))


def _load_zip(path: Path, shown: str, extra: Sequence[Path]) -> ProtoModel:
    with tempfile.TemporaryDirectory(prefix="accord-proto-zip-") as work:
        folder = Path(work)
        _unpack(path, shown, folder)
        root = _zip_root(folder)
        inside = shown if root == folder else f"{shown}/{root.relative_to(folder).as_posix()}"
        model = _load_tree(directory_tree(root, inside, extra), inside, extra, lazy=False)
    # The unpacked files are gone: no file of the ZIP is on disk.
    return replace(model, disk={})


def _unpack(path: Path, shown: str, folder: Path) -> None:
    def bad(reason: str) -> AccordError:
        return AccordError(ErrorCode.INVALID_CONTRACT, f"{shown}: {reason}",
                           location=Location("", shown),
                           hint="pass a ZIP of .proto files (relative names, no '..')")

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise bad(f"not a readable ZIP archive ({exc})") from None
    from accord.kinds.protobuf.buf import CONFIG_NAMES

    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and (
            i.filename.endswith(".proto") or PurePosixPath(i.filename).name in CONFIG_NAMES)]
        if len(infos) > ZIP_MEMBERS or sum(i.file_size for i in infos) > ZIP_BYTES:
            raise bad(f"more than {ZIP_MEMBERS} .proto files or {ZIP_BYTES} bytes")
        for info in infos:
            name = PurePosixPath(info.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or "\x00" in info.filename:
                raise bad(f"unsafe member name {info.filename!r}")
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.write_bytes(archive.read(info))
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise bad(f"cannot read {info.filename} ({exc})") from None


def _zip_root(folder: Path) -> Path:
    """The unpacked folder, or its one top directory when every file is inside it and
    it holds buf's configuration, or more imports resolve from there."""
    tops = list(folder.iterdir())
    if len(tops) != 1 or not tops[0].is_dir():
        return folder
    inner = tops[0]
    from accord.kinds.protobuf.buf import has_config

    if has_config(inner):
        return inner

    def resolved(root: Path) -> int:
        count = 0
        for proto in proto_files(folder):
            for raw in _IMPORT.findall(proto.read_bytes()):
                count += (root / raw.decode("utf-8", "replace")).is_file()
        return count

    return inner if resolved(inner) > resolved(folder) else folder


def _compile(files: Sequence[Path], names: Sequence[str], includes: Sequence[Path],
             prefixes: dict[Path, str], extra: Sequence[Path],
             entry_display: str | None = None, *, lazy: bool) -> ProtoModel:
    """One protoc run over ``files``; ``lazy``: without source info, which the model
    fetches for the files whose locations it is asked for."""
    wkt = well_known_dir()
    dirs = [str(d) for d in includes]

    def shown(path: str) -> str:
        for folder, prefix in prefixes.items():
            text = str(folder) + "/"
            if path.startswith(text):
                return prefix + path[len(text):]
        for folder in [*extra, Path(wkt)]:
            text = str(folder) + "/"
            if path.startswith(text):
                return path[len(text):] if str(folder) == wkt else path
        return path

    compiled = compile_files([str(f) for f in files], [*dirs, wkt], shown,
                             source_info=not lazy)
    by_name = {fdp.name: fdp for fdp in compiled}
    disk: dict[str, str] = {}
    display: dict[str, str] = {}
    for name in by_name:
        for folder in includes:
            candidate = folder / name
            if candidate.is_file():
                disk[name] = str(candidate)
                display[name] = shown(str(candidate))
                break
        else:
            display[name] = name
    if entry_display is not None:
        display[names[0]] = entry_display
    fetch = _SourceFetcher(disk, [*dirs, wkt], shown) if lazy else None
    return ProtoModel(files=by_name, roots=tuple(names), display=display, disk=disk,
                      fetch_sources=fetch)


class _SourceFetcher:
    """Compiles files of a tree again, with source info, as long as they are unchanged
    on disk since the tree was loaded (else their locations carry no line)."""

    def __init__(self, disk: Mapping[str, str], includes: Sequence[str],
                 shown: Callable[[str], str]) -> None:
        self._disk = dict(disk)
        self._includes = list(includes)
        self._shown = shown
        self._stamps = {name: _stamp(path) for name, path in disk.items()}

    def __call__(self, names: Sequence[str]) -> dict[str, SourceCodeInfo]:
        if any(_stamp(path) != self._stamps.get(name) for name, path in self._disk.items()):
            return {}
        wanted = [self._disk[n] for n in names if n in self._disk]
        if not wanted:
            return {}
        try:
            compiled = compile_files(wanted, self._includes, self._shown, imports=False,
                                     source_info=True)
        except AccordError:
            return {}
        return {fdp.name: fdp.source_code_info for fdp in compiled}


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
