"""Structure: the document is a well-formed AsyncAPI document.

A lenient load (``AsyncAPIKind.load_lenient``) skips malformed elements (an
operation without a channel, ``channels`` that is a list, an action that is neither
send nor receive) and keeps their errors in ``AsyncAPIModel.problems``; this rule
reports them, so the rest of the document is still linted.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.asyncapi.lint.base import rule
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.lint.rule import Hit, LintOptions

RULE_ID = "asyncapi-structure"


@rule(RULE_ID, Severity.ERROR,
      "The document follows the AsyncAPI structure (channels and operations are mappings, "
      "operations name a channel and an action, ...): code generators, brokers' tooling "
      "and accord diff reject or misread it otherwise.",
      "fix the element as the message says; the AsyncAPI specification gives each "
      "object's fields")
def structure(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for problem in model.problems:
        yield Hit(problem.message, problem.location or model.document.location(""),
                  hint=problem.hint)
