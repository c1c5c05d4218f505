"""SARIF 2.1.0, for code-scanning views (GitHub code scanning, IDE viewers).

One run; one reporting descriptor per rule that occurs; one result per change
(plus violations of older versions that the nearest diff does not show).
breaking -> ``error``, dangerous -> ``warning``, safe -> ``note``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from accord import __version__
from accord.compat.report import DiffReport, PairCheck
from accord.core.change import Change, Level, RuleInfo
from accord.core.location import Location
from accord.report._common import check_label, extra_violations, rule_info

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/accord-contracts/accord"
SARIF_LEVEL = {Level.BREAKING: "error", Level.DANGEROUS: "warning", Level.SAFE: "note"}

_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """A URI reference for a file path: forward slashes, relative paths kept relative."""
    uri = path.replace("\\", "/")
    if _DRIVE.match(uri):
        uri = "file:///" + uri
    return quote(uri, safe="/:@!$&'()*+,;=-._~")


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.description},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.level]},
        "properties": {"level": str(rule.level), "direction": str(rule.direction)},
    }


def _location(location: Location, operations: tuple[str, ...]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if location.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file)}}
        if location.line is not None:
            region = {"startLine": location.line}
            if location.column is not None:
                region["startColumn"] = location.column
            physical["region"] = region
        out["physicalLocation"] = physical
    if operations:
        out["logicalLocations"] = [{"name": op} for op in operations]
    return out or None


def _result(change: Change, index: int, check: PairCheck | None) -> dict[str, Any]:
    message = change.message
    properties: dict[str, Any] = {
        "pointer": change.location.pointer,
        "direction": str(change.direction),
        "level": str(change.level),
    }
    if change.operation is not None:
        properties["operation"] = change.operation
        properties["operations"] = list(change.affects)
    if check is not None:
        message = f"{message} (found by the {check_label(check)} check)"
        properties["check"] = check.check
        properties["checkBase"] = check.base
    result: dict[str, Any] = {
        "ruleId": change.rule,
        "ruleIndex": index,
        "level": SARIF_LEVEL[change.level],
        "message": {"text": message},
    }
    location = _location(change.location, change.affects)
    if location is not None:
        result["locations"] = [location]
    result["properties"] = properties
    return result


def render(report: DiffReport, rules: Mapping[str, RuleInfo]) -> str:
    items: list[tuple[Change, PairCheck | None]] = [(c, None) for c in report.changes]
    items += [(c, check) for check, c in extra_violations(report)]
    index: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for change, check in items:
        if change.rule not in index:
            index[change.rule] = len(descriptors)
            descriptors.append(_descriptor(rule_info(rules, change)))
        results.append(_result(change, index[change.rule], check))
    return sarif_log(descriptors, results, {
        "kind": report.kind,
        "base": report.base,
        "revision": report.revision,
        "mode": str(report.mode),
        "failOn": str(report.fail_on),
        "compatible": report.compatible,
        "incompatibleWith": report.incompatible_with,
        "suggestedBump": str(report.version.suggested),
    })


def sarif_log(descriptors: list[dict[str, Any]], results: list[dict[str, Any]],
              properties: dict[str, Any]) -> str:
    """A SARIF 2.1.0 log of one accord run: its rules, results and run properties."""
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "accord",
                "informationUri": INFORMATION_URI,
                "version": __version__,
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": properties,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
