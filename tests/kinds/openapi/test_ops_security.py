"""Security requirements of operations, and security scheme definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: Accounts, version: 1.0.0}
security:
  - oauth: [read]
paths:
  /accounts:
    get:
      responses: {'200': {description: ok}}
    post:
      security:
        - oauth: [read, write]
        - key: []
      responses: {'201': {description: ok}}
  /status:
    get:
      security: []
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: {read: Read, write: Write}
        authorizationCode:
          authorizationUrl: https://auth.example.com/authorize
          tokenUrl: https://auth.example.com/token
          scopes: {read: Read}
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
    jwt: {type: http, scheme: bearer, bearerFormat: JWT}
    oidc: {type: openIdConnect, openIdConnectUrl: https://auth.example.com/.well-known/oidc}
"""
POST_SECURITY = """      security:
        - oauth: [read, write]
        - key: []
"""


def _edit(old: str, new: str, text: str = SPEC) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _post(*requirements: str) -> str:
    lines = "".join(f"        - {r}\n" for r in requirements)
    return _edit(POST_SECURITY, f"      security:\n{lines}" if lines else "      security: []\n")


# --- requirements of operations --------------------------------------------------------


def test_public_operation_now_requires_authentication(tmp_path: Path) -> None:
    rev = _edit("      security: []\n", "      security:\n        - key: []\n")
    result = run_diff(tmp_path, SPEC, rev)
    change = check(result, "operation-security-added", Level.BREAKING, "GET /status",
                   "security:", after="/status")
    assert "'key'" in change.message
    assert result.ids == ["operation-security-added"]
    anonymous = _edit("      security: []\n", "      security:\n        - {}\n")
    assert run_diff(tmp_path, SPEC, anonymous).changes == []


def test_authentication_dropped(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _post())
    check(result, "operation-security-removed", Level.DANGEROUS, "POST /accounts",
          "security: []")
    # an anonymous alternative makes it public too
    result = run_diff(tmp_path, SPEC, _post("oauth: [read, write]", "key: []", "{}"))
    assert result.ids == ["operation-security-removed"]


def test_requirement_alternatives(tmp_path: Path) -> None:
    more = _post("oauth: [read, write]", "key: []", "basic: []")
    change = check(run_diff(tmp_path, SPEC, more), "operation-security-requirement-added",
                   Level.SAFE, "POST /accounts", "- basic: []")
    assert change.addition
    check(run_diff(tmp_path, more, SPEC), "operation-security-requirement-removed",
          Level.BREAKING, "POST /accounts", "- basic: []", base=True)
    reordered = _post("key: []", "oauth: [write, read]")
    assert run_diff(tmp_path, SPEC, reordered).changes == []


def test_schemes_anded_into_a_requirement(tmp_path: Path) -> None:
    both = _post("oauth: [read, write]", "{key: [], basic: []}")
    result = run_diff(tmp_path, SPEC, both)
    change = check(result, "operation-security-scheme-added", Level.BREAKING, "POST /accounts",
                   "{key: [], basic: []}")
    assert "'basic'" in change.message
    assert result.ids == ["operation-security-scheme-added"]
    check(run_diff(tmp_path, both, SPEC), "operation-security-scheme-removed", Level.SAFE,
          "POST /accounts", "- key: []")


def test_scopes_of_an_inherited_requirement(tmp_path: Path) -> None:
    wider = _edit("  - oauth: [read]", "  - oauth: [read, admin]")
    result = run_diff(tmp_path, SPEC, wider)
    change = check(result, "operation-security-scope-added", Level.BREAKING, "GET /accounts",
                   "- oauth: [read, admin]")
    assert "'admin'" in change.message
    # operations with their own security are not affected by the root's
    assert result.ids == ["operation-security-scope-added"]
    check(run_diff(tmp_path, wider, SPEC), "operation-security-scope-removed", Level.SAFE,
          "GET /accounts", "- oauth: [read]")


# --- scheme definitions -------------------------------------------------------------


def test_scheme_added_and_removed(tmp_path: Path) -> None:
    rev = _edit("    basic:", "    mtls: {type: mutualTLS}\n    basic:")
    check(run_diff(tmp_path, SPEC, rev), "security-scheme-added", Level.SAFE, None, "mtls:")
    unused = _edit("    oidc:", "    x-oidc:")
    check(run_diff(tmp_path, SPEC, unused), "security-scheme-unused-removed", Level.SAFE, None,
          "oidc:", base=True)
    used = _edit("    key: {type: apiKey, in: header, name: X-Key}\n", "",
                 _post("oauth: [read, write]"))
    result = run_diff(tmp_path, SPEC, used)
    check(result, "security-scheme-removed", Level.BREAKING, None, "key: {type", base=True)
    assert "operation-security-requirement-removed" in result.ids


@pytest.mark.parametrize(("old", "new", "rule", "level", "needle"), [
    ("key: {type: apiKey, in: header, name: X-Key}", "key: {type: http, scheme: bearer}",
     "security-scheme-type-changed", Level.BREAKING, "key: {type"),
    ("scheme: basic", "scheme: digest", "security-scheme-http-scheme-changed", Level.BREAKING,
     "scheme: digest"),
    ("bearerFormat: JWT", "bearerFormat: opaque", "security-scheme-bearer-format-changed",
     Level.DANGEROUS, "bearerFormat: opaque"),
    ("in: header, name: X-Key", "in: query, name: api_key", "security-scheme-api-key-moved",
     Level.BREAKING, "api_key"),
    ("authorizationUrl: https://auth.example.com/authorize",
     "authorizationUrl: https://login.example.com/authorize", "security-scheme-oauth-url-changed",
     Level.DANGEROUS, "login.example.com"),
    ("openIdConnectUrl: https://auth.example.com", "openIdConnectUrl: https://id.example.com",
     "security-scheme-openid-url-changed", Level.DANGEROUS, "id.example.com"),
    ("scopes: {read: Read, write: Write}", "scopes: {read: Read}",
     "security-scheme-oauth-scope-removed", Level.BREAKING, "scopes: {read: Read}"),
    ("scopes: {read: Read, write: Write}", "scopes: {read: Read, write: Write, admin: All}",
     "security-scheme-oauth-scope-added", Level.SAFE, "admin: All"),
])
def test_scheme_changes(tmp_path: Path, old: str, new: str, rule: str, level: Level,
                        needle: str) -> None:
    result = run_diff(tmp_path, SPEC, _edit(old, new))
    check(result, rule, level, None, needle)
    assert result.ids == [rule]


def test_oauth_flows(tmp_path: Path) -> None:
    flow = """        authorizationCode:
          authorizationUrl: https://auth.example.com/authorize
          tokenUrl: https://auth.example.com/token
          scopes: {read: Read}
"""
    rev = _edit(flow, "")
    check(run_diff(tmp_path, SPEC, rev), "security-scheme-oauth-flow-removed", Level.BREAKING,
          None, "authorizationCode:", base=True)
    change = check(run_diff(tmp_path, rev, SPEC), "security-scheme-oauth-flow-added", Level.SAFE,
                   None, "authorizationCode:")
    assert change.addition


def test_unchanged_schemes_in_another_order(tmp_path: Path) -> None:
    rev = _edit("    key: {type: apiKey, in: header, name: X-Key}\n", "") \
        .replace("    oidc:", "    key: {name: X-Key, in: header, type: apiKey}\n    oidc:")
    assert run_diff(tmp_path, SPEC, rev).changes == []
