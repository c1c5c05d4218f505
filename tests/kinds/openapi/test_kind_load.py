"""Loading OpenAPI documents: dialects, the model, and located errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.kinds import Contract, Kind, load_kinds
from accord.kinds.openapi.model import OpenAPIModel
from accord.kinds.openapi.rules import OPERATION_RULES
from accord.kinds.protocol import DiffOptions
from tests.kinds.openapi.test_kind_support import KIND, write

OAS30 = """
openapi: 3.0.3
info:
  title: Users
  version: 1.4.0
paths:
  /users/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: X-Tenant, in: header, schema: {type: string}}
    get:
      operationId: getUser
      parameters:
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
"""


def _load(tmp_path: Path, text: str, name: str = "spec.yaml") -> Contract:
    return KIND.load(write(tmp_path, name, text))


def _error(tmp_path: Path, text: str, name: str = "spec.yaml") -> AccordError:
    with pytest.raises(AccordError) as err:
        _load(tmp_path, text, name)
    return err.value


def _line(text: str, needle: str) -> int:
    import textwrap

    lines = textwrap.dedent(text).lstrip().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_kind_implements_the_protocol_and_registers() -> None:
    assert isinstance(KIND, Kind)
    assert (KIND.name, KIND.title) == ("openapi", "OpenAPI")
    assert type(load_kinds()["openapi"]).__name__ == "OpenAPIKind"


@pytest.mark.parametrize(("data", "expected"), [
    ({"openapi": "3.0.0"}, True),
    ({"swagger": "2.0"}, True),
    ({"asyncapi": "2.6.0"}, False),
    ([{"openapi": "3.0.0"}], False),
    (None, False),
])
def test_sniff(data: object, expected: bool) -> None:
    assert KIND.sniff(Path("x.yaml"), data) is expected


def test_rules_are_unique_kebab_case_with_hints() -> None:
    rules = KIND.rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {"operation-removed", "path-parameter-renamed", "server-base-path-changed",
            "operation-security-scope-added"} <= set(ids)
    for rule in rules:
        assert rule.id == rule.id.lower() and " " not in rule.id
        assert rule.description and rule.hint
    # operation rules first, then the schema rules: the order changes are sorted by
    assert list(rules[:len(OPERATION_RULES)]) == OPERATION_RULES


def test_load_openapi_30(tmp_path: Path) -> None:
    contract = _load(tmp_path, OAS30)
    assert contract.kind == "openapi"
    assert contract.source == str(tmp_path / "spec.yaml")
    assert contract.version == "1.4.0"
    assert contract.version_location is not None
    assert contract.version_location.line == 4
    model = contract.model
    assert isinstance(model, OpenAPIModel) and model.dialect == "oas30"
    op = model.operations[("GET", "/users/{}")]
    assert op.label == "GET /users/{id}" and op.operation_id == "getUser"
    # path-level parameters merge in; the operation's X-Tenant overrides; Accept is ignored
    assert set(op.parameters) == {("path", "#0"), ("header", "x-tenant")}
    assert op.parameters[("header", "x-tenant")].required is True


def test_load_openapi_31_without_paths(tmp_path: Path) -> None:
    contract = _load(tmp_path, """
        openapi: 3.1.0
        info: {title: Hooks, version: 2}
        webhooks:
          newPet:
            post:
              responses: {'200': {description: ok}}
    """)
    assert contract.model.dialect == "oas31"
    assert contract.version == "2"
    assert contract.model.operations == {}


def test_load_swagger_20(tmp_path: Path) -> None:
    contract = _load(tmp_path, """
        swagger: '2.0'
        info: {title: Pets, version: 1.0.0}
        host: api.example.com
        basePath: /v1
        schemes: [https]
        consumes: [application/json]
        securityDefinitions:
          key: {type: apiKey, in: header, name: X-Key}
        paths:
          /pets:
            post:
              parameters:
                - {name: body, in: body, required: true, schema: {type: object}}
              responses:
                '201':
                  description: created
                  schema: {type: object}
                  headers:
                    Location: {type: string}
          /pets/{id}/photo:
            put:
              parameters:
                - {name: id, in: path, required: true, type: string}
                - {name: file, in: formData, type: file, required: true}
                - {name: caption, in: formData, type: string}
              responses:
                '204': {description: stored}
    """)
    model = contract.model
    assert model.dialect == "swagger2"
    assert [s.url for s in model.servers] == ["https://api.example.com/v1"]
    assert model.security_schemes["key"].key_in == "header"
    create = model.operations[("POST", "/pets")]
    assert create.request_body is not None and create.request_body.required
    assert list(create.request_body.content) == ["application/json"]
    assert create.request_body.content["application/json"].schema.pointer.endswith(
        "/parameters/0/schema")
    created = create.responses["201"]
    assert list(created.content) == ["application/json"]
    assert created.headers["location"].schema is created.headers["location"].node
    upload = model.operations[("PUT", "/pets/{}/photo")]
    body = upload.request_body
    assert body is not None and list(body.content) == ["multipart/form-data"]
    schema = body.content["multipart/form-data"].schema
    assert schema.value["required"] == ["file"]
    assert set(schema.value["properties"]) == {"file", "caption"}
    assert schema.pointer == "/paths/~1pets~1{id}~1photo/put/parameters/1"
    # the non-body parameter object itself is its schema
    path_param = upload.parameters[("path", "#0")]
    assert path_param.schema is not None and path_param.schema.value["type"] == "string"


def test_a_path_item_may_live_in_another_file(tmp_path: Path) -> None:
    write(tmp_path, "users.yaml", """
        get:
          responses: {'200': {description: ok}}
    """)
    contract = _load(tmp_path, """
        openapi: 3.0.0
        info: {title: t, version: '1'}
        paths:
          /users: {$ref: './users.yaml'}
    """)
    op = contract.model.operations[("GET", "/users")]
    assert op.node.doc.path.name == "users.yaml"


@pytest.mark.parametrize(("text", "key"), [
    ("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "openapi"),
    ("info: {title: t, version: '1'}\nswagger: '1.2'\npaths: {}\n", "swagger"),
])
def test_unsupported_versions_are_located(tmp_path: Path, text: str, key: str) -> None:
    err = _error(tmp_path, text)
    assert err.code is ErrorCode.UNSUPPORTED_VERSION
    assert err.location is not None and err.location.line == _line(text, key)
    assert err.hint is not None and "2.0" in err.hint and "3.0" in err.hint and "3.1" in err.hint


def test_a_yaml_file_without_a_version_key_is_not_a_contract(tmp_path: Path) -> None:
    err = _error(tmp_path, "name: hello\nitems: [1, 2]\n")
    assert err.code is ErrorCode.NOT_A_CONTRACT
    assert err.hint is not None and "openapi: 3.1.0" in err.hint


STRUCTURE = [
    ("paths: [a, b]", "paths", "'paths' must be a mapping"),
    ("paths:\n  /a:\n    get: [1]", "get:", "operation GET /a must be a mapping"),
    ("paths:\n  /a: 7", "/a:", "path item '/a' must be a mapping"),
    ("paths:\n  /a:\n    get:\n      parameters: {a: 1}\n      responses: {}",
     "parameters", "'parameters' must be a list"),
    ("paths:\n  /a:\n    get:\n      parameters:\n        - {in: query}\n      responses: {}",
     "- {in: query}", "string 'name' and 'in'"),
    ("paths:\n  /a:\n    get:\n      responses: [1]", "responses", "'responses' must be a mapping"),
    ("servers: [{description: x}]\npaths: {}", "servers", "a server needs a string 'url'"),
]


@pytest.mark.parametrize(("body", "needle", "message"), STRUCTURE)
def test_structural_problems_are_located(tmp_path: Path, body: str, needle: str,
                                         message: str) -> None:
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n" + body + "\n"
    err = _error(tmp_path, text)
    assert err.code is ErrorCode.INVALID_CONTRACT
    assert message in err.message
    assert err.location is not None and err.location.file == str(tmp_path / "spec.yaml")
    assert err.location.line == _line(text, needle)
    assert err.hint


def test_missing_info_and_paths(tmp_path: Path) -> None:
    err = _error(tmp_path, "openapi: 3.0.3\npaths: {}\n")
    assert err.code is ErrorCode.INVALID_CONTRACT and "info" in err.message
    err = _error(tmp_path, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n")
    assert err.code is ErrorCode.INVALID_CONTRACT and "paths" in err.message


def test_unresolvable_references_fail_at_load_with_their_location(tmp_path: Path) -> None:
    text = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Nope'}
    """
    err = _error(tmp_path, text)
    assert err.code is ErrorCode.UNRESOLVABLE_REF
    assert err.location is not None and err.location.line == _line(text, "Nope")


def test_syntax_errors_come_from_the_reader(tmp_path: Path) -> None:
    err = _error(tmp_path, "openapi: 3.0.0\ninfo:\n  title: x\n  version: [1\npaths: {}\n")
    assert err.code is ErrorCode.INVALID_SYNTAX and err.location is not None


def test_diff_refuses_models_of_another_kind(tmp_path: Path) -> None:
    contract = _load(tmp_path, OAS30)
    other = Contract("fake", "x.fake", None, object())
    with pytest.raises(AccordError) as err:
        KIND.diff(contract, other, DiffOptions())
    assert err.value.code is ErrorCode.KIND_MISMATCH
