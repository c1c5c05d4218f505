"""HubClient's own logic (retries, jobs, pages, problems) against scripted answers."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from accord import __version__
from accord.cli.hubclient import HubClient, HubError, normalise_url
from accord.core.errors import AccordError, ErrorCode

Handler = Callable[[httpx.Request], httpx.Response]


def _client(handler: Handler, sleeps: list[float] | None = None, **kw: object) -> HubClient:
    record = sleeps if sleeps is not None else []
    return HubClient("http://hub.test/", "acc_1_secret", transport=httpx.MockTransport(handler),
                     sleep=record.append, progress=False, backoff=1.0,
                     **kw)  # type: ignore[arg-type]


def _problem(status: int, code: str, **extra: object) -> httpx.Response:
    body = {"type": "about:blank", "title": code.title(), "status": status, "code": code,
            "detail": f"{code} happened", "request_id": "server-rid", **extra}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json",
                                                      "X-Request-ID": "server-rid"})


def test_a_retried_post_keeps_its_idempotency_key_and_gets_a_new_request_id() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        if len(seen) == 2:
            return _problem(503, "UNAVAILABLE")
        return httpx.Response(200, json={"data": [], "summary": {"items": 0}})

    sleeps: list[float] = []
    with _client(handler, sleeps) as client:
        answer = client.post("/v1/imports", {"items": []}, idempotency_key="key-1", attempts=3)
    assert answer == {"data": [], "summary": {"items": 0}}
    assert [r.headers["Idempotency-Key"] for r in seen] == ["key-1"] * 3
    assert len({r.headers["X-Request-ID"] for r in seen}) == 3
    assert [json.loads(r.content) for r in seen] == [{"items": []}] * 3
    assert sleeps == [1.0, 2.0]  # exponential backoff between the attempts


def test_retry_after_is_honoured_and_the_last_failure_is_reported() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        response = _problem(429, "RATE_LIMITED")
        response.headers["Retry-After"] = "7"
        return response

    sleeps: list[float] = []
    with _client(handler, sleeps) as client, pytest.raises(HubError) as caught:
        client.post("/v1/imports", {"items": []}, idempotency_key="k", attempts=3)
    assert calls == 3
    assert sleeps == [7.0, 7.0]
    assert caught.value.status == 429
    assert caught.value.problem_code == "RATE_LIMITED"


def test_a_post_without_attempts_is_sent_once() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return _problem(502, "BAD_GATEWAY")

    with _client(handler) as client, pytest.raises(HubError):
        client.post("/v1/checks", {})
    assert calls == 1


def test_every_call_names_the_client_and_carries_the_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    with _client(handler) as client:
        client.get("/v1/teams", {"limit": 1, "after": None})
    assert seen[0].headers["User-Agent"] == f"accord/{__version__}"
    assert seen[0].headers["Authorization"] == "Bearer acc_1_secret"
    assert seen[0].headers["X-Request-ID"]
    assert str(seen[0].url) == "http://hub.test/v1/teams?limit=1"


def test_a_problem_becomes_an_error_with_code_hint_details_and_request_id() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return _problem(422, "INCOMPATIBLE_CHANGE", hint="publish 2.0.0",
                        changes=[{"id": "operation-removed"}], suggested_bump="major")

    with _client(handler) as client, pytest.raises(HubError) as caught:
        client.post("/v1/interfaces/IF-001/versions", {})
    error = caught.value
    assert error.code is ErrorCode.INCOMPATIBLE_CHANGE
    assert error.message == "INCOMPATIBLE_CHANGE happened"
    assert error.hint == "publish 2.0.0"
    assert error.details["changes"] == [{"id": "operation-removed"}]
    assert error.details["suggested_bump"] == "major"
    assert error.request_id == "server-rid"


def test_an_unknown_problem_code_is_kept_and_an_auth_failure_gets_a_hint() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/teams":
            return _problem(401, "UNAUTHENTICATED")
        return _problem(409, "IDEMPOTENCY_KEY_REUSED")

    with _client(handler) as client:
        with pytest.raises(HubError) as unknown:
            client.post("/v1/imports", {})
        with pytest.raises(HubError) as auth:
            client.get("/v1/teams")
    assert unknown.value.code is ErrorCode.HUB_ERROR
    assert unknown.value.problem_code == "IDEMPOTENCY_KEY_REUSED"
    assert auth.value.hint is not None and "accord login" in auth.value.hint


def test_an_answer_that_is_not_the_hubs_is_named() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/teams":
            return httpx.Response(200, text="<html>hello</html>",
                                  headers={"content-type": "text/html"})
        return httpx.Response(502, text="<html>bad gateway</html>")

    with _client(handler) as client:
        with pytest.raises(AccordError) as not_json:
            client.get("/v1/teams")
        with pytest.raises(HubError) as gateway:
            client.send("GET", "/v1/interfaces")
    assert not_json.value.code is ErrorCode.HUB_ERROR
    assert "not JSON" in not_json.value.message
    assert gateway.value.problem_code == "HTTP_502"
    assert "502" in gateway.value.message


def test_no_answer_at_all_is_unreachable_with_a_hint() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    sleeps: list[float] = []
    with _client(handler, sleeps) as client, pytest.raises(AccordError) as caught:
        client.get("/v1/teams")
    assert caught.value.code is ErrorCode.HUB_UNREACHABLE
    assert caught.value.message.startswith("cannot reach the hub at http://hub.test")
    assert caught.value.hint is not None and "--hub" in caught.value.hint
    assert sleeps == [1.0]  # a GET is tried twice


def test_a_202_is_followed_to_the_jobs_result() -> None:
    polls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal polls
        if request.method == "POST":
            job = {"id": "job_1", "status": "queued", "progress": {"done": 0, "total": 12},
                   "result": None, "problem": None}
            return httpx.Response(202, json=job, headers={"Location": "/v1/jobs/job_1",
                                                          "Retry-After": "2"})
        polls += 1
        assert request.url.path == "/v1/jobs/job_1"
        if polls < 3:
            return httpx.Response(200, headers={"Retry-After": "1"}, json={
                "id": "job_1", "status": "running", "progress": {"done": polls * 4, "total": 12},
                "result": None, "problem": None})
        return httpx.Response(200, json={"id": "job_1", "status": "succeeded",
                                         "progress": {"done": 12, "total": 12},
                                         "result": {"data": [], "summary": {"items": 12}},
                                         "problem": None})

    sleeps: list[float] = []
    with _client(handler, sleeps) as client:
        result = client.post("/v1/imports", {"items": []}, idempotency_key="k")
    assert result == {"data": [], "summary": {"items": 12}}
    assert polls == 3
    assert sleeps == [2.0, 1.0, 1.0]


def test_a_failed_job_raises_its_problem() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(202, json={"id": "job_2", "status": "running"},
                                  headers={"Location": "/v1/jobs/job_2"})
        return httpx.Response(200, json={"id": "job_2", "status": "failed", "result": None,
                                         "problem": {"status": 503, "code": "JOB_INTERRUPTED",
                                                     "detail": "the hub stopped"}})

    with _client(handler) as client, pytest.raises(HubError) as caught:
        client.post("/v1/imports", {"items": []})
    assert caught.value.code is ErrorCode.JOB_INTERRUPTED
    assert caught.value.status == 503


def test_pages_are_followed_until_the_last_or_the_limit() -> None:
    items = [{"id": f"IF-{n:03d}"} for n in range(1, 8)]

    def handler(request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params["limit"])
        start = int(request.url.params.get("after", "0"))
        chunk = items[start:start + limit]
        more = start + limit < len(items)
        return httpx.Response(200, json={"data": chunk, "page": {
            "next_cursor": str(start + limit) if more else None, "has_more": more}})

    with _client(handler) as client:
        assert [i["id"] for i in client.pages("/v1/interfaces")] == [i["id"] for i in items]
        assert len(list(client.pages("/v1/interfaces", limit=3))) == 3


def test_pages_ask_for_page_size_items(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.cli.hubclient as module

    monkeypatch.setattr(module, "PAGE_SIZE", 2)
    asked: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params.get("after"))
        more = len(asked) < 3
        return httpx.Response(200, json={"data": [{"n": len(asked)}] * 2, "page": {
            "next_cursor": f"c{len(asked)}" if more else None, "has_more": more}})

    with _client(handler) as client:
        assert len(list(client.pages("/v1/interfaces"))) == 6
    assert asked == [None, "c1", "c2"]


@pytest.mark.parametrize(("given", "expected"), [
    ("https://hub.example.com/", "https://hub.example.com"),
    ("https://hub.example.com/v1", "https://hub.example.com"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
])
def test_urls_are_normalised(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_a_url_without_scheme_is_refused() -> None:
    with pytest.raises(AccordError) as caught:
        normalise_url("hub.example.com")
    assert caught.value.code is ErrorCode.USAGE
