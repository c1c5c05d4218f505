"""Inline suppressions: ``x-accord-ignore: [{rule, reason}]`` on any element, or an
``accord:ignore RULE REASON`` comment in kinds whose files have no extension keys.

A suppression covers findings of its rule at the element and below it. The
reason is required: an entry without one suppresses nothing and is itself a
finding, so a suppression is always a decision someone explained.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from accord.core.location import Location, join, split
from accord.lint.rule import Hit
from accord.source import Document

KEY = "x-accord-ignore"
RULE_ID = "ignore-without-reason"


@dataclass
class Suppressions:
    """Per file (as displayed), pointer -> the rule ids suppressed there."""

    by_file: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    problems: list[Hit] = field(default_factory=list)

    def covers(self, rule: str, location: Location) -> bool:
        marks = self.by_file.get(location.file or "")
        if not marks:
            return False
        pointer = ""
        if rule in marks.get(pointer, ()):
            return True
        for token in split(location.pointer):
            pointer = join(pointer, token)
            if rule in marks.get(pointer, ()):
                return True
        return False


def _walk(value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every mapping in ``value`` that carries the key, with its pointer."""
    stack = [(pointer, value)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, dict):
            if KEY in item:
                yield here, item[KEY]
            stack.extend((join(here, str(k)), v) for k, v in item.items()
                         if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend((join(here, i), v) for i, v in enumerate(item)
                         if isinstance(v, dict | list))


def _entries(doc: Document, pointer: str, raw: Any, out: Suppressions) -> None:
    where = join(pointer, KEY)
    if not isinstance(raw, list):
        out.problems.append(Hit(f"{KEY} must be a list of {{rule, reason}} entries",
                                doc.location(where)))
        return
    for index, entry in enumerate(raw):
        at = join(where, index)
        rule = entry.get("rule") if isinstance(entry, dict) else entry
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(rule, str) or not rule:
            out.problems.append(Hit(f"the {KEY} entry names no rule", doc.location(at)))
        elif not isinstance(reason, str) or not reason.strip():
            out.problems.append(Hit(
                f"the suppression of {rule!r} gives no reason, so it suppresses nothing",
                doc.location(at)))
        else:
            out.by_file.setdefault(doc.display, {}).setdefault(pointer, set()).add(rule)


def collect(documents: Iterable[Document]) -> Suppressions:
    out = Suppressions()
    for doc in documents:
        # Most documents use no suppression: skip walking them (large specs).
        if KEY not in doc.text:
            continue
        for pointer, raw in _walk(doc.data, ""):
            _entries(doc, pointer, raw, out)
    return out


@dataclass(frozen=True, slots=True)
class Mark:
    """A suppression written in a kind's own syntax (``// accord:ignore RULE REASON`` in a
    .proto file), as the kind's model reports it: what it covers and where it is."""

    #: The file as displayed and the pointer of the element it covers.
    file: str
    pointer: str
    rule: str | None
    reason: str | None
    location: Location


#: ``accord:ignore RULE REASON`` in a comment (the reason is the rest of the line).
COMMENT_TAG = "accord:ignore"


def comment_marks(text: str, file: str, pointer: str, location: Location) -> Iterator[Mark]:
    """The ``accord:ignore`` lines of a comment on the element at ``pointer``."""
    for line in text.splitlines():
        start = line.find(COMMENT_TAG)
        if start < 0:
            continue
        words = line[start + len(COMMENT_TAG):].split(None, 1)
        rule = words[0] if words else None
        reason = words[1].strip() if len(words) > 1 else None
        yield Mark(file, pointer, rule, reason or None, location)


def add_marks(out: Suppressions, marks: Iterable[Mark]) -> None:
    """Take a kind's own suppressions, under the rules of ``x-accord-ignore`` entries."""
    for mark in marks:
        if not mark.rule:
            out.problems.append(Hit(f"the {COMMENT_TAG} comment names no rule", mark.location))
        elif not mark.reason:
            out.problems.append(Hit(
                f"the suppression of {mark.rule!r} gives no reason, so it suppresses nothing",
                mark.location))
        else:
            out.by_file.setdefault(mark.file, {}).setdefault(mark.pointer, set()).add(mark.rule)
