"""JSONPath for custom lint rules: Spectral's spelling, python-jsonpath's evaluation.

Custom rules say where they apply with a JSONPath ``given``. Rules written for
Spectral (jsonpath-plus) select keys with a trailing ``~`` (``$.paths[*]~``) and
compare with ``===``; python-jsonpath spells keys ``~`` as a selector
(``$.paths.~``) and compares with ``==``. :func:`translate` maps the first to the
second; :func:`select` yields each match's JSON pointer, so findings have lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.core.location import join, split

if TYPE_CHECKING:  # imported when a custom rule is compiled: it costs ~70 ms
    import jsonpath

#: ``[*]~`` / ``.*~`` (every key of the mapping), optionally after ``..``.
_KEYS = re.compile(r"(?:\[\*\]|\.\*)~")
_STRICT_EQ = re.compile(r"([!=])==")
#: ``[get,put]``: bare names in brackets (jsonpath-plus), quoted for python-jsonpath.
_BARE_NAMES = re.compile(r"\[\s*([A-Za-z_][\w-]*(?:\s*,\s*[A-Za-z_][\w-]*)*)\s*\]")


class PathError(ValueError):
    """A ``given`` that is not a JSONPath accord can evaluate."""


def translate(path: str) -> str:
    """Spectral's JSONPath spelling -> python-jsonpath's.

    ``$.paths[*]~`` -> ``$.paths.~``; ``$..*~`` -> ``$..~``; ``===`` -> ``==``;
    ``[get,put]`` -> ``['get','put']``.
    """
    text = path.strip()
    text = _BARE_NAMES.sub(
        lambda m: "[" + ",".join(f"'{n.strip()}'" for n in m.group(1).split(",")) + "]", text)
    text = _KEYS.sub(".~", text)
    text = text.replace("...~", "..~")
    return _STRICT_EQ.sub(r"\1=", text)


@dataclass(frozen=True, slots=True)
class Path:
    """A compiled ``given``, as written (for messages) and as evaluated."""

    text: str
    query: jsonpath.JSONPath | jsonpath.CompoundJSONPath


def compile_path(text: str) -> Path:
    """Compile ``text`` (Spectral or python-jsonpath spelling); :class:`PathError` if bad."""
    if not text.strip().startswith("$"):
        raise PathError(f"{text!r} does not start with '$'")
    import jsonpath

    try:
        return Path(text, jsonpath.compile(translate(text)))
    except jsonpath.JSONPathError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PathError(f"{text!r} is not a valid JSONPath: {first}") from None


@dataclass(frozen=True, slots=True)
class Match:
    """One element a ``given`` selects."""

    pointer: str
    value: Any
    #: The element is a mapping's key (``$.paths[*]~``): ``value`` is the key.
    is_key: bool = False

    @property
    def name(self) -> str | None:
        """The key (or index) the element has in its parent: ``@key``."""
        if not self.pointer:
            return None
        return split(self.pointer)[-1]


def _is_key(match: jsonpath.JSONPathMatch) -> bool:
    parent = match.parent
    return parent is not None and match.path[len(parent.path):].startswith("[~")


def select(path: Path, data: Any) -> Iterator[Match]:
    for match in path.query.finditer(data):
        parts = list(match.parts)
        key = _is_key(match)
        if key and parts:
            parts[-1] = str(parts[-1])[1:]
        yield Match(join("", *parts), match.obj, key)
