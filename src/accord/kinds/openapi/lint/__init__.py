"""The OpenAPI kind's lint rules, one module per convention family.

Each module registers its checks with :func:`base.rule`. A check reads the
:class:`OpenAPIModel` and yields a :class:`~accord.lint.rule.Hit` at the exact
element; the lint engine does the rest.
"""

from __future__ import annotations

from accord.kinds.openapi.lint import (
    base,
    data,
    deprecation,
    errors,
    examples,
    http,
    naming,
    observability,
    pagination,
    security,
    structure,
    versioning,
)
from accord.lint.rule import LintRule

#: Reports and docs list the rules family by family, in this order.
_FAMILIES = [m.__name__ for m in (structure, naming, versioning, http, errors, pagination, data,
                                  examples, security, deprecation, observability)]

RULES: tuple[LintRule, ...] = tuple(
    sorted(base.RULES, key=lambda r: _FAMILIES.index(r.check.__module__)))

__all__ = ["RULES"]
