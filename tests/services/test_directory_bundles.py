"""Directory contracts in the store: the entry's forms, the same bytes for the same
files whatever the directory is called, and the materialised folder a kind reads."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from accord.core.errors import AccordError
from accord.kinds import load_kinds
from accord.services import bundles
from accord.services.candidate import Candidate
from accord.services.documents import Blob, ContractCache, load_stored, materialised_size

PROTOS = {
    "a.proto": b'syntax = "proto3";\npackage p.v1;\nmessage A {\n  string id = 1;\n}\n',
    "sub/b.proto": b'syntax = "proto3";\npackage p.v1;\nmessage B {\n  int64 n = 1;\n}\n',
}


@pytest.mark.parametrize(("filename", "entry", "shown"), [
    ("protos/", "protos/", "protos"),
    ("api/protos/", "api/protos/", "api/protos"),
    ("./protos//", "protos/", "protos"),
    (".", "./", "."),
    ("./", "./", "."),
])
def test_a_directory_is_named_by_a_trailing_slash(filename: str, entry: str,
                                                  shown: str) -> None:
    assert bundles.is_directory(filename)
    assert bundles.entry_path(filename) == entry
    assert bundles.display_name(entry) == shown


@pytest.mark.parametrize("filename", ["openapi.yaml", "./openapi.yaml", "specs/a.proto"])
def test_a_file_is_no_directory(filename: str) -> None:
    assert not bundles.is_directory(filename)
    assert bundles.display_name(bundles.entry_path(filename)) == filename.removeprefix("./")


@pytest.mark.parametrize(("filename", "words"), [
    ("../protos/", "points outside"),
    ("/", "absolute path"),
    ("/protos/", "absolute path"),
    ("a\\b/", "backslashes"),
])
def test_bad_directory_names_are_refused(filename: str, words: str) -> None:
    with pytest.raises(AccordError) as err:
        bundles.Bundle.of(filename, b"", PROTOS)
    assert words in err.value.message
    assert err.value.details["field"] == "filename"


def test_a_directory_bundle_has_its_files_at_the_root_and_one_digest() -> None:
    bundle = bundles.Bundle.of("protos/", b"", PROTOS)
    assert bundle.is_directory
    assert dict(bundle.members) == PROTOS
    blob = bundle.pack()
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.namelist() == ["a.proto", "sub/b.proto"]
        assert archive.comment == b"./"
    assert bundles.Bundle.of("other/", b"", dict(reversed(PROTOS.items()))).pack() == blob
    assert bundles.Bundle.of(".", b"", PROTOS).pack() == blob
    # A bundle with an entry file is another document, even with the same files.
    entry = bundles.Bundle.of("a.proto", PROTOS["a.proto"], {"sub/b.proto": PROTOS["sub/b.proto"]})
    assert entry.pack() != blob


def test_a_directory_without_files_or_with_a_document_is_refused() -> None:
    with pytest.raises(AccordError) as empty:
        bundles.Bundle.of("protos/", b"", {})
    assert (empty.value.details["field"], empty.value.message) == (
        "files", "the directory contract 'protos' has no files")
    with pytest.raises(AccordError) as document:
        bundles.Bundle.of("protos/", b"syntax", PROTOS)
    assert document.value.details["field"] == "document"


def test_a_candidate_directory_is_written_and_named_as_a_directory() -> None:
    candidate = Candidate(b"", "protos/", "1.0.0", files=PROTOS)
    assert (candidate.entry, candidate.display) == ("protos/", "protos")
    unnamed = bundles.Bundle.of(".", b"", PROTOS).pack()
    assert candidate.sha256 == hashlib.sha256(unnamed).hexdigest()
    with candidate.written() as folder:
        assert folder.is_dir()
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.proto")) == [
            "a.proto", "sub/b.proto"]


def test_the_cache_materialises_a_directory_and_the_kind_reads_it_whole(
        tmp_path: Path) -> None:
    blob = bundles.Bundle.of("protos/", b"", PROTOS).pack()
    cache = ContractCache(tmp_path / "cache")
    calls: list[int] = []

    def content() -> Blob:
        calls.append(1)
        return Blob(blob, bundles.FORMAT)

    folder = cache.path_for("d1", "protos/", content)
    assert folder == tmp_path / "cache" / "d1"
    assert (folder / "sub" / "b.proto").read_bytes() == PROTOS["sub/b.proto"]
    assert cache.path_for("d1", "protos/", content) == folder
    assert calls == [1]
    assert materialised_size(folder, "protos/") == sum(len(v) for v in PROTOS.values())
    kind = load_kinds()["protobuf"]
    contract = load_stored(kind, folder, "protos/", "IF-007@1.0.0")
    assert contract.source == "IF-007@1.0.0"
    assert sorted(contract.model.display.values()) == ["IF-007@1.0.0/a.proto",
                                                       "IF-007@1.0.0/sub/b.proto"]


def test_a_directory_stored_as_a_single_document_is_refused(tmp_path: Path) -> None:
    cache = ContractCache(tmp_path / "cache")
    with pytest.raises(AccordError) as err:
        cache.path_for("d2", "protos/", lambda: Blob(b"syntax", "proto"))
    assert "is no bundle" in err.value.message
