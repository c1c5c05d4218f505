"""Helpers for the kit's tests: every test drives a real app in process."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.types import ASGIApp


def client_for(app: ASGIApp, *, client_ip: str = "203.0.113.7") -> httpx.AsyncClient:
    """An httpx client calling ``app`` in process; a 500 comes back as a response."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(client_ip, 5000))
    return httpx.AsyncClient(transport=transport, base_url="http://service.test")


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The problem details of ``response``, checked against RFC 9457 and our conventions."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(code.lower().replace("_", "-"))
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["retryable"], bool)
    assert "request_id" in body
    return body
