"""Federation field sets: the selections ``@key(fields:)``, ``@requires(fields:)`` and
``@provides(fields:)`` name, as ``"id"``, ``"sku variation { id }"`` or
``"... on Book { isbn }"``.

Read into :class:`Selection` trees: the diff compares them in one canonical form
(field order and layout do not matter), the ``federation-field-set`` lint rule looks
each field up in the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Names, strings, numbers and punctuation; commas are white space, as in GraphQL.
_TOKEN = re.compile(r"\.\.\.|[_A-Za-z][_0-9A-Za-z]*|\"(?:[^\"\\]|\\.)*\"|-?\d[\w.+-]*|[^\s,]")


@dataclass(frozen=True, slots=True)
class Selection:
    """A field (``name`` with its ``arguments`` as written, if any) or an inline
    fragment (``on`` its type condition, ``name`` empty), with the selections under it."""

    name: str
    children: tuple[Selection, ...] = ()
    on: str | None = None
    arguments: str = ""

    def __str__(self) -> str:
        head = f"... on {self.on}" if self.on is not None else self.name + self.arguments
        if not self.children:
            return head
        return head + " { " + " ".join(str(child) for child in self.children) + " }"


def parse_field_set(text: str) -> tuple[Selection, ...] | None:
    """The selections of a field set; None when it is not one (unbalanced braces, a
    stray token, nothing selected)."""
    tokens = _TOKEN.findall(text)
    try:
        found, index = _selections(tokens, 0)
    except (IndexError, ValueError):
        return None
    return found if found and index == len(tokens) else None


def canonical_field_set(text: str) -> str:
    """The field set printed with each level's selections in name order; the text
    with its whitespace collapsed when it does not read as one."""
    found = parse_field_set(text)
    if found is None:
        return " ".join(text.split())
    return " ".join(sorted(str(_sorted(s)) for s in found))


def _sorted(selection: Selection) -> Selection:
    children = tuple(sorted((_sorted(c) for c in selection.children), key=str))
    return Selection(selection.name, children, selection.on, selection.arguments)


def _selections(tokens: list[str], index: int) -> tuple[tuple[Selection, ...], int]:
    found: list[Selection] = []
    while index < len(tokens) and tokens[index] != "}":
        on = None
        name = arguments = ""
        if tokens[index] == "...":
            if tokens[index + 1] != "on":
                raise ValueError("an inline fragment needs a type condition")
            on = _name(tokens[index + 2])
            index += 3
        else:
            name = _name(tokens[index])
            index += 1
            if index < len(tokens) and tokens[index] == "(":
                end = tokens.index(")", index)
                arguments = "(" + " ".join(tokens[index + 1:end]) + ")"
                index = end + 1
        children: tuple[Selection, ...] = ()
        if index < len(tokens) and tokens[index] == "{":
            children, index = _selections(tokens, index + 1)
            if not children or tokens[index] != "}":
                raise ValueError("an empty or unclosed selection")
            index += 1
        elif on is not None:
            raise ValueError("an inline fragment selects fields")
        found.append(Selection(name, children, on, arguments))
    return tuple(found), index


def _name(token: str) -> str:
    if not (token[:1].isalpha() or token[:1] == "_"):
        raise ValueError(f"expected a field name, found {token!r}")
    return token
