"""A document offered to the publish pipeline (services/publish.py): its entry file,
the other files of its contract, and how they are named, stored and written out."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from accord.services import bundles, documents


@dataclass(frozen=True)
class Candidate:
    """A document offered for an interface: the entry file's bytes, and the other
    files of the contract (if any) by path relative to the entry's directory. A
    directory contract (``filename`` like ``protos/``, ``bundles.is_directory``) has
    empty ``content`` and every file in ``files``, by path relative to the directory."""

    content: bytes
    filename: str = "contract.yaml"
    #: The version to publish as; default: the version the document declares.
    version: str | None = None
    files: Mapping[str, bytes] = field(default_factory=dict)

    @functools.cached_property
    def bundle(self) -> bundles.Bundle | None:
        """The entry and its files (paths checked), None for a single file."""
        if self.files or bundles.is_directory(self.filename):
            return bundles.Bundle.of(self.filename, self.content, self.files)
        return None

    @property
    def entry(self) -> str:
        """The entry's name as stored: its path in the bundle (a directory's name and
        ``/``), else a safe file name."""
        return self.bundle.entry if self.bundle else documents.safe_filename(self.filename)

    @property
    def display(self) -> str:
        """How the candidate is named in reports: its entry's name (a directory's
        without the trailing ``/``); its other files are named relative to it."""
        return bundles.display_name(self.entry)

    @functools.cached_property
    def stored(self) -> bytes:
        """The bytes stored: the entry's, or the bundle's."""
        return self.bundle.pack() if self.bundle else self.content

    @property
    def sha256(self) -> str:
        return documents.sha256(self.stored)

    @contextmanager
    def written(self) -> Iterator[Path]:
        """The entry (and its files) in a temporary directory: the entry's path (a
        directory contract's: the directory)."""
        with tempfile.TemporaryDirectory(prefix="accord-candidate-") as folder:
            if self.bundle is not None:
                yield self.bundle.write(Path(folder))
            else:
                path = Path(folder) / self.entry
                path.write_bytes(self.content)
                yield path
