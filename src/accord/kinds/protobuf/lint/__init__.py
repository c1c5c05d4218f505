"""The Protobuf kind's lint rules: gRPC and Protobuf API conventions, one module per
family.

Each module registers its checks with :func:`base.rule`. A check reads the
:class:`~accord.kinds.protobuf.model.ProtoModel` (the contract's own files only) and
yields a :class:`~accord.lint.rule.Hit` at the element, located through the file's
source info; the lint engine does the rest.
"""

from __future__ import annotations

from accord.kinds.protobuf.lint import base, comments, enums, fields, naming, packages, rpcs
from accord.lint.rule import LintRule

#: Reports and docs list the rules family by family, in this order.
_FAMILIES = [m.__name__ for m in (packages, naming, enums, rpcs, fields, comments)]

RULES: tuple[LintRule, ...] = tuple(
    sorted(base.RULES, key=lambda r: _FAMILIES.index(r.check.__module__)))


def lint_rules() -> list[LintRule]:
    """Every built-in Protobuf lint rule, family by family."""
    return list(RULES)


__all__ = ["RULES", "lint_rules"]
