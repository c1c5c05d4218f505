"""GET /metrics: Prometheus text, labelled by route template, with publish outcomes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from accord.api import HubConfig, create_app
from tests.api.conftest import Hub


def _samples(hub: Hub) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = hub.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def _value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
           **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def test_requests_latency_and_publish_outcomes(hub: Hub) -> None:
    hub.client.post("/v1/interfaces", headers=hub.auth(),
                    json={"name": "orders", "kind": "openapi", "team": "orders"})
    assert hub.client.get("/v1/interfaces/IF-009", headers=hub.auth()).status_code == 404
    assert hub.client.get("/v1/interfaces/IF-001", headers=hub.auth()).status_code == 200
    assert hub.client.get("/nowhere/IF-001").status_code == 404
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 201  # type: ignore[attr-defined]
    assert hub.publish("IF-001", "orders-v1.yaml").status_code == 200  # type: ignore[attr-defined]
    assert hub.publish("IF-001", "orders-v1.2.yaml").status_code == 422  # type: ignore[attr-defined]
    assert hub.publish("IF-001", "orders-v1.1.yaml",  # type: ignore[attr-defined]
                       token=hub.payments).status_code == 403
    # A replayed publish is answered again, not published again.
    body = {"document": "openapi: 3.0.3\n", "filename": "x.yaml"}
    for _ in range(2):
        hub.client.post("/v1/interfaces/IF-001/versions", json=body,
                        headers={**hub.auth(), "Idempotency-Key": "p-1"})

    samples = _samples(hub)
    one = "/v1/interfaces/{interface_id}"
    assert _value(samples, "accord_http_requests_total", method="GET", route=one,
                  status="4xx") == 1
    assert _value(samples, "accord_http_requests_total", method="GET", route=one,
                  status="2xx") == 1
    assert _value(samples, "accord_http_requests_total", method="GET", route="unmatched",
                  status="4xx") == 1
    assert _value(samples, "accord_http_request_duration_seconds_count", method="GET",
                  route=one, status="4xx") == 1
    assert _value(samples, "accord_http_request_duration_seconds_bucket", method="GET",
                  route=one, status="4xx", le="+Inf") == 1
    versions = "/v1/interfaces/{interface_id}/versions"
    assert _value(samples, "accord_http_requests_total", method="POST", route=versions,
                  status="4xx") == 4
    # Label values are templates, never raw paths or ids.
    routes = {dict(labels).get("route") for _, labels in samples} - {None}
    assert routes == {"/v1/interfaces", one, versions, "unmatched"}
    assert _value(samples, "accord_publish_outcomes_total", outcome="created", code="") == 1
    assert _value(samples, "accord_publish_outcomes_total", outcome="unchanged", code="") == 1
    assert _value(samples, "accord_publish_outcomes_total", outcome="refused",
                  code="INCOMPATIBLE_CHANGE") == 1
    assert _value(samples, "accord_publish_outcomes_total", outcome="refused",
                  code="FORBIDDEN") == 1
    refused = sum(v for (name, labels), v in samples.items()
                  if name == "accord_publish_outcomes_total"
                  and ("outcome", "refused") in labels)
    assert refused == 3  # the replay of the third refusal is not counted
    assert _value(samples, "accord_db_pool_connections", state="in_use") is not None
    assert _value(samples, "accord_jobs", status="queued") == 0
    assert any(name.startswith("process_") for name, _ in samples)


def test_each_app_counts_for_itself_and_metrics_are_not_rate_limited(hub: Hub) -> None:
    assert hub.client.get("/v1/teams", headers=hub.auth()).status_code == 200
    second = TestClient(create_app(HubConfig(migrate=False, rate_limit="1/minute"), db=hub.db))
    for _ in range(3):
        assert second.get("/metrics").status_code == 200
    assert 'route="/v1/teams"' not in second.get("/metrics").text
    assert 'route="/v1/teams"' in hub.client.get("/metrics").text
