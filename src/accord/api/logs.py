"""The hub's logs: one JSON line per request on ``accord.access``, JSON for the rest.

An access line (:func:`log_exchange`)::

    {"ts": "2026-01-05T10:00:00.123Z", "level": "info", "logger": "accord.access",
     "message": "POST /v1/interfaces 201 12.3ms", "request_id": "4bf9...",
     "method": "POST", "route": "/v1/interfaces", "path": "/v1/interfaces",
     "status": 201, "duration_ms": 12.3, "token_id": "9f2c..."}

plus ``code`` for a problem response and ``replayed`` for an idempotent
replay. Never logged: the Authorization header, tokens, secrets, query
strings, bodies. Every other record (the application's errors, uvicorn's own)
goes through the same formatter: ``request_id`` of the request it belongs
to, and for an exception its type (``exc_type``), its traceback only when the
level is DEBUG (a message or traceback may quote data).

``accord serve --log-format json|text`` calls :func:`configure_logging`.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

from accord.api.observe import Exchange
from accord.runtime.request_id import current_request_id

LogFormat = Literal["json", "text"]

ACCESS = "accord.access"
access = logging.getLogger(ACCESS)
# Set by the record's maker, never overwritten by the structured fields.
_BASE = frozenset({"ts", "level", "logger", "message"})


def log_exchange(exchange: Exchange) -> None:
    """Write the access line of one request (an observer of ObserveMiddleware)."""
    if not access.isEnabledFor(logging.INFO):
        return
    duration_ms = round(exchange.duration * 1000, 2)
    fields: dict[str, Any] = {
        "request_id": exchange.request_id, "method": exchange.method,
        "route": exchange.route, "path": exchange.path, "status": exchange.status,
        "duration_ms": duration_ms}
    if exchange.token_id is not None:
        fields["token_id"] = exchange.token_id
    if exchange.code is not None:
        fields["code"] = exchange.code
    if exchange.replayed:
        fields["replayed"] = True
    # Logger.info would search the stack for the caller (a third of the line's cost):
    # an access line's origin is always this function.
    access.handle(access.makeRecord(
        ACCESS, logging.INFO, __file__, 0, "%s %s %s %.1fms",
        (exchange.method, exchange.path, exchange.status if exchange.status is not None
         else "-", duration_ms), None, "log_exchange", {"accord": fields}))


def _request_id(record: logging.LogRecord) -> str | None:
    # A value given with extra= wins: it was current when the record was made.
    found = getattr(record, "request_id", None) or current_request_id()
    return found if isinstance(found, str) else None


class JsonFormatter(logging.Formatter):
    """One JSON object per record; ``tracebacks`` adds an exception's traceback."""

    def __init__(self, *, tracebacks: bool = False) -> None:
        super().__init__()
        self.tracebacks = tracebacks
        # (second, "YYYY-MM-DDTHH:MM:SS") of the last record: lines come many a second.
        self._second: tuple[int, str] = (-1, "")

    def _timestamp(self, created: float) -> str:
        """``created`` in UTC to the millisecond, ``2026-01-05T10:00:00.123Z``."""
        second = int(created)
        micros = round((created - second) * 1e6)  # as datetime.fromtimestamp rounds
        if micros >= 1_000_000:
            second, micros = second + 1, micros - 1_000_000
        cached = self._second
        if cached[0] != second:
            cached = self._second = (second, datetime.fromtimestamp(second, UTC).strftime(
                "%Y-%m-%dT%H:%M:%S"))
        return f"{cached[1]}.{micros // 1000:03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "ts": self._timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id(record),
        }
        fields = getattr(record, "accord", None)
        if isinstance(fields, dict):
            if _BASE.isdisjoint(fields):
                document.update(fields)
            else:
                document.update((k, v) for k, v in fields.items() if k not in _BASE)
        if record.exc_info and record.exc_info[0] is not None:
            document["exc_type"] = record.exc_info[0].__name__
            if self.tracebacks:
                document["traceback"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(document, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError:  # what orjson refuses (integers past 64 bits...)
            return json.dumps(document, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger [request id] message`` for a terminal."""

    def __init__(self, *, tracebacks: bool = False) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = _request_id(record) or "-"
        if record.exc_info and not self.tracebacks:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "exception"
            quiet = logging.makeLogRecord({**record.__dict__, "exc_info": None,
                                           "exc_text": None})
            return f"{super().format(quiet)} ({kind})"
        return super().format(record)


def default_format() -> LogFormat:
    """JSON for a log collector, text when a person watches the terminal."""
    return "text" if sys.stderr.isatty() else "json"


def configure_logging(log_format: LogFormat | None = None, level: str = "info") -> None:
    """Send every log record to stderr in ``log_format`` at ``level`` and above.

    uvicorn's loggers go the same way; its access log is left to
    :func:`log_exchange` (run uvicorn with ``access_log=False``).
    """
    numeric = logging.getLevelNamesMapping().get(level.upper())
    if numeric is None:
        raise ValueError(f"unknown log level {level!r}")
    tracebacks = numeric <= logging.DEBUG
    formatter: logging.Formatter = (
        TextFormatter(tracebacks=tracebacks) if (log_format or default_format()) == "text"
        else JsonFormatter(tracebacks=tracebacks))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    logging.basicConfig(handlers=[handler], level=numeric, force=True)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
    logging.getLogger("uvicorn.access").disabled = True
    # Alembic narrates every start at INFO (plugins, dialect); keep that for DEBUG.
    logging.getLogger("alembic").setLevel(logging.NOTSET if tracebacks else logging.WARNING)
