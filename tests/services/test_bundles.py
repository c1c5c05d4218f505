"""Contracts of several files: path rules, the deterministic ZIP, safe unpacking."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import load_kinds
from accord.services import bundles
from accord.services.candidate import Candidate
from accord.services.documents import Blob, ContractCache, materialised_size

SPLIT = Path(__file__).resolve().parents[1] / "fixtures" / "openapi" / "split-orders"
FILES = {"components/schemas.yaml": b"schemas: {}\n", "paths/orders.yaml": b"orders: {}\n"}


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("path", "words"), [
    ("../x.yaml", "points outside"),
    ("a/../../x.yaml", "points outside"),
    ("/etc/passwd", "absolute path"),
    ("C:/x.yaml", "absolute path"),
    ("a\\b.yaml", "backslashes"),
    ("a\x00.yaml", "NUL"),
    ("", "empty"),
    (".", "not a file"),
    ("x" * 256, "longer than 255 characters"),
    ("é" * 200 + ".yaml", "longer than 255 bytes"),
])
def test_bad_paths_are_refused_naming_the_path(path: str, words: str) -> None:
    with pytest.raises(AccordError) as caught:
        bundles.Bundle.of("openapi.yaml", b"x", {path: b"y"})
    assert caught.value.code is ErrorCode.INVALID_REQUEST
    assert words in str(caught.value)
    assert caught.value.details == {"field": "files", "path": path}


@pytest.mark.parametrize(("files", "words"), [
    ({"./openapi.yaml": b""}, "is the entry file"),
    ({"a.yaml": b"", "./a.yaml": b""}, "name the same file"),
    ({"a/b.yaml": b"", "a/./b.yaml": b""}, "name the same file"),
    ({"a": b"", "a/b.yaml": b""}, "puts a file inside it"),
    ({"openapi.yaml/x.yaml": b""}, "puts a file inside it"),
])
def test_clashing_names_are_refused(files: dict[str, bytes], words: str) -> None:
    with pytest.raises(AccordError, match=words):
        bundles.Bundle.of("openapi.yaml", b"x", files)


def test_paths_are_relative_to_the_entry_and_may_climb_to_the_root() -> None:
    bundle = bundles.Bundle.of("specs/openapi.yaml", b"x",
                               {"../shared/common.yaml": b"c", "./parts//p.yaml": b"p"})
    assert sorted(bundle.members) == ["shared/common.yaml", "specs/openapi.yaml",
                                      "specs/parts/p.yaml"]
    with pytest.raises(AccordError, match="points outside"):
        bundles.Bundle.of("specs/openapi.yaml", b"x", {"../../x.yaml": b""})
    with pytest.raises(AccordError) as caught:
        bundles.Bundle.of("../openapi.yaml", b"x", {"a.yaml": b""})
    assert caught.value.details["field"] == "filename"


def test_too_many_files_and_too_many_bytes() -> None:
    many = {f"f{i}.yaml": b"" for i in range(bundles.MAX_FILES + 1)}
    with pytest.raises(AccordError, match="at most 500"):
        bundles.Bundle.of("openapi.yaml", b"x", many)
    big = b"x" * (bundles.MAX_BYTES // 2 + 1)
    with pytest.raises(AccordError, match="more than"):
        bundles.Bundle.of("openapi.yaml", big, {"a.yaml": big})


def test_the_same_files_give_the_same_bytes_in_any_order() -> None:
    one = bundles.Bundle.of("openapi.yaml", b"entry", FILES).pack()
    other = bundles.Bundle.of("./openapi.yaml", b"entry",
                              dict(reversed(list(FILES.items())))).pack()
    assert hashlib.sha256(one).digest() == hashlib.sha256(other).digest()
    # Another entry among the same files is another document.
    swapped = bundles.pack("paths/orders.yaml", {"openapi.yaml": b"entry", **FILES})
    assert swapped != one
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(["openapi.yaml", *FILES])
        assert archive.comment == b"openapi.yaml"
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert info.extra == b"" and info.compress_type == zipfile.ZIP_STORED
    assert bundles.members(one) == sorted(["openapi.yaml", *FILES])
    assert bundles.read_member(one, "paths/orders.yaml") == b"orders: {}\n"
    assert bundles.read_member(one, "nope.yaml") is None


def test_unpack_writes_the_files(tmp_path: Path) -> None:
    blob = bundles.Bundle.of("openapi.yaml", b"entry", FILES).pack()
    assert bundles.unpack(blob, tmp_path / "out") == sorted(["openapi.yaml", *FILES])
    assert (tmp_path / "out" / "components" / "schemas.yaml").read_bytes() == b"schemas: {}\n"


@pytest.mark.parametrize("name", ["../evil.yaml", "/tmp/evil.yaml", "a/../../evil.yaml",
                                  "a\\..\\evil.yaml", "./a.yaml", "dir/"])
def test_zip_slip_names_are_refused_before_writing(tmp_path: Path, name: str) -> None:
    blob = _zip({"openapi.yaml": b"x", name: b"evil"})
    with pytest.raises(AccordError) as caught:
        bundles.unpack(blob, tmp_path / "out")
    assert caught.value.code is ErrorCode.INVALID_CONTRACT
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.yaml").exists()


def test_zip_bomb_limits_are_checked_before_writing(tmp_path: Path) -> None:
    many = _zip({f"f{i}.yaml": b"" for i in range(11)})
    with pytest.raises(AccordError, match="11 members, more than 10"):
        bundles.unpack(many, tmp_path / "a", max_members=10)
    assert not (tmp_path / "a").exists()
    # 80 MB of zeros deflate to some 80 KB: refused by its declared size, unread.
    bomb = _zip({"openapi.yaml": b"x", "zeros.yaml": bytes(80 * 1024 * 1024)},
                zipfile.ZIP_DEFLATED)
    assert len(bomb) < 200_000
    with pytest.raises(AccordError, match="more than 67108864"):
        bundles.unpack(bomb, tmp_path / "b")
    assert not (tmp_path / "b").exists()
    with pytest.raises(AccordError, match="more than"):
        bundles.read_member(bomb, "openapi.yaml")


def _lying(blob: bytes, name: bytes, size: int) -> bytes:
    """``blob`` with member ``name`` declaring ``size`` uncompressed bytes."""
    data = bytearray(blob)
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_a_member_holding_more_than_it_declares_is_refused(tmp_path: Path) -> None:
    honest = _zip({"openapi.yaml": b"x", "big.yaml": bytes(64 * 1024)}, zipfile.ZIP_DEFLATED)
    lying = _lying(honest, b"big.yaml", 10)
    with pytest.raises(AccordError, match=r"big\.yaml"):
        bundles.unpack(lying, tmp_path / "out", max_bytes=1000)
    assert not (tmp_path / "out").exists()


def test_damaged_archives_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AccordError, match="not a ZIP archive"):
        bundles.unpack(b"PK\x03\x04 not really", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_cache_unpacks_a_bundle_once_and_loads_its_entry(tmp_path: Path) -> None:
    files = {p.relative_to(SPLIT).as_posix(): p.read_bytes()
             for p in SPLIT.rglob("*.yaml") if p.name != "openapi.yaml"}
    candidate = Candidate((SPLIT / "openapi.yaml").read_bytes(), "openapi.yaml", files=files)
    digest = candidate.sha256
    reads: list[int] = []

    def content() -> Blob:
        reads.append(1)
        return Blob(candidate.stored, bundles.FORMAT)

    cache = ContractCache(tmp_path / "cache")
    contract = cache.load(load_kinds()["openapi"], digest, "openapi.yaml", "IF-001@1.0.0",
                          content)
    assert contract.source == "IF-001@1.0.0"
    path = cache.path_for(digest, "openapi.yaml", content)
    assert reads == [1]
    assert sorted(p.relative_to(path.parent).as_posix() for p in path.parent.rglob("*.yaml")) \
        == ["components/schemas.yaml", "openapi.yaml", "paths/orders.yaml"]
    assert materialised_size(path, "openapi.yaml") == sum(
        len(data) for data in candidate.bundle.members.values())  # type: ignore[union-attr]
    assert [Path(f).relative_to(path.parent).as_posix() for f in contract.files] == [
        "openapi.yaml", "paths/orders.yaml", "components/schemas.yaml"]
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".part-")]


def test_a_text_file_named_zip_is_not_a_bundle(tmp_path: Path) -> None:
    assert not Blob(b"openapi: 3.0.3\n", bundles.FORMAT).is_bundle
    path = ContractCache(tmp_path).path_for("d" * 64, "contract.zip",
                                            lambda: Blob(b"text", bundles.FORMAT))
    assert path.read_bytes() == b"text"
