"""Contract documents: stored once per SHA-256, read back through a file cache.

Kinds parse files (a contract may ``$ref`` other files), so a stored document
is written once to ``<cache>/<sha256>/<filename>`` and parsed from there; a
contract of several files is stored as one bundle (``services/bundles.py``),
unpacked once to ``<cache>/<sha256>/`` (a directory contract is that folder,
which its kind reads whole). Parsed contracts are also kept in a
small in-process LRU, since a publish checks a candidate against many stored
versions and the next publish reads them again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import Contract, Kind
from accord.services import bundles
from accord.store import Document

_SAFE_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def safe_filename(name: str | None, fallback: str = "contract.yaml") -> str:
    """The last path segment of ``name`` with only portable characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(c if c in _SAFE_NAME else "-" for c in base).strip(".-")
    return cleaned[:200] or fallback


def file_format(filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
    return {"yml": "yaml"}.get(suffix, suffix or "yaml")


def put(session: Session, content: bytes, filename: str, *, bundle: bool = False) -> Document:
    """The stored document with these bytes, inserted when new; ``bundle``: the bytes
    are a bundle of several files (format ``zip``)."""
    digest = sha256(content)
    found = session.get(Document, digest)
    if found is not None:
        return found
    doc = Document(sha256=digest, size=len(content),
                   format=bundles.FORMAT if bundle else file_format(filename), content=content)
    session.add(doc)
    return doc


@dataclass(frozen=True, slots=True)
class Blob:
    """A stored document's bytes and format."""

    content: bytes
    format: str

    @property
    def is_bundle(self) -> bool:
        # A single file named *.zip has format zip too, but is text, never an archive.
        return self.format == bundles.FORMAT and self.content.startswith(b"PK\x03\x04")


def blob_of(session: Session, digest: str) -> Blob:
    found = session.execute(select(Document.content, Document.format).where(
        Document.sha256 == digest)).first()
    if found is None:
        raise AccordError(ErrorCode.NOT_FOUND, f"no stored document {digest[:12]}")
    return Blob(bytes(found[0]), found[1])


def content_of(session: Session, digest: str) -> bytes:
    content = session.scalar(select(Document.content).where(Document.sha256 == digest))
    if content is None:
        raise AccordError(ErrorCode.NOT_FOUND, f"no stored document {digest[:12]}")
    return bytes(content)


def materialised_size(path: Path, filename: str) -> int:
    """Bytes of a stored document as :meth:`ContractCache.path_for` wrote it (``path``
    for ``filename``): every file of its folder, which holds a bundle's files, or one
    document (under each name it was published as: rare, and then counted each)."""
    folder = path if bundles.is_directory(filename) else path.parents[filename.count("/")]
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.name.startswith(".part-"))


def load_stored(kind: Kind, path: Path, filename: str, label: str) -> Contract:
    """A stored version parsed from its file: ``label`` (``IF-001@1.2.0``) names it in
    reports, ``label/filename`` in locations (a directory contract's files are
    ``label/<path>``). The one way to load one, here and in the worker processes of
    ``diffpool``, so both report alike."""
    display = label if bundles.is_directory(filename) else f"{label}/{filename}"
    return replace(kind.load(path, display), source=label)


class ContractCache:
    """Parsed contracts by (kind, its options, content hash, label), materialised
    under ``root``."""

    def __init__(self, root: Path | None = None, size: int = 32) -> None:
        self.root = root or Path(tempfile.gettempdir()) / f"accord-cache-{os.getuid()}"
        self.size = size
        self._parsed: OrderedDict[tuple[str, str, str, str], Contract] = OrderedDict()
        self._lock = threading.Lock()

    def path_for(self, digest: str, filename: str, content: Callable[[], Blob]) -> Path:
        """The file holding the document (a bundle's entry; the folder of a directory
        contract's files); written atomically the first time: a bundle is unpacked
        beside the cache and then renamed into it."""
        folder = self.root / digest
        directory = bundles.is_directory(filename)
        path = folder if directory else folder / filename
        if path.exists():
            return path
        blob = content()
        if blob.is_bundle:
            self.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".part-"))
            try:
                bundles.unpack(blob.content, staging / "files")
                try:
                    (staging / "files").rename(folder)
                except OSError:  # unpacked meanwhile by another thread or process
                    if not folder.is_dir():
                        raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            if not (path.is_dir() if directory else path.is_file()):
                raise AccordError(ErrorCode.INVALID_CONTRACT,
                                  f"the stored bundle {digest[:12]} has no file {filename!r}",
                                  hint="publish the contract again as a new version")
            return path
        if directory:
            raise AccordError(ErrorCode.INVALID_CONTRACT,
                              f"the stored document {digest[:12]} of a directory contract is "
                              "no bundle", hint="publish the contract again as a new version")
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob.content)
        Path(temp).replace(path)
        return path

    def load(self, kind: Kind, digest: str, filename: str, label: str,
             content: Callable[[], Blob], *, variant: str = "") -> Contract:
        """The parsed contract; ``label`` names it in reports (``IF-001@1.2.0``)
        and its file in locations (``IF-001@1.2.0/payments.yaml``). ``variant``
        tells apart the same kind under other options (``kind_options.options_key``)."""
        key = (kind.name, digest, label, variant)
        with self._lock:
            found = self._parsed.get(key)
            if found is not None:
                self._parsed.move_to_end(key)
                return found
        contract = load_stored(kind, self.path_for(digest, filename, content), filename, label)
        with self._lock:
            self._parsed[key] = contract
            while len(self._parsed) > self.size:
                self._parsed.popitem(last=False)
        return contract
