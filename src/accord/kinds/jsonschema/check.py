"""Structural checks of schema documents: every keyword the engine reads has a
value of the right form, so that a typo fails at load time where it is written
(with a hint) instead of silently meaning something else."""

from __future__ import annotations

import re
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import join
from accord.kinds.jsonschema.model import TYPE_NAMES, number
from accord.kinds.jsonschema.resolver import LISTS, MAPS, SINGLE
from accord.source import Document, Node

_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties",
           "maxProperties", "minContains", "maxContains")
_NUMBERS = ("minimum", "maximum")
_STRINGS = ("format", "$ref", "$recursiveRef", "$dynamicRef", "$anchor", "$dynamicAnchor",
            "contentEncoding", "contentMediaType", "title", "description", "$comment")


def _invalid(node: Node, key: str | tuple[str | int, ...], message: str,
             hint: str) -> AccordError:
    tokens = key if isinstance(key, tuple) else (key,)
    return AccordError(ErrorCode.INVALID_CONTRACT, message,
                       location=node.doc.location(join(node.pointer, *tokens)), hint=hint)


def _pattern_error(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return str(exc)
    return None


def check_root(doc: Document) -> None:
    """The document must be a schema: an object (or a boolean)."""
    if not isinstance(doc.data, dict | bool):
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT,
            f"{doc.display} is not a JSON Schema: the document is a {type(doc.data).__name__}, "
            "not an object",
            location=doc.location(""),
            hint="a JSON Schema document is an object such as "
                 "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", ...}")


def check_schema(node: Node) -> None:
    value = node.value
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "type":
            names = [item] if isinstance(item, str) else item
            if not isinstance(names, list) or not names or any(
                    not isinstance(n, str) or n not in TYPE_NAMES for n in names):
                raise _invalid(node, key, f"type {item!r} is not a JSON Schema type",
                               "use one of null, boolean, object, array, number, integer, "
                               "string, or a list of them")
        elif key in SINGLE or key == "items":
            if key == "items" and isinstance(item, list):
                _schemas(node, key, item)
            elif not isinstance(item, dict | bool):
                raise _invalid(node, key, f"{key} must be a schema (an object or a boolean)",
                               f"write {key} as an object such as {{\"type\": \"string\"}}")
        elif key in LISTS:
            if not isinstance(item, list) or (key != "prefixItems" and not item):
                raise _invalid(node, key, f"{key} must be a non-empty list of schemas",
                               f"write {key} as a list: [{{...}}, {{...}}]")
            _schemas(node, key, item)
        elif key in MAPS and key != "dependencies":
            if not isinstance(item, dict):
                raise _invalid(node, key, f"{key} must be an object of schemas",
                               f"write {key} as an object mapping names to schemas")
            for name, sub in item.items():
                if not isinstance(sub, dict | bool):
                    raise _invalid(node, (key, name),
                                   f"{key} entry {name!r} must be a schema",
                                   "write the entry as an object (or true/false)")
            if key == "patternProperties":
                for name in item:
                    error = _pattern_error(name)
                    if error:
                        raise _invalid(node, (key, name),
                                       f"patternProperties key {name!r} is not a valid "
                                       f"regular expression: {error}",
                                       "write the key as an ECMA-262 regular expression")
        elif key in ("required",):
            if not isinstance(item, list) or any(not isinstance(n, str) for n in item):
                raise _invalid(node, key, "required must be a list of property names",
                               "write required as a list of strings, such as [\"id\"] "
                               "(required: true is draft 3, which accord does not read)")
        elif key == "enum":
            if not isinstance(item, list):
                raise _invalid(node, key, "enum must be a list of values",
                               "write enum as a list, or use const for a single value")
        elif key in _COUNTS:
            if not number(item) or item < 0 or not float(item).is_integer():
                raise _invalid(node, key, f"{key} must be a non-negative integer, not {item!r}",
                               f"write {key} as a whole number such as 0 or 10")
        elif key in _NUMBERS:
            if not number(item):
                raise _invalid(node, key, f"{key} must be a number, not {item!r}",
                               f"write {key} as a number such as 0 or 1.5")
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            if not number(item) and not isinstance(item, bool):
                raise _invalid(node, key, f"{key} must be a number (or a boolean in draft 4)",
                               f"write {key} as a number such as 0")
        elif key == "multipleOf":
            if not number(item) or item <= 0:
                raise _invalid(node, key, f"multipleOf must be a number above 0, not {item!r}",
                               "write multipleOf as a positive number such as 1 or 0.01")
        elif key == "uniqueItems":
            if not isinstance(item, bool):
                raise _invalid(node, key, "uniqueItems must be true or false",
                               "write uniqueItems: true")
        elif key == "pattern":
            if not isinstance(item, str):
                raise _invalid(node, key, "pattern must be a string",
                               "write the pattern as a regular expression string")
            error = _pattern_error(item)
            if error:
                raise _invalid(node, key, f"pattern {item!r} is not a valid regular "
                               f"expression: {error}",
                               "write the pattern as an ECMA-262 regular expression")
        elif key in ("dependencies", "dependentRequired"):
            _dependencies(node, key, item)
        elif key in _STRINGS and not isinstance(item, str):
            raise _invalid(node, key, f"{key} must be a string, not {type(item).__name__}",
                           f"write {key} as a string")


def _schemas(node: Node, key: str, items: list[Any]) -> None:
    for index, sub in enumerate(items):
        if not isinstance(sub, dict | bool):
            raise _invalid(node, (key, index), f"{key}[{index}] must be a schema",
                           "write each entry as an object (or true/false)")


def _dependencies(node: Node, key: str, item: Any) -> None:
    if not isinstance(item, dict):
        raise _invalid(node, key, f"{key} must be an object",
                       f"write {key} as an object mapping a property to what it needs")
    for name, needed in item.items():
        if isinstance(needed, list):
            if any(not isinstance(n, str) for n in needed):
                raise _invalid(node, (key, name),
                               f"{key} entry {name!r} must list property names",
                               "write the entry as a list of strings")
        elif key == "dependentRequired" or not isinstance(needed, dict | bool):
            raise _invalid(node, (key, name),
                           f"{key} entry {name!r} must be a list of property names"
                           + (" or a schema" if key == "dependencies" else ""),
                           "write the entry as a list of strings")
