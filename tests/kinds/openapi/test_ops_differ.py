"""What the operation walk hands to the schema differ, and how changes are ordered.

A recording stand-in replaces the schema differ in these tests only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest

from accord.core.change import Level
from accord.kinds.openapi import diff as diff_module
from accord.kinds.openapi.rules import CATALOG
from accord.kinds.openapi.schema_engine import Result
from accord.kinds.openapi.schema_unchanged import Unchanged
from accord.kinds.openapi.schemas import Site
from accord.source import Node
from tests.kinds.openapi.test_kind_support import run_diff

Call = tuple[str, str, str, "str | None"]  # site, base pointer, rev pointer, operation


class Recorder:
    instances: ClassVar[list[Recorder]] = []
    #: Each call answers with one change of this rule located at the revision node.
    answer: ClassVar[str | None] = None

    def __init__(
        self, base_ws: Any, rev_ws: Any, catalog: Any, base_dialect: str, rev_dialect: str,
        today: Any = None,
    ) -> None:
        self.dialects = (base_dialect, rev_dialect)
        self.unchanged = Unchanged()
        self.calls: list[Call] = []
        self.nodes: list[tuple[Node, Node]] = []
        Recorder.instances.append(self)

    def result(self, base: Node, rev: Node, site: Site) -> Result:
        self.calls.append((site.name, base.pointer, rev.pointer, None))
        self.nodes.append((base, rev))
        out = Result()
        if Recorder.answer is not None:
            out.add(CATALOG.change(Recorder.answer, "schema change", rev.location))
        return out


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[Recorder]:
    Recorder.instances = []
    Recorder.answer = None
    monkeypatch.setattr(diff_module, "SchemaDiffer", Recorder)
    return Recorder


SPEC = """
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /users/{id}:
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: filter, in: query, content: {application/json: {schema: {type: object}}}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/User'}
      responses:
        '200':
          description: ok
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
components:
  schemas:
    User: {type: [object, 'null']}
"""


def test_every_schema_pair_goes_to_one_differ(tmp_path: Path, recorder: type[Recorder]) -> None:
    rev = (
        SPEC.replace("/users/{id}", "/users/{userId}")
        .replace("name: id,", "name: userId,")
        .replace(
            "          application/json:\n            schema: {$ref",
            "          application/*:\n            schema: {$ref",
        )
    )
    result = run_diff(tmp_path, SPEC, rev)
    assert len(recorder.instances) == 1
    differ = recorder.instances[0]
    assert differ.dialects == ("oas31", "oas31")
    op = None  # the walk attaches operations to schema changes itself (diff.merge)
    put = "/paths/~1users~1{id}/put"
    rput = "/paths/~1users~1{userId}/put"
    assert differ.calls == [
        ("REQUEST_PARAMETER", f"{put}/parameters/0/schema", f"{rput}/parameters/0/schema", op),
        (
            "REQUEST_PARAMETER",
            f"{put}/parameters/1/content/application~1json/schema",
            f"{rput}/parameters/1/content/application~1json/schema",
            op,
        ),
        (
            "REQUEST_BODY",
            f"{put}/requestBody/content/application~1json/schema",
            f"{rput}/requestBody/content/application~1*/schema",
            op,
        ),
        (
            "RESPONSE_BODY",
            f"{put}/responses/200/content/application~1json/schema",
            f"{rput}/responses/200/content/application~1json/schema",
            op,
        ),
        (
            "RESPONSE_HEADER",
            f"{put}/responses/200/headers/ETag/schema",
            f"{rput}/responses/200/headers/ETag/schema",
            op,
        ),
    ]
    # the body schemas are handed over as the $refs they are, in their real documents
    base_node, rev_node = differ.nodes[2]
    assert base_node.value == {"$ref": "#/components/schemas/User"}
    assert base_node.doc.path == result.base.resolve()
    assert rev_node.doc.path == result.rev.resolve()
    assert result.ids == ["path-parameter-renamed"]


def test_swagger_parameters_are_their_own_schemas(tmp_path: Path, recorder: type[Recorder]) -> None:
    spec = """
        swagger: '2.0'
        info: {title: t, version: 1.0.0}
        paths:
          /pets:
            post:
              parameters:
                - {name: limit, in: query, type: integer}
                - {name: name, in: formData, type: string, required: true}
                - {name: tag, in: formData, type: string}
              responses:
                '200': {description: ok, schema: {type: object}}
    """
    # a change of summary keeps the unchanged-operation fast path from skipping it
    run_diff(
        tmp_path,
        spec,
        spec.replace(
            "              parameters:", "              summary: s\n              parameters:"
        ),
    )
    differ = recorder.instances[0]
    assert differ.dialects == ("swagger2", "swagger2")
    params = "/paths/~1pets/post/parameters"
    assert [c[:2] for c in differ.calls] == [
        ("REQUEST_PARAMETER", f"{params}/0"),
        ("REQUEST_BODY", f"{params}/1"),
        ("RESPONSE_BODY", "/paths/~1pets/post/responses/200/schema"),
    ]
    form = differ.nodes[1][1].value
    assert form == {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "tag": {"type": "string"}},
    }


def test_repeated_schema_changes_are_reported_once(
    tmp_path: Path, recorder: type[Recorder]
) -> None:
    spec = SPEC.replace("            ETag: {schema: {type: string}}\n", "")
    # one schema under two media types: the same schema change twice for one operation
    rev = spec.replace(
        "          application/json:\n            schema: {$ref: '#/components/schemas/User'}\n",
        "          application/json:\n            schema: {$ref: "
        "'#/components/schemas/User'}\n          application/xml:\n"
        "            schema: {$ref: '#/components/schemas/User'}\n",
        1,
    )
    recorder.answer = "operation-tag-added"  # any rule will do for the stand-in
    result = run_diff(tmp_path, spec, rev)
    found = result.of("operation-tag-added")
    pointers = [c.location.pointer for c in found]
    assert len(pointers) == len(set(pointers))


ORDER = """
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers: [{url: SERVER}]
paths:
  /b:
    post:
      responses: {'200': {description: ok}}
    get:
      responses: {'200': {description: ok}}
  /a/{x}:
    delete:
      DEPRECATED
      responses: {'200': {description: ok}}
    get:
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
"""


def test_changes_are_ordered_by_path_method_and_rule(tmp_path: Path) -> None:
    base = ORDER.replace("SERVER", "/v1").replace("DEPRECATED", "deprecated: false")
    rev = (
        base.replace("/v1", "/v2")
        .replace("/a/{x}", "/a/{y}")
        .replace("name: x", "name: y")
        .replace(
            "      responses: {'200': {description: ok}}\n    get:\n      responses",
            "      responses: {'404': {description: gone}}\n    get:\n      responses",
            1,
        )
        .replace("deprecated: false", "deprecated: true")
    )
    result = run_diff(tmp_path, base, rev)
    assert [(c.operation, c.rule) for c in result.changes] == [
        (None, "server-base-path-changed"),
        ("GET /a/{y}", "path-parameter-renamed"),
        ("DELETE /a/{y}", "operation-deprecated"),
        ("DELETE /a/{y}", "operation-deprecated-without-sunset"),
        ("DELETE /a/{y}", "path-parameter-renamed"),
        ("POST /b", "response-success-status-removed"),
        ("POST /b", "response-non-success-status-added"),
    ]
    assert result.changes[-1].level is Level.SAFE


FAST = """
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      parameters: [{$ref: '#/components/parameters/Limit'}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
  /b:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, maximum: 100}}
  schemas:
    A: {type: object, properties: {x: {type: string}}}
    B: {type: object, properties: {y: {$ref: '#/components/schemas/C'}}}
    C: {type: string, maxLength: 10}
"""


def test_unchanged_operations_are_skipped(tmp_path: Path, recorder: type[Recorder]) -> None:
    """An operation equal in both documents, whose references all reach unchanged
    components, is not compared at all; one reaching a changed component is."""
    rev = FAST.replace("C: {type: string, maxLength: 10}", "C: {type: string, maxLength: 5}")
    run_diff(tmp_path, FAST, rev)
    compared = {c[1].split("/get")[0] for c in recorder.instances[0].calls}
    assert compared == {"/paths/~1b"}


def test_a_changed_parameter_component_is_not_skipped(
    tmp_path: Path, recorder: type[Recorder]
) -> None:
    rev = FAST.replace("maximum: 100", "maximum: 50")
    run_diff(tmp_path, FAST, rev)
    compared = [c[1] for c in recorder.instances[0].calls]
    assert compared == [
        "/components/parameters/Limit/schema",
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    ]


def test_a_changed_root_security_is_not_skipped(tmp_path: Path, recorder: type[Recorder]) -> None:
    rev = FAST.replace("paths:", "security: [{key: []}]\npaths:").replace(
        "components:",
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: K}",
    )
    result = run_diff(tmp_path, FAST, rev)
    assert len(recorder.instances[0].calls) == 3  # every schema of both operations
    assert "operation-security-added" in result.ids
