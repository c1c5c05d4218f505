"""Contracts of several files: the paths they may use, their one stored form, and
reading that form back safely.

A contract whose entry file ``$ref``s (or imports) other files is offered as the
entry plus ``files``: paths relative to the entry's directory. It is stored as one
document, a *bundle*: a ZIP archive built so that the same files always give the
same bytes (sorted names, fixed timestamps and permissions, no extra fields, no
compression, the entry's path as the archive comment), hence the same SHA-256.

A *directory contract* has no entry file: the kind reads the whole directory (a
tree of ``.proto`` files, of GraphQL SDL files). It is offered with ``filename``
naming the directory with a trailing ``/`` (``protos/``; ``.`` or ``./`` for no
name) and every file in ``files``, by path relative to that directory; stored the
same way, with the files at the bundle's root and ``./`` as the archive comment, so
the same files give the same bytes whatever the directory was called. Its name is
kept only for display.

Paths follow the manifest's rule for contract paths (``core/manifest.py``):
relative, ``/`` between directories, no ``..`` climbing above the bundle's root;
and no NUL, no name that is also a directory of another. Reading a stored bundle
checks the same rules again, and bounds the members and their total size before
anything is written.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from accord.core.errors import AccordError, ErrorCode
from accord.core.manifest import InvalidValue, relative_path

#: The ``documents.format`` of a stored bundle.
FORMAT = "zip"
#: Files a contract may have besides its entry.
MAX_FILES = 500
#: Characters of one path as given.
MAX_PATH = 255
#: Bytes of one path segment (a file system's limit for one name).
MAX_SEGMENT_BYTES = 255
#: Bytes of the entry and its files together (the API's limit of one request).
MAX_BYTES = 32 * 1024 * 1024
#: Reading a stored bundle: at most this many members and uncompressed bytes
#: (twice what a publish may store, so a lowered limit never locks old versions out).
UNPACK_MEMBERS = 2 * (MAX_FILES + 1)
UNPACK_BYTES = 2 * MAX_BYTES

_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_UNIX = 3
_CHUNK = 1024 * 1024
_ENTRY_HINT = ("name the entry file by a relative path, like openapi.yaml, or a directory "
               "contract by its name and a trailing '/', like protos/")
_DIRECTORY_HINT = "name the directory by a relative path and a trailing '/', like protos/"
#: The entry of a directory contract that has no name, and the archive comment of
#: every directory contract.
ROOT = "./"
_PATH_HINT = ("name each file by its path relative to the entry file's directory, with '/' "
              "between directories, without climbing above the contract's root")

T = TypeVar("T")


def path_error(path: str, message: str, hint: str = _PATH_HINT,
               field: str = "files") -> AccordError:
    """A refused path; ``details.path`` names it as it was given, ``details.field``
    the request field that holds it."""
    return AccordError(ErrorCode.INVALID_REQUEST, message, hint=hint,
                       details={"field": field, "path": path})


def _normal(text: str, shown: str, field: str = "files") -> str:
    """``text`` normalised by the manifest's path rule, plus what an archive and a file
    system need: no NUL, no segment longer than a file name may be."""
    hint = _PATH_HINT if field == "files" else _ENTRY_HINT
    if "\x00" in text:
        raise path_error(shown, f"the path {shown!r} contains a NUL character", hint, field)
    try:
        normal = relative_path(text)
    except InvalidValue as exc:
        # The rule speaks of the manifest's directory; here that is the bundle's root.
        reason = exc.message.replace("the manifest's directory", "the contract's root")
        raise path_error(shown, f"invalid path {shown!r} in {field}: {reason}", hint,
                         field) from None
    for segment in normal.split("/"):
        if len(segment.encode()) > MAX_SEGMENT_BYTES:
            raise path_error(shown, f"the path {shown!r} has a name longer than "
                             f"{MAX_SEGMENT_BYTES} bytes", "shorten the file or directory name",
                             field)
    return normal


def is_directory(filename: str) -> bool:
    """Whether ``filename`` names a directory contract (``protos/``, ``.``)."""
    return filename in (".", "./") or filename.endswith("/")


def display_name(entry: str) -> str:
    """How a contract's entry (from :func:`entry_path`) is named in reports: a
    directory by its name without the trailing ``/`` (``.`` when it has none)."""
    return entry[:-1] if is_directory(entry) else entry


def entry_path(filename: str) -> str:
    """The entry's path inside a bundle: ``filename`` normalised (its directories
    kept); a directory contract's name normalised with its trailing ``/`` (``./``
    when it has none)."""
    if is_directory(filename):
        name = filename.rstrip("/")
        if name in ("", "."):
            if filename.startswith("/"):
                raise path_error(filename, f"invalid path {filename!r} in filename: it is "
                                 "an absolute path", _DIRECTORY_HINT, "filename")
            return ROOT
        return _normal(name, filename, "filename") + "/"
    return _normal(filename, filename, "filename")


def member_paths(entry: str, files: Mapping[str, T]) -> dict[str, T]:
    """``files`` by their paths inside the bundle (``entry`` is the entry's, from
    :func:`entry_path`; a directory's files are at the bundle's root); refuses,
    naming the path as given, a bad path, two names for one file, a file that is the
    entry, a file that is another one's directory, and a directory without files."""
    if len(files) > MAX_FILES:
        raise AccordError(ErrorCode.INVALID_REQUEST,
                          f"{len(files)} files; a contract may have at most {MAX_FILES}",
                          hint="publish fewer files (only those the entry references)",
                          details={"field": "files"})
    directory = is_directory(entry)
    if directory and not files:
        raise AccordError(ErrorCode.INVALID_REQUEST,
                          f"the directory contract {display_name(entry)!r} has no files",
                          hint="send every file of the directory in files, by its path "
                          "relative to the directory", details={"field": "files"})
    base = "" if directory else posixpath.dirname(entry)
    out: dict[str, T] = {}
    given: dict[str, str] = {} if directory else {entry: ""}
    for key, value in files.items():
        if len(key) > MAX_PATH:
            raise path_error(key, f"the path {key[:40]!r}... is longer than {MAX_PATH} "
                             "characters", "shorten the path")
        # posixpath.join keeps an absolute key absolute, which the rule refuses.
        normal = _normal(posixpath.join(base, key) if base else key, key)
        if normal in given:
            raise path_error(key, f"{key!r} is the entry file" if normal == entry else
                             f"{key!r} and {given[normal]!r} name the same file",
                             "list each file once, and the entry only as document")
        given[normal] = key
        out[normal] = value
    _no_file_is_a_directory(given)
    return out


def _no_file_is_a_directory(names: Mapping[str, str]) -> None:
    for name, key in names.items():
        parent = posixpath.dirname(name)
        while parent:
            if parent in names:
                shown = names[parent] or parent
                raise path_error(key or name, f"{shown!r} is a file, and {key or name!r} "
                                 "puts a file inside it", "a path cannot be both a file and a "
                                 "directory: rename one of them")
            parent = posixpath.dirname(parent)


@dataclass(frozen=True)
class Bundle:
    """A contract's files by path inside the bundle, the entry among them."""

    entry: str
    members: Mapping[str, bytes]

    @property
    def is_directory(self) -> bool:
        return is_directory(self.entry)

    @classmethod
    def of(cls, filename: str, content: bytes, files: Mapping[str, bytes]) -> Bundle:
        """The bundle of an entry and its files, or (``filename`` a directory, and
        ``content`` empty) of a directory contract."""
        entry = entry_path(filename)
        if is_directory(entry):
            if content:
                raise AccordError(ErrorCode.INVALID_REQUEST,
                                  "a directory contract has no document: its files are all "
                                  "in files", hint="leave document out, or name an entry "
                                  "file as filename", details={"field": "document"})
            members = member_paths(entry, files)
        else:
            members = {entry: content, **member_paths(entry, files)}
        size = sum(len(data) for data in members.values())
        if size > MAX_BYTES:
            raise AccordError(ErrorCode.INVALID_REQUEST,
                              f"the contract's files hold {size} bytes, more than "
                              f"{MAX_BYTES}", hint="publish only the files the entry "
                              "references", details={"field": "files"})
        return cls(entry, members)

    def pack(self) -> bytes:
        """The deterministic ZIP of the members (a directory's, whatever its name)."""
        return pack(ROOT if self.is_directory else self.entry, self.members)

    def write(self, folder: Path) -> Path:
        """The members written under ``folder``; the entry's path (``folder`` for a
        directory contract)."""
        for name, data in sorted(self.members.items()):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder if self.is_directory else folder / self.entry


def pack(entry: str, members: Mapping[str, bytes]) -> bytes:
    """A ZIP of ``members`` that depends on nothing but their names and bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_TIMESTAMP)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, members[name])
        archive.comment = entry.encode()
    return out.getvalue()


# --- reading a stored bundle ------------------------------------------------------------


def _damaged(reason: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONTRACT, f"the stored bundle is unusable: {reason}",
                       hint="publish the contract again as a new version")


def _open(blob: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(f"not a ZIP archive ({exc})") from None


def _checked(infos: list[zipfile.ZipInfo], max_members: int,
             max_bytes: int) -> dict[str, zipfile.ZipInfo]:
    """The members by name once count, size and every name pass; nothing is read."""
    if len(infos) > max_members:
        raise _damaged(f"{len(infos)} members, more than {max_members}")
    declared = sum(info.file_size for info in infos)
    if declared > max_bytes:
        raise _damaged(f"{declared} bytes uncompressed, more than {max_bytes}")
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        try:
            normal = _normal(info.filename, info.filename)
        except AccordError as exc:
            raise _damaged(exc.message) from None
        if normal != info.filename or info.is_dir() or normal in names:
            raise _damaged(f"member {info.filename!r} is not a plain, unique file path")
        names[normal] = info
    try:
        _no_file_is_a_directory({name: name for name in names})
    except AccordError as exc:
        raise _damaged(exc.message) from None
    return names


def members(blob: bytes) -> list[str]:
    """The file paths of a stored bundle, sorted."""
    with _open(blob) as archive:
        return sorted(_checked(archive.infolist(), UNPACK_MEMBERS, UNPACK_BYTES))


def copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int,
                sink: BinaryIO, fail: Callable[[str], AccordError]) -> int:
    """Copy one member to ``sink``, at most ``budget`` bytes and no more than it
    declares; the bytes copied. ``fail(reason)`` is the error for a member that
    cannot be read or holds more than it says."""
    done = 0
    try:
        with archive.open(info) as source:
            while chunk := source.read(_CHUNK):
                done += len(chunk)
                if done > min(budget, info.file_size):
                    raise fail(f"member {info.filename!r} holds more than it declares")
                sink.write(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise fail(f"member {info.filename!r} cannot be read ({exc})") from None
    return done


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int,
          sink: BinaryIO) -> int:
    return copy_member(archive, info, budget, sink, _damaged)


def read_member(blob: bytes, path: str) -> bytes | None:
    """One file of a stored bundle, None when it has no such file."""
    with _open(blob) as archive:
        names = _checked(archive.infolist(), UNPACK_MEMBERS, UNPACK_BYTES)
        info = names.get(path)
        if info is None:
            return None
        out = io.BytesIO()
        _read(archive, info, UNPACK_BYTES, out)
        return out.getvalue()


def unpack(blob: bytes, folder: Path, *, max_members: int = UNPACK_MEMBERS,
           max_bytes: int = UNPACK_BYTES) -> list[str]:
    """Write a stored bundle's files under ``folder`` (which must not exist yet) and
    return their paths. Every name is checked and the members counted and sized
    (as declared) before anything is written; the bytes actually read are counted
    too. On any failure ``folder`` is removed."""
    with _open(blob) as archive:
        names = _checked(archive.infolist(), max_members, max_bytes)
        folder.mkdir(parents=True)
        try:
            root = folder.resolve()
            budget = max_bytes
            for name, info in sorted(names.items()):
                target = root / name
                if not target.resolve().is_relative_to(root):  # never, after _checked
                    raise _damaged(f"member {name!r} leads outside the bundle")
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("xb") as sink:
                    budget -= _read(archive, info, budget, sink)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return sorted(names)

