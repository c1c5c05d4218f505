"""Security: defined for every operation, no credentials in query strings, https only."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import at, rule
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions


@rule("security-defined", Severity.ERROR,
      "Security is declared globally or per operation (an explicit 'security: []' marks a "
      "public operation), so no endpoint is open by omission.",
      "declare security schemes and a root 'security' requirement")
def defined(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    root = model.workspace.root(model.document)
    if isinstance(root.value, dict) and "security" in root.value:
        return
    unsecured = [op for op in model.operations.values() if "security" not in op.node.value]
    if len(unsecured) == len(model.operations) and unsecured:
        yield Hit("no operation declares security, and there is no root 'security'",
                  root.location)
        return
    for op in unsecured:
        yield Hit(f"{op.label} declares no security (and there is no root 'security')",
                  op.node.location,
                  hint="add 'security' to the operation, or 'security: []' if it is public")


_SECRET_PARAMS = frozenset({"api_key", "apikey", "api-key", "access_token", "token",
                            "password", "secret", "client_secret", "auth", "key"})


@rule("no-credentials-in-query", Severity.ERROR,
      "Credentials never travel in the query string: URLs end up in logs, browser history "
      "and Referer headers.",
      "send credentials in the Authorization header (or another header)")
def no_query_credentials(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for scheme in model.security_schemes.values():
        if scheme.type == "apiKey" and scheme.key_in == "query":
            yield Hit(f"security scheme '{scheme.name}' sends the key in the query string",
                      at(scheme.node, "in"))
    for op in model.operations.values():
        for param in op.parameters.values():
            if param.location == "query" and param.name.lower() in _SECRET_PARAMS:
                yield Hit(f"query parameter '{param.name}' of {op.label} carries a credential",
                          param.node.location)


_LOCAL = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


@rule("servers-https", Severity.ERROR,
      "Server URLs use https: credentials and data must not cross the network in clear text.",
      "change the server URL to https://")
def https(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for server in model.servers:
        parts = urlsplit(server.url)
        if parts.scheme == "http" and (parts.hostname or "") not in _LOCAL:
            yield Hit(f"server {server.url} is not https", server.node.location)
