"""GraphQL string values: plain strings with their escapes, and block strings with
the specification's indentation rules (BlockStringValue)."""

from __future__ import annotations

import json
import re


def string_value(token: str) -> str:
    """The text of a string or block string token."""
    if token.startswith('"""'):
        return block_string_value(token[3:-3].replace('\\"""', '"""'))
    inner = token[1:-1]
    if "\\" not in inner:
        return inner
    try:
        value = json.loads(token)
    except ValueError:
        return _unescape(inner)
    return value if isinstance(value, str) else inner


def _unescape(inner: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else str(json.loads(f'"{match.group(0)}"'))

    try:
        return re.sub(r"\\u\{([0-9A-Fa-f]+)\}|\\u([0-9A-Fa-f]{4})|\\.", one, inner)
    except ValueError:
        return inner


def block_string_value(raw: str) -> str:
    """The value of a block string's raw content (the GraphQL spec's BlockStringValue)."""
    if "\n" not in raw and "\r" not in raw:
        return "" if not raw.strip(" \t") else raw
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indent: int | None = None
    for line in lines[1:]:
        stripped = len(line) - len(line.lstrip(" \t"))
        if stripped < len(line) and (indent is None or stripped < indent):
            indent = stripped
    if indent:
        lines = [lines[0], *(line[indent:] for line in lines[1:])]
    while lines and not lines[0].strip(" \t"):
        lines.pop(0)
    while lines and not lines[-1].strip(" \t"):
        lines.pop()
    return "\n".join(lines)
