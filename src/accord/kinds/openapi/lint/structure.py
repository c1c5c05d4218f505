"""Structure: the document is a well-formed OpenAPI document.

A lenient load (``OpenAPIKind.load_lenient``) skips malformed elements (``paths``
that is not a mapping, an operation that is a list, ...) and keeps their errors in
``OpenAPIModel.problems``; this rule reports them, so the rest of the document is
still linted. It also reports operations without ``responses``, which Swagger 2.0
and OpenAPI 3.0 require (3.1 made them optional).
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import rule
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions

RULE_ID = "oas-structure"


@rule(RULE_ID, Severity.ERROR,
      "The document follows the OpenAPI structure (paths and operations are mappings, "
      "operations document responses, ...): tools that read it strictly (generators, "
      "gateways, accord diff) reject or misread it otherwise.",
      "fix the element as the message says; the OpenAPI specification gives each "
      "object's fields")
def structure(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for problem in model.problems:
        yield Hit(problem.message, problem.location or model.document.location(""),
                  hint=problem.hint)
    if model.dialect == "oas31":
        return
    for op in [*model.operations.values(), *model.webhooks.values()]:
        if "responses" not in op.node.value:
            yield Hit(f"{op.label} has no 'responses'", op.node.location,
                      hint="document at least one response (the success response)")
