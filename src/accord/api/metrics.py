"""``GET /metrics``: the hub's Prometheus metrics, in the text exposition format.

Each app has its own registry (:class:`HubMetrics`), so two hubs in one process
(tests) never share counters. Series:

- ``accord_http_requests_total`` and ``accord_http_request_duration_seconds``
  by ``method``, ``route`` (the template, ``unmatched`` for unknown paths) and
  ``status`` class (``2xx``...);
- ``accord_publish_outcomes_total`` by ``outcome`` (``created``,
  ``unchanged``, ``accepted``, ``refused``, ``failed``) and the problem
  ``code`` of a refusal (idempotent replays are not counted again);
- ``accord_db_pool_connections`` by ``state`` (``in_use``, ``idle``) and
  ``accord_jobs`` by ``status`` (``queued``, ``running``: every replica's);
- the read cache's ``accord_read_cache_lookups_total`` by ``result`` (``hit``,
  ``miss``), ``accord_read_cache_bytes`` and ``accord_read_cache_entries``;
- the process's CPU, memory and file descriptors (``process_*``).

Counters are per process: with several workers, each scrape sees one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from accord.api.cache import ReadCache
from accord.api.observe import Exchange
from accord.store import Database, Job

logger = logging.getLogger("accord.api.metrics")

router = APIRouter(tags=["operations"])

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PUBLISH_ROUTE = "/v1/interfaces/{interface_id}/versions"
# Other methods are counted as OTHER: a label value per made-up method would never end.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_JOB_STATUSES = ("queued", "running")


class _DatabaseCollector(Collector):
    """Read at scrape time: the connection pool, and the unfinished jobs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterable[Metric]:
        pool = self.db.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        checked_in = getattr(pool, "checkedin", None)
        if callable(checked_out) and callable(checked_in):
            connections = GaugeMetricFamily("accord_db_pool_connections",
                                            "Connections of the database pool, by state.",
                                            labels=["state"])
            connections.add_metric(["in_use"], float(checked_out()))
            connections.add_metric(["idle"], float(checked_in()))
            yield connections
        try:
            with self.db.read() as session:
                counts: dict[str, int] = {
                    status: count for status, count in session.execute(
                        select(Job.status, func.count()).where(Job.status.in_(_JOB_STATUSES))
                        .group_by(Job.status))}
        except Exception:  # a scrape still answers when the database does not
            logger.debug("counting jobs failed", exc_info=True)
            return
        jobs = GaugeMetricFamily("accord_jobs", "Unfinished jobs, by status.",
                                 labels=["status"])
        for status in _JOB_STATUSES:
            jobs.add_metric([status], float(counts.get(status, 0)))
        yield jobs


class _CacheCollector(Collector):
    """Read at scrape time: what the read cache holds and how often it answered."""

    def __init__(self, cache: ReadCache) -> None:
        self.cache = cache

    def collect(self) -> Iterable[Metric]:
        lookups = CounterMetricFamily("accord_read_cache_lookups",
                                      "Reads looked up in the read cache, by result.",
                                      labels=["result"])
        lookups.add_metric(["hit"], float(self.cache.hits))
        lookups.add_metric(["miss"], float(self.cache.misses))
        yield lookups
        yield GaugeMetricFamily("accord_read_cache_bytes",
                                "Bytes of answers the read cache holds.",
                                value=float(self.cache.bytes))
        yield GaugeMetricFamily("accord_read_cache_entries",
                                "Answers the read cache holds.", value=float(len(self.cache)))


class HubMetrics:
    """The metrics of one hub app; :meth:`observe` is an ObserveMiddleware observer."""

    def __init__(self, db: Database | None = None) -> None:
        self.registry = CollectorRegistry()
        labels = ("method", "route", "status")
        self.requests = Counter("accord_http_requests", "HTTP requests answered.", labels,
                                registry=self.registry)
        self.duration = Histogram("accord_http_request_duration_seconds",
                                  "Time to answer an HTTP request.", labels,
                                  buckets=_BUCKETS, registry=self.registry)
        self.publishes = Counter("accord_publish_outcomes",
                                 "Contract versions submitted for publication, by outcome "
                                 "and refusal code.", ("outcome", "code"),
                                 registry=self.registry)
        ProcessCollector(registry=self.registry)
        if db is not None:
            self.registry.register(_DatabaseCollector(db))
        # The series of each (method, route, status class), looked up once: labels()
        # checks and locks on every call. Bounded: routes are templates.
        self._series: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}

    def observe(self, exchange: Exchange) -> None:
        if exchange.status is None:
            return
        method = exchange.method if exchange.method in _METHODS else "OTHER"
        values = (method, exchange.route or "unmatched", f"{exchange.status // 100}xx")
        series = self._series.get(values)
        if series is None:
            series = self._series[values] = (self.requests.labels(*values),
                                             self.duration.labels(*values))
        series[0].inc()
        series[1].observe(exchange.duration)
        if (exchange.route == PUBLISH_ROUTE and exchange.method == "POST"
                and not exchange.replayed):
            self.publishes.labels(*_publish_outcome(exchange.status, exchange.code)).inc()

    def watch(self, cache: ReadCache) -> None:
        """Report ``cache`` too."""
        self.registry.register(_CacheCollector(cache))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _publish_outcome(status: int, code: str | None) -> tuple[str, str]:
    if status == 201:
        return "created", ""
    if status == 202:
        return "accepted", ""
    if status < 400:
        return "unchanged", ""
    return ("refused" if status < 500 else "failed"), code or f"HTTP_{status}"


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                             "description": "Prometheus text exposition format 0.0.4."}})
def metrics(request: Request) -> Response:
    """The hub's Prometheus metrics (requests, latency, publish outcomes, pool, jobs)."""
    registry: HubMetrics = request.app.state.metrics
    return Response(registry.exposition(), media_type=CONTENT_TYPE)
