"""The hub's HTTP API v1 (FastAPI): ``create_app(HubConfig)``."""

from __future__ import annotations

from accord.api.app import HubConfig, create_app

__all__ = ["HubConfig", "create_app"]
