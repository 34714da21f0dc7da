"""Prometheus metrics of one API instance (``GET /metrics``, admin role).

Each app has its own registry, so several apps in one process (tests) never share counters. List
versions and the audit queue depth are read when scraped, not pushed on every request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# The `*_created` timestamp series double the output and no dashboard uses them.
disable_created_metrics()  # type: ignore[no-untyped-call]

# Latency buckets around the target (p99 < 25 ms), with room for batches and slow lists.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class _StateCollector(Collector):
    """Gauges computed at scrape time from the running service."""

    def __init__(
        self, versions: Callable[[], Mapping[str, int]], audit_depth: Callable[[], int | None]
    ) -> None:
        self._versions = versions
        self._audit_depth = audit_depth

    def collect(self) -> Iterator[GaugeMetricFamily]:
        versions = GaugeMetricFamily(
            "sanctionwatch_list_version", "Version number of each list screened against", labels=["list"]
        )
        for source, number in sorted(self._versions().items()):
            versions.add_metric([source], number)
        yield versions
        depth = self._audit_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "sanctionwatch_audit_queue_depth", "Audit records waiting to be committed", value=depth
            )


class ApiMetrics:
    """Request, screening and alert counters, a latency histogram and service gauges."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "sanctionwatch_http_requests",
            "HTTP requests by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "sanctionwatch_http_request_duration_seconds",
            "Time from request to response, by route template",
            ["route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.screenings = Counter(
            "sanctionwatch_screenings", "Queries screened, by endpoint", ["endpoint"], registry=self.registry
        )
        self.alerts = Counter(
            "sanctionwatch_alerts", "Alerts returned, by endpoint", ["endpoint"], registry=self.registry
        )

    def watch(self, versions: Callable[[], Mapping[str, int]], audit_depth: Callable[[], int | None]) -> None:
        """Report the current list versions and audit queue depth when scraped."""
        self.registry.register(_StateCollector(versions, audit_depth))

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_screening(self, endpoint: str, queries: int, alerts: int) -> None:
        self.screenings.labels(endpoint).inc(queries)
        if alerts:
            self.alerts.labels(endpoint).inc(alerts)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
