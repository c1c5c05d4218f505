from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds.openapi.lint_support import Mutation, Spec, op, pointers


def unversioned_server_versioned_paths(spec: Spec) -> None:
    spec["servers"][0]["url"] = "https://api.example.com"
    spec["paths"] = {f"/v1{p}": item for p, item in spec["paths"].items()}


def versioned_paths_and_operational_ones(spec: Spec) -> None:
    unversioned_server_versioned_paths(spec)
    get = op(spec, "/v1/orders", "get")
    for path in ("/health", "/metrics", "/oauth/token", "/.well-known/jwks.json"):
        spec["paths"][path] = {"get": get}


def versioned_paths_and_an_unversioned_one(spec: Spec) -> None:
    unversioned_server_versioned_paths(spec)
    spec["paths"]["/healthy-orders"] = {"get": op(spec, "/v1/orders", "get")}


@pytest.mark.parametrize(("rule", "mutate", "expected"), [
    ("version-in-path", lambda s: s["servers"][0].update(url="https://api.example.com/api"),
     ["/servers/0/url"]),
    ("version-in-path", unversioned_server_versioned_paths, []),
    ("version-in-path", versioned_paths_and_operational_ones, []),
    ("version-in-path", versioned_paths_and_an_unversioned_one, ["/servers/0/url"]),
    ("info-version-semver", lambda s: s["info"].update(version="1.2"), ["/info/version"]),
    ("info-version-semver", lambda s: s["info"].update(version="2.0.0-rc.1+b5"), []),
    ("info-contact", lambda s: s["info"].pop("contact"), ["/info"]),
    ("info-contact", lambda s: s["info"].update(contact={"name": "Team"}), ["/info/contact"]),
    ("info-description", lambda s: s["info"].pop("description"), ["/info"]),
    ("operation-description", lambda s: op(s, "/orders", "get").pop("summary"),
     ["/paths/~1orders/get"]),
])
def test_versioning_rules(tmp_path: Path, rule: str, mutate: Mutation,
                          expected: list[str]) -> None:
    assert pointers(tmp_path, mutate, rule) == expected
