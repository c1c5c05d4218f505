"""Directory contracts on the client: the files a publish sends for a contract that
is a directory (a tree of ``.proto`` files, of GraphQL SDL files) or a ZIP of one.

The kind reads the directory and names the files it read (``Contract.files``); those
are sent, by path relative to the directory. A kind that names none (or no local
kind) sends every file below the directory, hidden ones left out. A ZIP is unpacked
to a temporary directory first, bounded in members and bytes and refused when a
member's name would lead outside it; one whose files all sit in one top folder is
read from inside that folder (the layout of ``zip -r protos.zip protos``), unless the
kind cannot read it so. The hub stores text: every file must be UTF-8.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location

if TYPE_CHECKING:
    from accord.kinds import Kind

#: Bounds on a ZIP contract (members, and bytes once unpacked), as the kinds' ZIP readers.
ZIP_MEMBERS = 20_000
ZIP_BYTES = 256 * 1024 * 1024
_OUTSIDE_HINT = ("keep every file of a contract in the repository, at or below accord.yaml's "
                 "directory, so the manifest and the files travel together")


def _refused(message: str, where: Location | None, shown: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_MANIFEST, message,
                       location=where or Location("", shown), hint=hint)


def _visible(folder: Path) -> list[Path]:
    """Every regular file below ``folder``, none in or named by a hidden segment."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def directory_files(kind: Kind | None, folder: Path, *, base_dir: Path | None,
                    where: Location | None, shown: str) -> dict[str, str]:
    """The files of the directory contract ``folder`` by path relative to it -> text.

    ``kind`` reads the directory (None: no local kind; every file is sent). Every file
    must lie in the directory, and with symlinks resolved inside ``base_dir`` (the
    manifest's directory; None: the directory itself). ``shown`` names the directory
    in messages and in the kind's locations; problems of the manifest are located at
    ``where``."""
    root = folder.resolve()
    listed: list[Path] = []
    support: dict[str, str] = {}
    if kind is not None:
        if not kind.sniff(folder, None):
            raise _refused(f"{shown} is a directory, and the {kind.name} kind reads no "
                           "directory like it", where, shown,
                           f"name the contract file, or a directory of files the {kind.name} "
                           "kind reads")
        from accord.kinds.protocol import load_for_lint

        loaded = load_for_lint(kind, folder, shown)
        listed = [Path(name) for name in loaded.files]
        support = dict(loaded.support)
    if not listed:
        listed = _visible(root)
    if not listed:
        raise _refused(f"{shown} is an empty directory", where, shown,
                       "a contract that is a directory holds the contract's files")
    limit = (base_dir if base_dir is not None else folder).resolve()
    files: dict[str, str] = {}
    for path in listed:
        absolute = path if path.is_absolute() else root / path
        if not absolute.is_relative_to(root):
            raise _refused(f"{shown} reads {absolute}, which is outside the directory",
                           where, shown, "a directory contract holds all of its files; "
                           "move the file into it, or give its directory as an include")
        if not absolute.resolve().is_relative_to(limit):
            raise _refused(f"{shown} reads {absolute}, which leads outside the manifest's "
                           "directory (through a symbolic link)", where, shown, _OUTSIDE_HINT)
        relative = absolute.relative_to(root).as_posix()
        try:
            files[relative] = absolute.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise _refused(f"{shown}/{relative} is not UTF-8 text", where, shown,
                           "the hub stores a contract's files as text: save it as UTF-8, or "
                           "move it out of the directory") from None
        except OSError as exc:
            raise AccordError(ErrorCode.FILE_NOT_FOUND, f"cannot read {shown}/{relative}: "
                              f"{exc}", location=where or Location("", shown)) from None
    for relative, source in sorted(support.items()):
        # What the contract imports from include directories, sent inside it.
        if relative in files:
            continue
        if not Path(source).resolve().is_relative_to(limit):
            raise _refused(f"{shown} imports {source}, which is outside the manifest's "
                           "directory", where, shown, _OUTSIDE_HINT)
        try:
            files[relative] = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AccordError(ErrorCode.FILE_NOT_FOUND, f"cannot read {source}: {exc}",
                              location=where or Location("", shown)) from None
    return files


def zip_files(kind: Kind | None, archive: Path, *, where: Location | None,
              shown: str) -> dict[str, str]:
    """The files of the ZIP contract ``archive``, as :func:`directory_files` gives a
    directory's (read from inside the one top folder that holds them all, if any,
    when the kind reads it from there)."""
    with unpacked(archive, where, shown) as folder:
        tops = list(folder.iterdir())
        if len(tops) == 1 and tops[0].is_dir():
            inner = tops[0]
            try:
                return directory_files(kind, inner, base_dir=None, where=where,
                                       shown=f"{shown}/{inner.name}")
            except AccordError as exc:
                if kind is None or exc.code is ErrorCode.FILE_NOT_FOUND:
                    raise
                first = exc
            try:
                return directory_files(kind, folder, base_dir=None, where=where, shown=shown)
            except AccordError:
                raise first from None
        return directory_files(kind, folder, base_dir=None, where=where, shown=shown)


@contextmanager
def unpacked(archive: Path, where: Location | None, shown: str) -> Iterator[Path]:
    """The ZIP ``archive`` unpacked to a temporary directory (removed afterwards):
    hidden and ``__MACOSX`` members left out, every other name checked and the
    members counted and sized, as declared and as read."""

    def bad(reason: str) -> AccordError:
        return _refused(f"{shown}: {reason}", where, shown,
                        "pass a ZIP of the contract's files, with relative names and no '..'")

    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise bad(f"not a readable ZIP archive ({exc})") from None
    folder = Path(tempfile.mkdtemp(prefix="accord-zip-contract-"))
    try:
        with handle:
            infos = [i for i in handle.infolist() if not i.is_dir()]
            if len(infos) > ZIP_MEMBERS or sum(i.file_size for i in infos) > ZIP_BYTES:
                raise bad(f"more than {ZIP_MEMBERS} members or {ZIP_BYTES} bytes")
            budget = ZIP_BYTES
            seen: set[str] = set()
            for info in infos:
                text = info.filename.replace("\\", "/")
                name = PurePosixPath(text)
                if name.is_absolute() or ".." in name.parts or "\x00" in text or (
                        ":" in (name.parts[0] if name.parts else "")):
                    raise bad(f"unsafe member name {info.filename!r}")
                if any(p.startswith(".") or p == "__MACOSX" for p in name.parts):
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise bad(f"member {info.filename!r} is a symbolic link")
                key = name.as_posix()
                if key in seen:
                    raise bad(f"member {info.filename!r} is in the archive twice")
                seen.add(key)
                budget -= _extract(handle, info, folder.joinpath(*name.parts), budget, bad)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _extract(handle: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int,
             bad: Callable[[str], AccordError]) -> int:
    """One member written to ``target``, at most ``budget`` bytes; the bytes written."""
    from accord.services.bundles import copy_member

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as sink:
            return copy_member(handle, info, budget, sink, bad)
    except OSError as exc:
        raise bad(f"cannot write member {info.filename!r} ({exc})") from None
