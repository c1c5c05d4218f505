"""The GraphQL kind's lint rules: schema-design conventions, one module per family.

Each module registers its checks with :func:`base.rule`. A check reads the
:class:`~accord.kinds.graphql.model.GraphQLModel` (graphql-core's schema, or the
schema built without validation when the documents are invalid) and yields a
:class:`~accord.lint.rule.Hit` at the element; the lint engine does the rest.
"""

from __future__ import annotations

from accord.kinds.graphql.lint import (
    base,
    connections,
    descriptions,
    federation,
    fields,
    mutations,
    naming,
    validity,
)
from accord.lint.rule import LintRule

#: Reports and docs list the rules family by family, in this order.
_FAMILIES = [m.__name__ for m in (validity, federation, connections, mutations, fields,
                                  descriptions, naming)]

RULES: tuple[LintRule, ...] = tuple(
    sorted(base.RULES, key=lambda r: _FAMILIES.index(r.check.__module__)))


def lint_rules() -> list[LintRule]:
    """Every built-in GraphQL lint rule, family by family."""
    return list(RULES)


__all__ = ["RULES", "lint_rules"]
