"""The Avro kind: standalone Apache Avro schemas (``.avsc``), as registered in a
Kafka schema registry.

``load`` reads the JSON document and parses it with the ``avro`` library (an
invalid schema is INVALID_CONTRACT). ``diff`` compares two schemas by Avro's
schema-resolution rules (:mod:`accord.kinds.avro.engine`) in the BACKWARD sense:
a change is breaking when the revision, as a reader, cannot read data written with
the base; compatibility modes swap the pair for FORWARD as for every kind.
``lint_rules`` are a few conventions of Avro practice (docs/avro.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.change import Change, RuleInfo
from accord.kinds.protocol import Contract, DiffOptions, models_of

if TYPE_CHECKING:
    from accord.lint.rule import LintRule

__all__ = ["AvroKind"]

#: The named types a schema file's root may be, for files that are not ``.avsc``.
_NAMED = ("record", "enum", "fixed")


class AvroKind:
    """The ``avro`` kind plugin."""

    name = "avro"
    title = "Avro"

    def sniff(self, path: Path, data: Any) -> bool:
        if data is None:
            return path.suffix.lower() == ".avsc" and path.is_file()
        return (isinstance(data, dict) and data.get("type") in _NAMED
                and isinstance(data.get("name"), str)
                and not any(k in data for k in ("openapi", "swagger", "asyncapi", "$schema")))

    def load(self, path: Path, display: str | None = None) -> Contract:
        from accord.kinds.avro.loader import load_contract

        return load_contract(path, self.name, display=display)

    def rules(self) -> Sequence[RuleInfo]:
        from accord.kinds.avro.rules import CATALOG

        return list(CATALOG)

    def lint_rules(self) -> Sequence[LintRule]:
        from accord.kinds.avro.lint import RULES

        return list(RULES)

    def diff(self, base: Contract, revision: Contract, options: DiffOptions) -> list[Change]:
        from accord.kinds.avro.engine import Comparison
        from accord.kinds.avro.loader import AvroModel
        from accord.kinds.avro.rules import CATALOG, STANDALONE

        old, new = models_of(base, revision, AvroModel, "an Avro schema",
                             "compare two Avro schemas")
        found = Comparison(old.schema, new.schema, old.root, new.root,
                           revision_reads=True, label="the schema").run()
        return [CATALOG.change(STANDALONE.rule_id(d.concept), d.message, d.where.location)
                for d in found]
