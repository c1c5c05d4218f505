"""A human changelog from one contract version to the next.

Sections, in this order: breaking changes, deprecations (rule ids containing
``deprecated``), additions (rules flagged as additions), other changes; within
each, one entry per operation (document-level changes first, then by path and
method), most severe change first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from accord.core.change import Change, Level
from accord.report import markdown
from accord.report._common import Operations, group_by_operation, operation_title, where

BREAKING = "Breaking changes"
DEPRECATIONS = "Deprecations"
ADDITIONS = "Additions"
OTHER = "Other changes"
SECTIONS = (BREAKING, DEPRECATIONS, ADDITIONS, OTHER)

Sections = list[tuple[str, list[tuple[Operations, list[Change]]]]]


def section_of(change: Change) -> str:
    if change.level is Level.BREAKING:
        return BREAKING
    if "deprecated" in change.rule:
        return DEPRECATIONS
    if change.addition:
        return ADDITIONS
    return OTHER


def sections(changes: Sequence[Change]) -> Sections:
    """Every section title, in order, with its changes grouped by operation."""
    return [
        (title, group_by_operation(c for c in changes if section_of(c) == title))
        for title in SECTIONS
    ]


def _label(name: str, version: str | None) -> str:
    return f"{name} ({version})" if version else name


def _text(parts: Sections, base: str, revision: str) -> list[str]:
    lines = [f"Changelog: {base} -> {revision}"]
    for title, groups in parts:
        if not groups:
            continue
        lines += ["", title]
        for operation, group in groups:
            lines.append(f"  {operation_title(operation)}")
            for change in group:
                message = change.message.replace("\n", "\n      ")
                lines.append(f"    - {message} [{change.rule}]")
    return lines


def _markdown(parts: Sections, base: str, revision: str) -> list[str]:
    lines = [f"## Changelog: {markdown.text(base)} → {markdown.text(revision)}"]
    for title, groups in parts:
        if not groups:
            continue
        lines += ["", f"### {title}"]
        for operation, group in groups:
            name = operation_title(operation)
            heading = markdown.code(name, in_table=False) if operation else markdown.text(name)
            lines += ["", f"#### {heading}", ""]
            for change in group:
                location = where(change.location, column=False)
                suffix = f" — {markdown.code(location, in_table=False)}" if location else ""
                lines.append(
                    f"- {markdown.text(change.message)} "
                    f"({markdown.code(change.rule, in_table=False)}){suffix}"
                )
    return lines


def render(
    changes: Sequence[Change],
    *,
    base: str,
    revision: str,
    base_version: str | None,
    revision_version: str | None,
    fmt: str,
) -> str:
    parts = sections(changes)
    if fmt == "json":
        data = {
            "base": base,
            "revision": revision,
            "base_version": base_version,
            "revision_version": revision_version,
            "sections": [
                {
                    "title": title,
                    "entries": [
                        {
                            "operation": ops[0] if ops else None,
                            "operations": list(ops),
                            "changes": [c.to_dict() for c in group],
                        }
                        for ops, group in groups
                    ],
                }
                for title, groups in parts
            ],
        }
        return json.dumps(data, indent=2) + "\n"
    old, new = _label(base, base_version), _label(revision, revision_version)
    if fmt == "text":
        lines = _text(parts, old, new)
    elif fmt == "markdown":
        lines = _markdown(parts, old, new)
    else:
        raise ValueError(f"unknown changelog format {fmt!r}")
    if not changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"
