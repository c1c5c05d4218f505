"""Deprecation: deprecated operations and parameters say when they go away."""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import at, rule
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions


@rule("deprecated-sunset", Severity.WARN,
      "A deprecated operation or parameter carries its sunset date (x-sunset, or a "
      "documented Sunset header), so clients know how long they have to move.",
      "add 'x-sunset: YYYY-MM-DD' next to 'deprecated: true'")
def sunset(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if op.deprecated and op.sunset is None:
            yield Hit(f"{op.label} is deprecated without a sunset date",
                      at(op.node, "deprecated"))
        for param in op.parameters.values():
            if param.deprecated and param.sunset is None:
                yield Hit(f"parameter '{param.name}' is deprecated without a sunset date",
                          at(param.node, "deprecated"))
