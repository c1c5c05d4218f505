"""Server variables, and the security of servers and operations (2.x requirement
objects and 3.0 scheme lists)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from accord.core.change import Direction, Level
from tests.kinds.asyncapi.diff_support import CANCEL, Spec, diff, dump, ref
from tests.kinds.asyncapi.support import check, run_diff

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, BOTH = Direction.REQUEST, Direction.BOTH

SCHEMES = {
    "saslPlain": {"type": "plain"},
    "apiKey": {"type": "httpApiKey", "in": "header", "name": "X-Api-Key"},
    "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "https://auth.example/token",
        "availableScopes": {"orders:read": "read", "orders:write": "write"}}}},
}


def secured(data: Spec) -> None:
    """The base of most cases: Kafka needs SASL/PLAIN or an API key; onCancel needs
    the orders:write scope."""
    data["components"]["securitySchemes"] = copy.deepcopy(SCHEMES)
    data["servers"]["kafka"]["security"] = [ref("#/components/securitySchemes/saslPlain"),
                                           ref("#/components/securitySchemes/apiKey")]
    data["operations"]["onCancel"]["security"] = [
        {**ref("#/components/securitySchemes/oauth")}]
    data["components"]["securitySchemes"]["oauth"]["scopes"] = ["orders:write"]


def kafka(data: Spec) -> dict[str, Any]:
    server: dict[str, Any] = data["servers"]["kafka"]
    return server


def test_security_added_to_an_open_server(tmp_path: Path) -> None:
    result = diff(tmp_path, secured)
    assert result.ids == ["security-added", "security-added"]
    server, operation = result.changes
    assert (server.level, server.direction, server.operation) == (B, BOTH, None)
    assert server.message == ("server 'kafka' now requires authentication ('saslPlain' or "
                              "'apiKey')")
    assert server.location.line == result.line("security:", after=("kafka:",))
    # An operation's security takes the operation's role (it receives: request).
    assert (operation.direction, operation.operation) == (REQ, CANCEL)
    assert operation.message == f"{CANCEL} now requires authentication ('oauth')"


def test_security_removed(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: kafka(s).pop("security"), base=secured)
    change = check(result, "security-removed", D, BOTH, None, "kafka:")
    assert change.message == ("server 'kafka' no longer requires authentication (was "
                              "'saslPlain' or 'apiKey')")
    assert result.ids == ["security-removed"]


def test_alternatives_added_and_removed(tmp_path: Path) -> None:
    dropped = diff(tmp_path, lambda s: kafka(s)["security"].pop(0), base=secured)
    change = check(dropped, "security-requirement-removed", B, BOTH, None, "security:")
    assert change.message == "server 'kafka' no longer accepts 'saslPlain'"
    assert dropped.ids == ["security-requirement-removed"]

    more = diff(tmp_path, lambda s: kafka(s)["security"].append(
        ref("#/components/securitySchemes/oauth")), base=secured)
    change = check(more, "security-requirement-added", S, BOTH, None, "oauth",
                   after=("kafka:", "security:"))
    assert change.addition and more.ids == ["security-requirement-added"]


def test_required_scopes(tmp_path: Path) -> None:
    def scopes(values: list[str]) -> Any:
        return lambda s: s["components"]["securitySchemes"]["oauth"].update(scopes=values)

    more = diff(tmp_path, scopes(["orders:write", "orders:read"]), base=secured)
    change = check(more, "security-scope-added", B, REQ, CANCEL, "oauth",
                   after=("onCancel:", "security:"))
    assert change.message == f"{CANCEL} now needs scope(s) 'orders:read' of 'oauth'"
    assert more.ids == ["security-scope-added"]
    fewer = diff(tmp_path, scopes([]), base=secured)
    assert fewer.ids == ["security-scope-removed"]
    assert fewer.one("security-scope-removed").level is S


def test_a_scheme_that_changed_what_clients_send(tmp_path: Path) -> None:
    result = diff(tmp_path, lambda s: s["components"]["securitySchemes"]["apiKey"].update(
        name="Authorization"), base=secured)
    change = check(result, "security-scheme-changed", B, BOTH, None, "apiKey:",
                   after=("components:", "securitySchemes:"))
    assert change.message == ("security scheme 'apiKey' of server 'kafka' changed name from "
                              "'X-Api-Key' to 'Authorization'")
    # Header names are case-insensitive; descriptions say nothing to clients.
    case = diff(tmp_path, lambda s: s["components"]["securitySchemes"]["apiKey"].update(
        name="x-api-key"), base=secured)
    assert case.changes == []
    same = diff(tmp_path, lambda s: s["components"]["securitySchemes"]["apiKey"].update(
        description="the key"), base=secured)
    assert same.changes == []


V2: Spec = {
    "asyncapi": "2.6.0",
    "info": {"title": "Orders", "version": "1.0.0"},
    "servers": {"prod": {"url": "{region}.broker.example:9092", "protocol": "kafka",
                         "variables": {"region": {"enum": ["eu", "us"], "default": "eu"}},
                         "security": [{"sasl": []}, {"oauth": ["orders:read"]}]}},
    "channels": {"orders": {"subscribe": {"message": {"name": "OrderPlaced",
                                                      "payload": {"type": "object"}}}}},
    "components": {"securitySchemes": {
        "sasl": {"type": "scramSha512"},
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://auth.example/token",
            "availableScopes": {"orders:read": "read"}}}}}},
}


def diff_v2(tmp_path: Path, mutate: Any) -> Any:
    new = copy.deepcopy(V2)
    mutate(new)
    return run_diff(tmp_path, dump(V2), dump(new))


def prod(data: Spec) -> dict[str, Any]:
    server: dict[str, Any] = data["servers"]["prod"]
    return server


def test_v2_requirement_objects(tmp_path: Path) -> None:
    anded = diff_v2(tmp_path, lambda s: prod(s)["security"][0].update(oauth=["orders:read"]))
    change = check(anded, "security-requirement-removed", B, BOTH, None, "sasl")
    assert change.message == ("server 'prod' no longer accepts 'sasl' alone: it also needs "
                              "'oauth'")
    scope = diff_v2(tmp_path, lambda s: prod(s)["security"][1]["oauth"].append("orders:write"))
    assert scope.ids == ["security-scope-added"]
    renamed_type = diff_v2(tmp_path, lambda s: s["components"]["securitySchemes"]["sasl"]
                           .update(type="scramSha256"))
    assert renamed_type.ids == ["security-scheme-changed"]
    anonymous = diff_v2(tmp_path, lambda s: prod(s)["security"].append({}))
    assert anonymous.ids == ["security-removed"]


def test_server_variables(tmp_path: Path) -> None:
    def variables(s: Spec) -> dict[str, Any]:
        found: dict[str, Any] = prod(s)["variables"]
        return found

    gone = diff_v2(tmp_path, lambda s: variables(s)["region"]["enum"].remove("us"))
    change = check(gone, "server-variable-value-removed", B, BOTH, None, "enum:")
    assert change.message == "variable 'region' of server 'prod' no longer allows 'us'"
    assert gone.ids == ["server-variable-value-removed"]
    more = diff_v2(tmp_path, lambda s: variables(s)["region"]["enum"].append("ap"))
    assert more.ids == ["server-variable-value-added"]
    default = diff_v2(tmp_path, lambda s: variables(s)["region"].update(default="us"))
    assert default.ids == ["server-variable-default-changed"]
    assert default.one("server-variable-default-changed").level is D

    def open_region(s: Spec) -> None:
        del variables(s)["region"]["enum"]

    assert diff_v2(tmp_path, open_region).ids == []  # accepts more: nothing to report

    def restricted(s: Spec) -> None:
        variables(s)["port"] = {"enum": ["9092"], "default": "9092"}

    added = diff_v2(tmp_path, restricted)
    assert added.ids == ["server-variable-added"] and added.one("server-variable-added").addition

    def without_default(s: Spec) -> None:
        prod(s)["url"] = "{region}.broker.example:{port}"
        variables(s)["port"] = {"description": "the listener's port"}

    needed = diff_v2(tmp_path, without_default)
    assert "server-variable-added-without-default" in needed.ids
    removed = diff_v2(tmp_path, lambda s: variables(s).pop("region"))
    assert "server-variable-removed" in removed.ids


def test_an_open_variable_that_gets_an_enum(tmp_path: Path) -> None:
    base = copy.deepcopy(V2)
    del base["servers"]["prod"]["variables"]["region"]["enum"]
    new = copy.deepcopy(V2)
    result = run_diff(tmp_path, dump(base), dump(new))
    change = check(result, "server-variable-values-restricted", B, BOTH, None, "enum:")
    assert change.message == "variable 'region' of server 'prod' now allows only 'eu', 'us'"
