from __future__ import annotations

import pytest

from accord.core import AccordError, Change, Direction, ErrorCode, Level, Location
from accord.core.config import apply_rule_settings, check_rule_ids, parse_settings


def _c(rule: str, level: Level = Level.BREAKING) -> Change:
    return Change(rule, level, Direction.RESPONSE, "m", "h", Location("/p"))


def test_settings_relevel_and_switch_off() -> None:
    out = apply_rule_settings(
        [_c("a"), _c("b"), _c("c", Level.SAFE)], {"a": "off", "c": "breaking"}
    )
    assert [(c.rule, c.level) for c in out] == [("b", Level.BREAKING), ("c", Level.BREAKING)]


def test_invalid_setting_names_the_key() -> None:
    with pytest.raises(AccordError) as err:
        parse_settings({"diff": {"rules": {"operation-removed": "warn"}}}, file="accord.yaml")
    assert err.value.code is ErrorCode.INVALID_CONFIG
    assert "/diff/rules/operation-removed" in err.value.message
    assert err.value.location is not None and err.value.location.file == "accord.yaml"


def test_config_must_be_a_mapping() -> None:
    with pytest.raises(AccordError) as err:
        parse_settings(["diff"], file="accord.yaml")
    assert err.value.code is ErrorCode.INVALID_CONFIG


def test_unknown_rule_suggests_the_closest() -> None:
    with pytest.raises(AccordError) as err:
        check_rule_ids({"operation-removd": "off"}, ["operation-removed", "operation-added"],
                       file="accord.yaml")
    assert err.value.code is ErrorCode.UNKNOWN_RULE
    assert err.value.hint == "did you mean 'operation-removed'?"


def test_other_sections_are_left_alone() -> None:
    settings = parse_settings({"lint": {"extends": "x"}, "diff": {"mode": "FULL"}}, file="f")
    assert settings.diff.mode == "FULL"
