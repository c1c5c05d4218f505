"""A buf.yaml's ``breaking`` section decides which changes count, as ``buf breaking``
decides (each expected set below is what buf 1.75.0 reports on the same trees, its
rules mapped to accord's); the others are reported one level lower, never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.core.change import Change, Level
from accord.core.errors import AccordError, ErrorCode
from accord.kinds.protobuf.bufbreaking import BUF_CATEGORIES, unstable
from accord.kinds.protobuf.rules import BUF_RULES, CATEGORIES
from accord.kinds.protocol import DiffOptions
from tests.kinds.protobuf.support import KIND, load, write

REMOVED, RENAMED, JSON, TYPE = ("field-removed-unreserved", "field-renamed",
                                "field-json-name-changed", "field-type-changed")


def tree(root: str, new: bool) -> dict[str, str]:
    """Three files: a stable package (a.v1, two files) and an unstable one (b.v1beta1);
    the revision renames x, removes y (number not reserved) and retypes q."""
    fields = "string z = 1;" if new else "string x = 1; int32 y = 2;"
    legacy = "string q = 1;" if new else "int32 q = 1;"
    head = 'syntax = "proto3";\npackage {};\n'
    return {f"{root}a/v1/a.proto": head.format("a.v1") + f"message A {{ {fields} }}\n",
            f"{root}a/v1/legacy.proto": head.format("a.v1") + f"message L {{ {legacy} }}\n",
            f"{root}b/v1beta1/b.proto": head.format("b.v1beta1") + f"message B {{ {fields} }}\n"}


EVERYTHING = {(RENAMED, "a"), (JSON, "a"), (REMOVED, "a"), (TYPE, "legacy"),
              (RENAMED, "b"), (JSON, "b"), (REMOVED, "b")}
V2 = "version: v2\nmodules:\n  - path: proto\n"


def diff(tmp_path: Path, config: str, *, v1: bool = False,
         categories: list[str] | None = None) -> list[Change]:
    root = "" if v1 else "proto/"
    old = write(tmp_path / "old", {**tree(root, False),
                                   "buf.yaml": "version: v1\n" if v1 else V2})
    new = write(tmp_path / "new", {**tree(root, True), "buf.yaml": config})
    options = DiffOptions(kind_options={"categories": categories} if categories else {})
    return KIND.diff(load(old), load(new), options)


def breaking(changes: list[Change]) -> set[tuple[str, str]]:
    return {(c.rule, Path(c.location.file or "").stem) for c in changes
            if c.level is Level.BREAKING}


@pytest.mark.parametrize(("section", "expected"), [
    ("", EVERYTHING),
    ("breaking:\n  use: [WIRE]\n", {(REMOVED, "a"), (REMOVED, "b"), (TYPE, "legacy")}),
    ("breaking:\n  use: [FIELD_SAME_NAME]\n", {(RENAMED, "a"), (RENAMED, "b")}),
    ("breaking:\n  use: [CSR]\n", EVERYTHING),
    ("breaking:\n  use: [FILE]\n  except: [FIELD_SAME_NAME, FIELD_SAME_JSON_NAME]\n",
     {(REMOVED, "a"), (REMOVED, "b"), (TYPE, "legacy")}),
    ("breaking:\n  use: [WIRE_JSON]\n  except: [WIRE]\n", EVERYTHING),
    ("breaking:\n  ignore: [proto/a/v1/legacy.proto]\n", EVERYTHING - {(TYPE, "legacy")}),
    ("breaking:\n  ignore: [proto/b]\n",
     {(RENAMED, "a"), (JSON, "a"), (REMOVED, "a"), (TYPE, "legacy")}),
    ("breaking:\n  ignore_only:\n    FIELD_NO_DELETE: [proto/a]\n",
     EVERYTHING - {(REMOVED, "a")}),
    ("breaking:\n  use: [WIRE_JSON]\n  ignore_only:\n    WIRE_JSON: [proto/a/v1/a.proto]\n",
     {(TYPE, "legacy"), (RENAMED, "b"), (JSON, "b"), (REMOVED, "b")}),
    # The removal is still flagged by FIELD_NO_DELETE_UNLESS_NAME_RESERVED.
    ("breaking:\n  use: [WIRE_JSON]\n  ignore_only:\n"
     "    FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: [proto/a]\n", EVERYTHING),
    ("breaking:\n  ignore_unstable_packages: true\n",
     {(RENAMED, "a"), (JSON, "a"), (REMOVED, "a"), (TYPE, "legacy")}),
    # A module's section replaces the top one, ignore included.
    ("    breaking:\n      use: [WIRE]\nbreaking:\n  use: [PACKAGE]\n  ignore: [proto/b]\n",
     {(REMOVED, "a"), (REMOVED, "b"), (TYPE, "legacy")}),
])
def test_a_v2_section_selects_what_buf_reports(tmp_path: Path, section: str,
                                               expected: set[tuple[str, str]]) -> None:
    changes = diff(tmp_path, V2 + section)
    assert breaking(changes) == expected
    assert len(changes) == len(EVERYTHING)  # the others are lowered, not dropped
    assert all(c.level is Level.DANGEROUS for c in changes if c.level is not Level.BREAKING)


@pytest.mark.parametrize(("section", "expected"), [
    ("breaking:\n  use: [WIRE_JSON]\n  ignore: [b]\n  ignore_only:\n"
     "    FIELD_SAME_TYPE: [a/v1/legacy.proto]\n",
     {(RENAMED, "a"), (JSON, "a"), (REMOVED, "a"), (TYPE, "legacy")}),
    # A deprecated v1 id stands for the rules that replaced it.
    ("breaking:\n  use: [FIELD_SAME_LABEL, FIELD_NO_DELETE]\n  ignore_unstable_packages: true\n",
     {(REMOVED, "a")}),
])
def test_a_v1_section_is_relative_to_its_module(tmp_path: Path, section: str,
                                                expected: set[tuple[str, str]]) -> None:
    assert breaking(diff(tmp_path, "version: v1\n" + section, v1=True)) == expected


def test_the_lowered_change_names_the_setting(tmp_path: Path) -> None:
    changes = diff(tmp_path, V2 + "breaking:\n  ignore: [proto/b]\n  "
                              "ignore_unstable_packages: true\n")
    lowered = [c for c in changes if c.level is Level.DANGEROUS]
    assert {Path(c.location.file or "").stem for c in lowered} == {"b"}
    assert all(c.message.endswith(f"(not counted: {tmp_path}/new/buf.yaml sets breaking."
                                  "ignore_unstable_packages and b.v1beta1 is unstable)")
               for c in lowered), [c.message for c in lowered]


def test_explicit_categories_win_over_the_buf_yaml(tmp_path: Path) -> None:
    changes = diff(tmp_path, V2 + "breaking:\n  use: [WIRE]\n  ignore: [proto/b]\n",
                   categories=["WIRE_JSON"])
    assert breaking(changes) == EVERYTHING


def test_the_cli_option_wins_and_the_diff_passes_on_lowered_changes(tmp_path: Path) -> None:
    config = V2 + "breaking:\n  ignore: [proto]\n"
    diff(tmp_path, config)
    runner = CliRunner()
    by_buf = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new")])
    assert by_buf.exit_code == 0, by_buf.output
    explicit = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new"),
                                   "-O", "protobuf.categories=FILE"])
    assert explicit.exit_code == 1, explicit.output


@pytest.mark.parametrize(("section", "line", "words"), [
    ("breaking:\n  use: [FIELD_SAME_NAMES]\n", 5, "'FIELD_SAME_NAMES'"),
    ("breaking:\n  except: [WIRES]\n", 5, "'WIRES'"),
    ("breaking:\n  ignore_only:\n    NO_SUCH_RULE: [proto/a]\n", 6, "'NO_SUCH_RULE'"),
])
def test_an_unknown_rule_or_category_is_refused(tmp_path: Path, section: str, line: int,
                                                words: str) -> None:
    repo = write(tmp_path / "repo", {**tree("proto/", True), "buf.yaml": V2 + section})
    with pytest.raises(AccordError) as err:
        load(repo)
    assert err.value.code is ErrorCode.INVALID_CONTRACT
    assert words in err.value.message
    assert err.value.location is not None
    assert (err.value.location.file, err.value.location.line) == (f"{repo}/buf.yaml", line)
    assert "ls-breaking-rules" in (err.value.hint or "")


def test_csr_is_a_v2_category_only(tmp_path: Path) -> None:
    repo = write(tmp_path / "repo", {**tree("", True),
                                     "buf.yaml": "version: v1\nbreaking:\n  use: [CSR]\n"})
    with pytest.raises(AccordError) as err:
        load(repo)
    assert "'CSR'" in err.value.message


def test_each_rule_has_the_categories_of_the_buf_rules_it_stands_for() -> None:
    for rule, bufs in BUF_RULES.items():
        if bufs:
            held = {c for b in bufs for c in BUF_CATEGORIES[b]} - {"CSR"}
            assert held == CATEGORIES[rule], rule


@pytest.mark.parametrize(("package", "expected"), [
    ("a.v1", False), ("a.v2", False), ("a.v1alpha1", True), ("a.v1beta", True),
    ("a.v2test", True), ("a.v1testfoo", True), ("a.v1p1beta1", True), ("v1beta1.a", False),
    ("a.beta1", False)])
def test_unstable_packages_are_buf_s(package: str, expected: bool) -> None:
    assert unstable(package) is expected
