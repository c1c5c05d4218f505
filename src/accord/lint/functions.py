"""The ``then`` functions of custom lint rules, as Spectral names them.

Each function checks one value (a ``given`` match, or its ``field``) and yields
problems: an error text and the path below the value where it is. ``prepare``
validates ``functionOptions`` when the configuration is read, so a bad option is
a configuration error with its line, never a surprise while linting.

A missing value fails ``truthy`` and ``defined``, passes ``falsy`` and
``undefined``, and is skipped by every other function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

#: An error text (``{{error}}`` in the rule's message) and where below the value.
Problem = tuple[str, tuple[str | int, ...]]


class OptionError(ValueError):
    """A bad ``functionOptions`` entry; ``key`` names it (None: the options as a whole)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    #: What a value must be (docs and ``accord rules --lint``).
    summary: str
    #: Its ``functionOptions``, as documented.
    options: str
    prepare: Callable[[Mapping[str, Any]], Any]
    run: Callable[[Any, Any], Iterator[Problem]]
    #: False: a missing value is skipped rather than passed to ``run``.
    sees_missing: bool = False


class Missing:
    """The value of a ``field`` the element does not have."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = Missing()


def short(value: Any) -> str:
    """A value as a message shows it (quoted strings, cut long ones)."""
    if value is MISSING:
        return "missing"
    text = repr(value) if isinstance(value, str) else _json_like(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_like(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object" if value else "an empty object"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return str(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a string"


def _no_options(options: Mapping[str, Any]) -> None:
    if options:
        raise OptionError("this function takes no functionOptions", next(iter(options)))


def _allowed(options: Mapping[str, Any], *keys: str) -> None:
    for key in options:
        if key not in keys:
            raise OptionError(f"unknown option {key!r} (options: {', '.join(keys)})", key)


# -- truthy, falsy, defined, undefined ----------------------------------------


def _truthy(value: Any, _: None) -> Iterator[Problem]:
    if value is MISSING:
        yield "is missing", ()
    elif not value:
        yield f"must be truthy, not {short(value)}", ()


def _falsy(value: Any, _: None) -> Iterator[Problem]:
    if value is not MISSING and value:
        yield f"must be falsy, not {short(value)}", ()


def _defined(value: Any, _: None) -> Iterator[Problem]:
    if value is MISSING:
        yield "is missing", ()


def _undefined(value: Any, _: None) -> Iterator[Problem]:
    if value is not MISSING:
        yield "must not be defined", ()


# -- pattern ----------------------------------------------------------------------

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
_SLASHED = re.compile(r"/(.*)/([a-z]*)", re.DOTALL)


def _regex(text: Any, key: str) -> re.Pattern[str]:
    if not isinstance(text, str) or not text:
        raise OptionError(f"{key} must be a regular expression (a string)", key)
    source, flags = text, 0
    slashed = _SLASHED.fullmatch(text)
    if slashed:  # Spectral's /regex/flags
        source = slashed.group(1)
        for flag in slashed.group(2):
            if flag not in _FLAGS:
                raise OptionError(f"unsupported regular expression flag {flag!r} "
                                  f"(flags: {', '.join(_FLAGS)})", key)
            flags |= _FLAGS[flag]
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise OptionError(f"{key} is not a valid regular expression: {exc}", key) from None


def _prepare_pattern(options: Mapping[str, Any]) -> tuple[re.Pattern[str] | None, ...]:
    _allowed(options, "match", "notMatch")
    if "match" not in options and "notMatch" not in options:
        raise OptionError("pattern needs match, notMatch or both")
    return tuple(_regex(options[k], k) if k in options else None for k in ("match", "notMatch"))


def _pattern(value: Any, prepared: tuple[re.Pattern[str] | None, ...]) -> Iterator[Problem]:
    match, not_match = prepared
    if not isinstance(value, str):
        yield f"must be a string, not {_type_name(value)}", ()
        return
    # Like Spectral (RegExp.test): the expression matches anywhere unless anchored.
    if match is not None and not match.search(value):
        yield f"must match the pattern {match.pattern!r}", ()
    if not_match is not None and not_match.search(value):
        yield f"must not match the pattern {not_match.pattern!r}", ()


# -- casing -----------------------------------------------------------------------

_CASES = {
    "flat": "[a-z][a-z{d}]*",
    "camel": "[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*",
    "pascal": "[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*",
    "kebab": "[a-z][a-z{d}]*(?:-[a-z{d}]+)*",
    "cobol": "[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*",
    "snake": "[a-z][a-z{d}]*(?:_[a-z{d}]+)*",
    "macro": "[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*",
}


@dataclass(frozen=True, slots=True)
class _Casing:
    name: str
    regex: re.Pattern[str]
    separator: str | None
    allow_leading: bool


def _prepare_casing(options: Mapping[str, Any]) -> _Casing:
    _allowed(options, "type", "disallowDigits", "separator")
    name = options.get("type")
    if name not in _CASES:
        raise OptionError(f"type must be one of {', '.join(_CASES)}", "type")
    digits = options.get("disallowDigits", False)
    if not isinstance(digits, bool):
        raise OptionError("disallowDigits must be true or false", "disallowDigits")
    separator = options.get("separator")
    char, leading = None, False
    if separator is not None:
        if not isinstance(separator, dict) or not isinstance(separator.get("char"), str) \
                or len(separator["char"]) != 1 or set(separator) - {"char", "allowLeading"}:
            raise OptionError("separator is {char: <one character>, allowLeading: true|false}",
                              "separator")
        char, leading = separator["char"], bool(separator.get("allowLeading", False))
    regex = re.compile(_CASES[name].format(d="" if digits else "0-9"))
    return _Casing(str(name), regex, char, leading)


def _casing(value: Any, casing: _Casing) -> Iterator[Problem]:
    if not isinstance(value, str):
        yield f"must be a string, not {_type_name(value)}", ()
        return
    parts = [value]
    if casing.separator is not None:
        text = value
        if casing.allow_leading and text.startswith(casing.separator):
            text = text[1:]
        parts = text.split(casing.separator)
    if not all(casing.regex.fullmatch(part) for part in parts):
        yield f"must be {casing.name} case", ()


# -- enumeration, length ----------------------------------------------------------


def _prepare_enumeration(options: Mapping[str, Any]) -> tuple[Any, ...]:
    _allowed(options, "values")
    values = options.get("values")
    if not isinstance(values, list) or not values:
        raise OptionError("values must be a non-empty list", "values")
    return tuple(values)


def _same(a: Any, b: Any) -> bool:
    # YAML's true is not 1: compare types as well as values.
    return (type(a) is type(b) and a == b) or (
        isinstance(a, int | float) and isinstance(b, int | float)
        and not isinstance(a, bool) and not isinstance(b, bool) and a == b)


def _enumeration(value: Any, values: tuple[Any, ...]) -> Iterator[Problem]:
    if not any(_same(value, v) for v in values):
        yield f"must be one of {', '.join(short(v) for v in values)}, not {short(value)}", ()


def _prepare_length(options: Mapping[str, Any]) -> tuple[int | None, int | None]:
    _allowed(options, "min", "max")
    bounds: list[int | None] = []
    for key in ("min", "max"):
        bound = options.get(key)
        if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)
                                  or bound < 0):
            raise OptionError(f"{key} must be a whole number, 0 or more", key)
        bounds.append(bound)
    low, high = bounds
    if low is None and high is None:
        raise OptionError("length needs min, max or both")
    if low is not None and high is not None and low > high:
        raise OptionError("min is greater than max", "min")
    return low, high


def _length(value: Any, bounds: tuple[int | None, int | None]) -> Iterator[Problem]:
    low, high = bounds
    size: float
    if isinstance(value, str | list | dict):
        size, unit = len(value), "long"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        size, unit = value, ""
    else:
        yield f"must be a string, list, object or number, not {_type_name(value)}", ()
        return
    if low is not None and size < low:
        yield (f"must be at least {low} {unit}".rstrip() + f" (is {size})"), ()
    if high is not None and size > high:
        yield (f"must be at most {high} {unit}".rstrip() + f" (is {size})"), ()


# -- schema -----------------------------------------------------------------------


def _prepare_schema(options: Mapping[str, Any]) -> Any:
    _allowed(options, "schema", "allErrors")
    schema = options.get("schema")
    if not isinstance(schema, dict):
        raise OptionError("schema must be a JSON Schema (an object)", "schema")
    if not isinstance(options.get("allErrors", False), bool):
        raise OptionError("allErrors must be true or false", "allErrors")
    from jsonschema import exceptions, validators

    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as exc:
        where = "/".join(str(t) for t in exc.path)
        raise OptionError(f"schema is not a valid JSON Schema{' at ' + where if where else ''}: "
                          f"{exc.message}", "schema") from None
    return cls(schema), bool(options.get("allErrors", False))


def _schema(value: Any, prepared: Any) -> Iterator[Problem]:
    validator, all_errors = prepared
    errors = sorted(validator.iter_errors(value), key=lambda e: [str(t) for t in e.path])
    for error in errors if all_errors else errors[:1]:
        yield error.message, tuple(error.absolute_path)


# -- alphabetical, xor ------------------------------------------------------------


def _prepare_alphabetical(options: Mapping[str, Any]) -> str | None:
    _allowed(options, "keyedBy")
    keyed = options.get("keyedBy")
    if keyed is not None and not isinstance(keyed, str):
        raise OptionError("keyedBy must be a property name", "keyedBy")
    return keyed


def _alphabetical(value: Any, keyed_by: str | None) -> Iterator[Problem]:
    if isinstance(value, dict):
        items: list[tuple[str | int, Any]] = [(str(k), str(k)) for k in value]
    elif isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            if keyed_by is not None:
                if not isinstance(item, dict) or keyed_by not in item:
                    yield f"has an element without {keyed_by!r}", (index,)
                    return
                item = item[keyed_by]
            items.append((index, item))
    else:
        yield f"must be a list or an object, not {_type_name(value)}", ()
        return
    for (_, before), (token, after) in pairwise(items):
        try:
            out_of_order = after < before
        except TypeError:
            out_of_order = str(after) < str(before)
        if out_of_order:
            yield (f"must be in alphabetical order: {short(after)} comes before "
                   f"{short(before)}"), (token,)
            return


def _prepare_xor(options: Mapping[str, Any]) -> tuple[str, ...]:
    _allowed(options, "properties")
    names = options.get("properties")
    if not isinstance(names, list) or len(names) < 2 or not all(
            isinstance(n, str) for n in names):
        raise OptionError("properties must be a list of two or more property names",
                          "properties")
    return tuple(names)


def _xor(value: Any, names: tuple[str, ...]) -> Iterator[Problem]:
    if not isinstance(value, dict):
        yield f"must be an object, not {_type_name(value)}", ()
        return
    present = [n for n in names if n in value]
    if len(present) != 1:
        yield f"must have exactly one of {', '.join(names)}" + (
            f" (has {', '.join(present)})" if present else ""), ()


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function("truthy", "is present and not false, 0, empty or null", "none",
             _no_options, _truthy, sees_missing=True),
    Function("falsy", "is missing, false, 0, empty or null", "none",
             _no_options, _falsy, sees_missing=True),
    Function("defined", "is present (any value, null included)", "none",
             _no_options, _defined, sees_missing=True),
    Function("undefined", "is not present", "none",
             _no_options, _undefined, sees_missing=True),
    Function("pattern", "is a string that matches `match` and does not match `notMatch` "
             "(Python regular expressions, found anywhere unless anchored; `/re/i` also works)",
             "match, notMatch", _prepare_pattern, _pattern),
    Function("casing", "is a string in the `type` case: " + ", ".join(_CASES),
             "type, disallowDigits, separator {char, allowLeading}",
             _prepare_casing, _casing),
    Function("enumeration", "is one of `values`", "values", _prepare_enumeration,
             _enumeration),
    Function("length", "has at least `min` and at most `max` characters, items or "
             "properties (a number: is within them)", "min, max", _prepare_length, _length),
    Function("schema", "is valid against the JSON Schema `schema` (its `$schema` picks the "
             "draft; default 2020-12); `allErrors` reports every error, not the first",
             "schema, allErrors", _prepare_schema, _schema),
    Function("alphabetical", "is a list (or an object's keys) in alphabetical order; "
             "`keyedBy` sorts a list of objects by that property", "keyedBy",
             _prepare_alphabetical, _alphabetical),
    Function("xor", "is an object with exactly one of `properties`", "properties",
             _prepare_xor, _xor),
)}
