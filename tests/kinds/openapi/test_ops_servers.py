"""Servers: base paths, server URLs and variables, document-wide and per operation."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from tests.kinds.openapi.test_kind_support import check, run_diff

SPEC = """
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers:
  - url: https://api.example.com/v1
  - url: https://{region}.example.com/v1
    variables:
      region: {default: eu, enum: [eu, us]}
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
"""
SWAGGER = """
swagger: '2.0'
info: {title: t, version: 1.0.0}
host: api.example.com
basePath: /v1
schemes: [http, https]
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
"""


def _edit(old: str, new: str, text: str = SPEC) -> str:
    assert old in text
    return text.replace(old, new)


def test_base_path_changed(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SPEC, _edit("/v1", "/v2"))
    change = check(result, "server-base-path-changed", Level.BREAKING, None,
                   "url: https://api.example.com/v2")
    assert "/v1" in change.message and "/v2" in change.message
    assert result.ids == ["server-base-path-changed"]


def test_same_base_path_spelled_differently(tmp_path: Path) -> None:
    rev = _edit("https://api.example.com/v1", "https://api.example.com/v1/")
    assert run_diff(tmp_path, SPEC, rev).changes == []


def test_servers_removed_and_added(tmp_path: Path) -> None:
    rev = _edit("https://api.example.com/v1", "https://api.example.org/v1")
    result = run_diff(tmp_path, SPEC, rev)
    check(result, "server-removed", Level.DANGEROUS, None, "api.example.com", base=True)
    check(result, "server-added", Level.SAFE, None, "api.example.org")
    assert "server-base-path-changed" not in result.ids


def test_server_variables(tmp_path: Path) -> None:
    fewer = _edit("enum: [eu, us]", "enum: [eu]")
    change = check(run_diff(tmp_path, SPEC, fewer), "server-variable-enum-value-removed",
                   Level.BREAKING, None, "enum: [eu]")
    assert "'us'" in change.message
    more = _edit("enum: [eu, us]", "enum: [eu, us, ap]")
    check(run_diff(tmp_path, SPEC, more), "server-variable-enum-value-added", Level.SAFE, None,
          "enum: [eu, us, ap]")
    moved = _edit("default: eu", "default: us")
    check(run_diff(tmp_path, SPEC, moved), "server-variable-default-changed", Level.DANGEROUS,
          None, "default: us")
    reordered = _edit("enum: [eu, us]", "enum: [us, eu]")
    assert run_diff(tmp_path, SPEC, reordered).changes == []


def test_operation_servers_override_the_document(tmp_path: Path) -> None:
    base = _edit("    get:\n", "    get:\n      servers: [{url: 'https://files.example.com/v1'}]\n")
    rev = _edit("/v1'", "/v2'", base)
    result = run_diff(tmp_path, base, rev)
    check(result, "server-base-path-changed", Level.BREAKING, "GET /a", "files.example.com/v2")
    assert result.ids == ["server-base-path-changed"]


def test_swagger_base_path(tmp_path: Path) -> None:
    result = run_diff(tmp_path, SWAGGER, _edit("/v1", "/v2", SWAGGER))
    check(result, "server-base-path-changed", Level.BREAKING, None, "basePath: /v2")
    assert result.ids == ["server-base-path-changed"]
    result = run_diff(tmp_path, SWAGGER, _edit("[http, https]", "[https]", SWAGGER))
    change = check(result, "server-removed", Level.DANGEROUS, None, "schemes", base=True)
    assert change.message == "server http://api.example.com/v1 was removed"
