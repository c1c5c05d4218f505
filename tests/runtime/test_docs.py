"""docs/runtime.md stays true: its example runs, and it covers the public surface."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import accord.runtime
from accord.runtime.problems import STANDARD_PROBLEMS
from tests.runtime.support import client_for, problem

DOC = Path(__file__).resolve().parents[2] / "docs" / "runtime.md"
TEXT = DOC.read_text(encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Iterator[ModuleType]:
    """The doc's first Python block, imported as a module of its own."""
    code = re.search(r"```python\n(.*?)```", TEXT, re.DOTALL)
    assert code is not None
    path = tmp_path / "runtime_example.py"
    path.write_text(code[1], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("runtime_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["runtime_example"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["runtime_example"]


@pytest.mark.anyio
async def test_the_example_service_follows_every_convention(example: ModuleType) -> None:
    async with client_for(example.app) as client:
        unkeyed = await client.post("/v1/interfaces", json={"name": "orders", "owner": "team-a"})
        problem(unkeyed, 400, "IDEMPOTENCY_KEY_REQUIRED")
        created = []
        for n, name in enumerate(("orders", "billing", "search")):
            response = await client.post(
                "/v1/interfaces",
                json={"name": name, "owner": "team-a"},
                headers={"Idempotency-Key": f"create-{n}"},
            )
            assert response.status_code == 201 and response.headers["etag"] == '"1"'
            created.append(response.json()["id"])
        retry = await client.post(
            "/v1/interfaces",
            json={"name": "orders", "owner": "team-a"},
            headers={"Idempotency-Key": "create-0"},
        )
        assert retry.headers["idempotent-replayed"] == "true"
        assert retry.json()["id"] == created[0]

        first = (await client.get("/v1/interfaces", params={"limit": 2})).json()
        rest = (await client.get(f"/v1/interfaces?after={first['page']['next_cursor']}")).json()
        assert [i["id"] for i in first["data"] + rest["data"]] == created
        assert rest["page"] == {"next_cursor": None, "has_more": False}

        url = f"/v1/interfaces/{created[0]}"
        assert (await client.get(url, headers={"If-None-Match": '"1"'})).status_code == 304
        body = {"name": "orders", "owner": "team-b"}
        problem(await client.put(url, json=body), 428, "PRECONDITION_REQUIRED")
        problem(
            await client.put(url, json=body, headers={"If-Match": '"0"'}),
            412,
            "PRECONDITION_FAILED",
        )
        updated = await client.put(url, json=body, headers={"If-Match": '"1"'})
        assert updated.headers["etag"] == '"2"'

        owner = await client.get(f"{url}/owner")
        assert owner.json() == {"owner": "team-b"}
        assert owner.headers["deprecation"] == "@1767225600"
        assert owner.headers["sunset"] == "Wed, 01 Jul 2026 00:00:00 GMT"
        problem(await client.get("/v1/interfaces/IF-999"), 404, "NOT_FOUND")

        health = await client.get("/health")
        assert "ratelimit" not in health.headers and "x-request-id" in health.headers
        assert updated.headers["ratelimit-policy"] == '"default";q=100;w=60'
    await example.limits.aclose()


def test_every_standard_code_is_documented_with_its_status() -> None:
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| (\d{3}) \|", TEXT, re.MULTILINE))
    assert rows == {p.code: str(p.status) for p in STANDARD_PROBLEMS}


def test_the_public_surface_is_pinned() -> None:
    assert set(accord.runtime.__all__) == {
        "BeginResult",
        "CallerKey",
        "Deprecation",
        "DeprecationMiddleware",
        "EntityTag",
        "FieldError",
        "IdempotencyMiddleware",
        "IdempotencyStore",
        "InFlight",
        "InMemoryIdempotencyStore",
        "Mismatch",
        "PROBLEM_CONTENT_TYPE",
        "STANDARD_PROBLEMS",
        "Page",
        "PageInfo",
        "PageParams",
        "Problem",
        "ProblemType",
        "RateLimitMiddleware",
        "RateLimitPolicy",
        "RateLimitState",
        "RateLimits",
        "Replay",
        "RequestIdLogFilter",
        "RequestIdMiddleware",
        "Started",
        "StoredResponse",
        "TraceParent",
        "caller_key",
        "check_if_match",
        "current_request_id",
        "current_trace_id",
        "current_traceparent",
        "decode_cursor",
        "deprecated",
        "encode_cursor",
        "etag_for",
        "if_none_match",
        "install_problem_handlers",
        "outgoing_headers",
        "page",
        "page_params",
        "parse_entity_tags",
        "problem_response",
    }
    for name in accord.runtime.__all__:
        assert getattr(accord.runtime, name) is not None
        assert re.search(rf"`{name}\b", TEXT), f"docs/runtime.md does not mention {name}"
