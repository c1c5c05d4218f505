"""The OpenAPI kind (Swagger 2.0, OpenAPI 3.0 and 3.1)."""

from __future__ import annotations


class OpenAPIKind:  # placeholder until the kind lands
    name = "openapi"
    title = "OpenAPI"
