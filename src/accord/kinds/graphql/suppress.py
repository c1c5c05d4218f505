"""``# accord:ignore RULE REASON`` comments in SDL: the element they cover.

SDL has no extension keys to carry ``x-accord-ignore``, so a suppression is a
comment: on the line(s) before an element (type, field, argument, enum value,
directive), or after it on the same line. It covers that element and what it
holds, by the element's schema coordinate (the pointer lint findings carry:
``/Type/field/arg``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord.core.location import Location
from accord.lint.suppress import COMMENT_TAG, Mark, comment_marks

if TYPE_CHECKING:
    from accord.kinds.graphql.defs import Definitions, Member
    from accord.kinds.graphql.model import GraphQLModel

#: (line, column, pointer) of every element of one file, in reading order.
Spots = list[tuple[int, int, str]]


def suppressions(model: GraphQLModel) -> Iterator[Mark]:
    if model.source_kind != "sdl" or not any(COMMENT_TAG in f.text for f in model.files):
        return
    spots = _spots(model.definitions)
    for index, source in enumerate(model.files):
        if COMMENT_TAG not in source.text:
            continue
        mine = sorted(spots.get(index, []))
        lines = source.text.splitlines()
        for number, line in enumerate(lines, 1):
            column = _comment_column(line)
            if column is None or COMMENT_TAG not in line[column:]:
                continue
            pointer = _covered(mine, lines, number, column)
            if pointer is None:
                continue  # after the last element: it covers nothing
            where = Location(pointer, source.display, number, column)
            yield from comment_marks(line[column:], source.display, pointer, where)


def _comment_column(line: str) -> int | None:
    """The 1-based column of the line's comment ``#`` (not one inside a string)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return i + 1
    return None


def _covered(spots: Spots, lines: list[str], line: int, column: int) -> str | None:
    """The element the comment is on: the one written before it on its line, else the
    one whose name comes next (past blank lines, comments and descriptions). An
    element's spot is where its definition starts, its description included."""
    if lines[line - 1][:column - 1].strip():
        target = (line, column)
    else:
        name_line = _next_code_line(lines, line)
        if name_line is None:
            return None
        target = (name_line, 10**9)
    before = bisect.bisect_left(spots, (*target, ""))
    return spots[before - 1][2] if before > 0 else None


def _next_code_line(lines: list[str], after: int) -> int | None:
    """The first line below ``after`` that is not blank, a comment or a description."""
    in_block = False
    for number in range(after + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if in_block:
            in_block = text.count('"""') % 2 == 0
            continue
        if not text or text.startswith("#"):
            continue
        if text.startswith('"""'):
            in_block = text.count('"""') % 2 == 1
            continue
        if text.startswith('"'):
            continue
        return number
    return None


def _spots(defs: Definitions) -> dict[int, Spots]:
    out: dict[int, Spots] = {}

    def add(file: int, at: int | str, pointer: str) -> None:
        loc = defs.locator(file, at)
        if loc.line is not None:
            out.setdefault(file, []).append((loc.line, loc.column or 0, pointer))

    def members(prefix: str, found: dict[str, Member]) -> None:
        for name, member in found.items():
            add(member.file, member.at, f"{prefix}/{name}")
            for arg, value in member.args.items():
                add(value.file, value.at, f"{prefix}/{name}/{arg}")

    for name, typedef in defs.types.items():
        add(typedef.file, typedef.at, f"/{name}")
        members(f"/{name}", typedef.fields)
        members(f"/{name}", typedef.values)
    for name, directive in defs.directives.items():
        add(directive.file, directive.at, f"/@{name}")
        members(f"/@{name}", directive.args)
    return out
