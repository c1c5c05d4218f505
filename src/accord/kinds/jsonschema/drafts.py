"""JSON Schema drafts: which one a document is written in, and what that changes.

The draft comes from ``$schema``; without one it is sniffed from keywords only
some drafts have (``prefixItems``, ``$defs``, ``dependentRequired``, a boolean
``exclusiveMinimum``, ...), and defaults to draft 7. A kind option overrides both.
What differs between drafts and matters for comparing schemas: ``$ref`` next to
other keywords (ignored up to draft 7, applied from 2019-09), ``items`` as a list
(tuples up to 2019-09, ``prefixItems`` in 2020-12), the boolean exclusive bounds of
draft 4 and its ``id``; the engine reads each form whatever the draft says, so a
document that mixes them still means what its author meant.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any


class Draft(StrEnum):
    DRAFT4 = "draft-04"
    DRAFT6 = "draft-06"
    DRAFT7 = "draft-07"
    DRAFT2019 = "2019-09"
    DRAFT2020 = "2020-12"

    @property
    def ref_siblings_apply(self) -> bool:
        """From 2019-09 on, ``$ref`` is one keyword among others."""
        return self in (Draft.DRAFT2019, Draft.DRAFT2020)

    @property
    def id_keyword(self) -> str:
        return "id" if self is Draft.DRAFT4 else "$id"


DEFAULT = Draft.DRAFT7

_URIS = re.compile(
    r"^https?://json-schema\.org/(?:(draft-0[3467])/schema|draft/(2019-09|2020-12)/schema)"
    r"#?$")
_BY_NAME = {d.value: d for d in Draft}
#: What users may write for the draft override.
ALIASES = {**_BY_NAME, "4": Draft.DRAFT4, "6": Draft.DRAFT6, "7": Draft.DRAFT7,
           "draft4": Draft.DRAFT4, "draft6": Draft.DRAFT6, "draft7": Draft.DRAFT7,
           "2019": Draft.DRAFT2019, "2020": Draft.DRAFT2020}

SUPPORTED = "drafts 4, 6, 7, 2019-09 and 2020-12"


def from_uri(uri: str) -> Draft | str | None:
    """The draft a ``$schema`` URI names; the name of an unsupported json-schema.org
    draft (``draft-03``) as a string; None for a URI that is not json-schema.org's."""
    found = _URIS.match(uri.strip())
    if found is None:
        return None
    name = found.group(1) or found.group(2)
    return _BY_NAME.get(name, name)


def is_json_schema_uri(uri: object) -> bool:
    return isinstance(uri, str) and "json-schema.org/" in uri


_2020_ONLY = ("prefixItems", "$dynamicRef", "$dynamicAnchor")
_2019_ON = ("$defs", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
            "unevaluatedItems", "$anchor", "minContains", "maxContains", "$recursiveRef")
_7_ON = ("if", "then", "else", "$comment", "contentMediaType", "contentEncoding")
_6_ON = ("const", "contains", "propertyNames", "examples")


def sniff(data: Any, limit: int = 20000) -> Draft:
    """The draft a document without ``$schema`` is most likely written in."""
    seen: set[str] = set()
    bool_bounds = False
    stack = [data]
    visited = 0
    while stack and visited < limit:
        value = stack.pop()
        visited += 1
        if isinstance(value, dict):
            seen.update(k for k in value if isinstance(k, str))
            if isinstance(value.get("exclusiveMinimum"), bool) or isinstance(
                    value.get("exclusiveMaximum"), bool):
                bool_bounds = True
            stack.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, dict | list))
    if any(k in seen for k in _2020_ONLY):
        return Draft.DRAFT2020
    if "$recursiveRef" in seen:
        return Draft.DRAFT2019
    if any(k in seen for k in _2019_ON):
        return Draft.DRAFT2020
    if bool_bounds:
        return Draft.DRAFT4
    if any(k in seen for k in _7_ON):
        return Draft.DRAFT7
    if any(k in seen for k in _6_ON):
        return Draft.DRAFT7
    return DEFAULT
