"""An interface's kind options: checked when written, applied when its contracts
are loaded, linted and diffed.

An interface stores the options of its kind (``{"policy": "lenient"}`` for a
JSON Schema interface) as its registry record's ``kind_options``, the way it
stores its compatibility mode. They are checked by the kind's own ``configure``
(through :meth:`~accord.kinds.registry.KindRegistry.configured`) before they are
stored, and refused as a validation error at ``kind_options/<option>``.

Parsed contracts are cached per kind *and* options (:func:`options_key`): a
document read under one draft is not the document read under another.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import Kind, KindRegistry

#: The request field the options are set with (problem documents point into it).
FIELD = "kind_options"


def options_key(options: Mapping[str, Any] | None) -> str:
    """A stable text for ``options`` (empty for none), to key caches with."""
    if not options:
        return ""
    return json.dumps(options, sort_keys=True, separators=(",", ":"), default=str)


def checked(kinds: KindRegistry, kind: str, options: Mapping[str, Any] | None,
            *, field: str = FIELD) -> dict[str, Any]:
    """``options`` when ``kind`` accepts them (an empty mapping always); else an
    ``INVALID_REQUEST`` error whose ``field`` names the option (``["kind_options",
    "policy"]``), or the whole field when the kind takes none."""
    values = dict(options or {})
    if not values:
        return values
    try:
        kinds.configured({kind: values})
    except AccordError as exc:
        option = exc.details.get("option")
        where: list[str] = [field, option] if isinstance(option, str) else [field]
        raise AccordError(ErrorCode.INVALID_REQUEST, exc.message, hint=exc.hint,
                          details={"field": where,
                                   **({"option": option} if isinstance(option, str) else {})}
                          ) from None
    except (TypeError, ValueError) as exc:  # a kind that did not expect such a value
        raise AccordError(ErrorCode.INVALID_REQUEST,
                          f"the {kind} kind cannot take these options: {exc}",
                          hint=f"see the {kind} kind's documentation for its options",
                          details={"field": [field]}) from None
    return values


class ConfiguredKinds:
    """The kinds of a registry with options applied, each made once per distinct
    options (a configured kind is immutable, so sharing it is safe)."""

    def __init__(self, kinds: KindRegistry) -> None:
        self.kinds = kinds
        self._made: dict[tuple[str, str], Kind] = {}
        self._lock = threading.Lock()

    def get(self, name: str, options: Mapping[str, Any] | None) -> Kind:
        """``name``'s kind under ``options`` (the plain kind for none)."""
        if not options:
            return self.kinds[name]
        key = (name, options_key(options))
        with self._lock:
            found = self._made.get(key)
        if found is None:
            found = self.kinds.configured({name: options})[name]
            with self._lock:
                found = self._made.setdefault(key, found)
        return found
