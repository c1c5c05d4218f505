"""Reading a kind's options (``kinds: {<name>: {...}}`` in ``accord.yaml``).

Kinds that take options validate them with these helpers in ``configure``, so
every kind refuses an unknown key or a bad value the same way: an
``INVALID_CONFIG`` error naming the option (``details.option``) with a hint;
the caller adds where the option was written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from accord.core.errors import AccordError, ErrorCode


def option_error(kind: str, key: str, message: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONFIG, f"{kind} option {key!r}: {message}",
                       hint=hint, details={"option": key})


def check_known(kind: str, options: Mapping[str, Any], known: Iterable[str]) -> None:
    """Refuse a key the kind does not define, suggesting the closest one."""
    names = sorted(known)
    for key in options:
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            raise option_error(
                kind, str(key), "no such option",
                f"did you mean {close[0]!r}?" if close
                else f"the {kind} kind's options: {', '.join(names) or 'none'}")


def choice(kind: str, options: Mapping[str, Any], key: str,
           choices: Iterable[str]) -> str | None:
    """A string option out of ``choices`` (case-insensitive), or None when absent."""
    value = options.get(key)
    if value is None:
        return None
    allowed = list(choices)
    text = str(value).strip().lower()
    if text not in allowed:
        raise option_error(kind, key, f"{value!r} is not one of the choices",
                           f"use one of: {', '.join(allowed)}")
    return text


def string_list(kind: str, options: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """A list of strings, also written as one comma-separated string; None when absent."""
    value = options.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise option_error(kind, key, f"{value!r} is not a list of strings",
                       f"write a YAML list, or one comma-separated string: {key}: a, b")
