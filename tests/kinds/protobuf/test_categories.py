"""buf's categories: the changes outside the selected ones are reported one level lower."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from accord.core.errors import AccordError, ErrorCode
from accord.kinds.protobuf import ProtobufKind
from accord.kinds.protobuf.rules import BUF_RULES, CATALOG, CATEGORIES
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import diff_one, load, only, proto3, write

OLD = proto3("message A { string note = 1; int32 count = 2; }\n")
RENAMED = OLD.replace("string note = 1;", "string remark = 1;")
REMOVED = OLD.replace(" int32 count = 2;", "")
MOVED_OLD = {"a.proto": proto3("message A {}\nmessage B {}\n")}
MOVED_NEW = {"a.proto": proto3("message A {}\n"), "b.proto": proto3("message B {}\n")}


@pytest.mark.parametrize(("categories", "level"), [
    (None, Level.BREAKING), (["FILE"], Level.BREAKING), (["PACKAGE"], Level.BREAKING),
    (["WIRE_JSON"], Level.BREAKING), (["WIRE"], Level.DANGEROUS)])
def test_a_rename_breaks_json_but_not_the_wire(tmp_path: Path, categories: list[str] | None,
                                               level: Level) -> None:
    change = only(diff_one(tmp_path, OLD, RENAMED, categories), "field-renamed")
    assert change.level is level
    if level is Level.DANGEROUS:
        assert change.message.endswith("(only FILE, PACKAGE, WIRE_JSON flag this; checked: "
                                       "WIRE)")


@pytest.mark.parametrize("category", ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"])
def test_an_unreserved_removal_breaks_in_every_category(tmp_path: Path, category: str) -> None:
    change = only(diff_one(tmp_path, OLD, REMOVED, [category]), "field-removed-unreserved")
    assert change.level is Level.BREAKING


def test_a_move_between_files_breaks_only_file(tmp_path: Path) -> None:
    from tests.kinds.protobuf.support import diff_trees

    for categories, level in ((["FILE"], Level.BREAKING), (["PACKAGE"], Level.DANGEROUS),
                              (["WIRE", "WIRE_JSON"], Level.DANGEROUS)):
        changes = diff_trees(tmp_path / "-".join(categories), MOVED_OLD, MOVED_NEW, categories)
        assert only(changes, "moved-to-another-file").level is level
        assert only(changes, "file-added").level is Level.SAFE


def test_categories_given_to_configure_apply_and_diff_options_win(tmp_path: Path) -> None:
    base = load(write(tmp_path / "o", {"s.proto": OLD}))
    revision = load(write(tmp_path / "n", {"s.proto": RENAMED}))
    wire = ProtobufKind().configure({"categories": "wire"})
    assert wire.diff(base, revision, DiffOptions())[0].level is Level.DANGEROUS
    options = DiffOptions(kind_options={"categories": ["WIRE_JSON"]})
    assert wire.diff(base, revision, options)[0].level is Level.BREAKING
    with pytest.raises(AccordError) as caught:
        wire.diff(base, revision, DiffOptions(kind_options={"categories": []}))
    assert caught.value.code is ErrorCode.INVALID_CONFIG


def test_every_rule_has_categories_and_names_its_buf_rules() -> None:
    for rule in CATALOG:
        assert CATEGORIES[rule.id], rule.id
        assert rule.addition or BUF_RULES[rule.id], rule.id
    # The wider categories only ever add rules: WIRE within WIRE_JSON within PACKAGE/FILE.
    for rule_id, cats in CATEGORIES.items():
        if "WIRE" in cats:
            assert "WIRE_JSON" in cats, rule_id
        if "WIRE_JSON" in cats:
            assert {"FILE", "PACKAGE"} <= cats, rule_id
