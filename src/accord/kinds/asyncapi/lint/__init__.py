"""The AsyncAPI kind's lint rules: event-contract conventions, one module per family.

Each module registers its checks with :func:`base.rule`. A check reads the
:class:`~accord.kinds.asyncapi.model.AsyncAPIModel` and yields a
:class:`~accord.lint.rule.Hit` at the exact element; the lint engine does the rest.
"""

from __future__ import annotations

from accord.kinds.asyncapi.lint import (
    base,
    delivery,
    encoding,
    envelope,
    naming,
    schemas,
    structure,
)
from accord.lint.rule import LintRule

#: Reports and docs list the rules family by family, in this order.
_FAMILIES = [m.__name__ for m in (structure, naming, envelope, delivery, schemas, encoding)]

RULES: tuple[LintRule, ...] = tuple(
    sorted(base.RULES, key=lambda r: _FAMILIES.index(r.check.__module__)))

__all__ = ["RULES"]
