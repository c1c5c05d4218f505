"""Observability: responses carry a request id clients can quote in a support ticket."""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import at, rule
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions

_REQUEST_ID = re.compile(r"(^|-)(request|correlation|trace)-id$")


@rule("request-id-header", Severity.INFO,
      "Responses document a request-id header (X-Request-ID), which ties a client's report "
      "to the provider's logs and traces.",
      "document an X-Request-ID header on the operation's responses")
def request_id(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if op.responses and not any(_REQUEST_ID.search(name) for r in op.responses.values()
                                    for name in r.headers):
            yield Hit(f"no response of {op.label} documents a request-id header",
                      at(op.node, "responses"))
