"""The JSON Schema kind: standalone payload schemas (drafts 4, 6, 7, 2019-09, 2020-12).

``load`` reads a schema document through a :class:`~accord.source.Workspace`,
detects its draft, checks its structure and resolves its references (local,
relative files, ``$id`` and anchors). ``diff`` compares two schemas by the
instances they accept (:mod:`accord.kinds.jsonschema.engine`, whose API sibling
kinds use for embedded schemas): a change is breaking when the revision, as a
reader, rejects an instance the base, as a writer, could produce. ``lint_rules``
are a few conventions for standalone schemas.

Options (``kinds: {jsonschema: {...}}`` in ``accord.yaml``, ``--kind-option``,
else environment variables): ``policy`` / ``ACCORD_JSONSCHEMA_POLICY`` is
``strict`` (exact instance sets, the default) or ``lenient`` (writers never
write undeclared properties); ``draft`` / ``ACCORD_JSONSCHEMA_DRAFT`` reads
every document as that draft whatever its ``$schema`` says.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.core.errors import AccordError, ErrorCode
from accord.kinds.jsonschema.drafts import ALIASES, Draft, is_json_schema_uri
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.kinds.jsonschema.engine import Policy
    from accord.lint.rule import LintRule

__all__ = ["JsonSchemaKind"]

POLICY_ENV = "ACCORD_JSONSCHEMA_POLICY"
DRAFT_ENV = "ACCORD_JSONSCHEMA_DRAFT"
_SCHEMA_SUFFIXES = (".schema.json", ".schema.yaml", ".schema.yml")
_SCHEMA_KEYS = ("type", "properties", "$ref", "allOf", "anyOf", "oneOf", "$defs", "definitions")


class JsonSchemaKind:
    """The ``jsonschema`` kind plugin."""

    name = "jsonschema"
    title = "JSON Schema"

    def __init__(self, policy: str | None = None, draft: str | None = None) -> None:
        self._policy = policy
        self._draft = draft

    def configure(self, options: Mapping[str, Any]) -> JsonSchemaKind:
        return JsonSchemaKind(*schema_options(self.name, options, self._policy, self._draft))

    @property
    def policy(self) -> Policy:
        value = (self._policy or os.environ.get(POLICY_ENV) or "strict").strip().lower()
        if value not in ("strict", "lenient"):
            raise AccordError(ErrorCode.USAGE, f"unknown JSON Schema policy {value!r}",
                              hint=f"set {POLICY_ENV} to strict or lenient")
        return "lenient" if value == "lenient" else "strict"

    @property
    def draft(self) -> Draft | None:
        value = self._draft or os.environ.get(DRAFT_ENV)
        if not value:
            return None
        found = ALIASES.get(value.strip().lower())
        if found is None:
            raise AccordError(ErrorCode.USAGE, f"unknown JSON Schema draft {value!r}",
                              hint=f"set {DRAFT_ENV} to one of: "
                                   + ", ".join(d.value for d in Draft))
        return found

    def sniff(self, path: Path, data: Any) -> bool:
        if not isinstance(data, dict) or any(k in data for k in ("openapi", "swagger",
                                                                  "asyncapi")):
            return False
        if is_json_schema_uri(data.get("$schema")):
            return True
        return path.name.lower().endswith(_SCHEMA_SUFFIXES) and any(k in data
                                                                    for k in _SCHEMA_KEYS)

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.jsonschema.loader import load_contract

        return load_contract(path, self.name, display=display, draft=self.draft)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.jsonschema.rules import CATALOG

        return list(CATALOG)

    def lint_rules(self) -> Sequence[LintRule]:
        from accord.kinds.jsonschema.lint import RULES

        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.jsonschema.engine import CompareContext, compare_schemas
        from accord.kinds.jsonschema.loader import JsonSchemaModel

        old, new = models_of(base, revision, JsonSchemaModel, "a JSON Schema",
                             "compare two JSON Schema documents")
        context = CompareContext(old.side, new.side, policy=self.policy)
        return compare_schemas(old.root, new.root, context=context)


def schema_options(kind: str, options: Mapping[str, Any], policy: str | None,
                   draft: str | None) -> tuple[str | None, str | None]:
    """``policy`` and ``draft`` out of a kind's options (those not given keep their
    value); shared by the kinds that embed JSON Schemas."""
    from accord.kinds.options import check_known, choice, option_error

    check_known(kind, options, ("policy", "draft"))
    policy = choice(kind, options, "policy", ("strict", "lenient")) or policy
    if options.get("draft") is not None:
        value = str(options["draft"]).strip().lower()
        if value not in ALIASES:
            raise option_error(kind, "draft", f"unknown JSON Schema draft {value!r}",
                               "use one of: " + ", ".join(d.value for d in Draft))
        draft = value
    return policy, draft
