"""The command line's HTTP client of the hub.

``HubClient`` speaks the hub's conventions (docs/hub.md): a bearer token, an
``X-Request-ID`` on every call, RFC 9457 problems turned into :class:`HubError`
(an ``AccordError`` carrying the problem's code, detail, hint, details and the
request id), cursor pages followed, and ``202 Accepted`` + ``Location:
/v1/jobs/{id}`` followed by polling the job (a progress line on a terminal's
stderr, nothing when piped). Mutations retried after a connection error, a 5xx
or a 429 keep their ``Idempotency-Key``, so the hub replays instead of doing
the work twice.

Errors::

    AccordError
     +-- HubError        the hub answered with a problem (4xx/5xx)
     (code HUB_UNREACHABLE: no answer at all; HUB_ERROR: an answer that is not the hub's)
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from accord import __version__
from accord.core.change import location_from_dict
from accord.core.errors import AccordError, ErrorCode

#: Members of a problem document that are not details.
_STANDARD = frozenset({"type", "title", "status", "detail", "instance", "code", "request_id",
                       "retryable", "hint", "location", "details"})
#: Statuses worth another attempt (with the same Idempotency-Key for a mutation).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Items per page when following a list.
PAGE_SIZE = 100
#: Seconds before the second attempt; doubled before each later one.
BACKOFF = 0.5

_HINTS = {
    401: "log in with `accord login --hub URL`, or pass --token (or ACCORD_TOKEN)",
    403: "the token may act only for its own team, and changes need the write scope; "
    "ask an admin for a token of the owner team",
    404: "check the id or name (`accord interfaces list` shows them)",
}


class HubError(AccordError):
    """A problem document the hub answered with (RFC 9457)."""

    def __init__(self, problem: Mapping[str, Any], *, status: int,
                 request_id: str | None = None) -> None:
        self.problem = dict(problem)
        self.status = status
        #: The problem's own code, also when accord's ErrorCode does not know it.
        self.problem_code = str(problem.get("code") or f"HTTP_{status}")
        self.request_id = request_id or _text(problem.get("request_id"))
        try:
            code = ErrorCode(self.problem_code)
        except ValueError:
            code = ErrorCode.HUB_ERROR
        details = problem_details(problem)
        if self.request_id:
            details["request_id"] = self.request_id
        location = problem.get("location")
        super().__init__(
            code,
            _text(problem.get("detail")) or _text(problem.get("title")) or f"HTTP {status}",
            hint=_text(problem.get("hint")) or _HINTS.get(status),
            location=location_from_dict(location) if isinstance(location, Mapping) else None,
            details=details,
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def problem_details(problem: Mapping[str, Any]) -> dict[str, Any]:
    """A problem's details: its extension members (``changes``, ``findings``,
    ``fields`` ...), and a ``details`` object if it has one."""
    out = {k: v for k, v in problem.items() if k not in _STANDARD}
    nested = problem.get("details")
    if isinstance(nested, Mapping):
        out.update(nested)
    if not out.get("fields"):
        out.pop("fields", None)
    return out


def normalise_url(url: str) -> str:
    """``https://hub.example.com`` from ``https://hub.example.com/`` or ``.../v1``;
    refuses what is not an http(s) URL."""
    text = url.strip().rstrip("/")
    text = text.removesuffix("/v1")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AccordError(ErrorCode.USAGE, f"{url!r} is not an http(s) URL",
                          hint="give the hub's address, like https://hub.example.com")
    return text


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from ``Retry-After`` (delta-seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class HubClient:
    """One hub, one token. Use as a context manager (or call :meth:`close`).

    ``transport`` replaces the network (tests); ``sleep`` the waiting between
    attempts and polls; ``progress`` forces the job progress line on or off
    (default: on when stderr is a terminal).
    """

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 120.0,
                 transport: httpx.BaseTransport | None = None, progress: bool | None = None,
                 sleep: Callable[[float], None] = time.sleep, backoff: float | None = None,
                 job_timeout: float = 3600.0) -> None:
        self.base_url = normalise_url(base_url)
        headers = {"User-Agent": f"accord/{__version__}",
                   "Accept": "application/json, application/problem+json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=self.base_url, headers=headers,
                                  timeout=httpx.Timeout(timeout, connect=10.0),
                                  transport=transport, follow_redirects=True)
        self._progress = sys.stderr.isatty() if progress is None else progress
        self._sleep = sleep
        self._backoff = BACKOFF if backoff is None else backoff
        self._job_timeout = job_timeout

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- one call -----------------------------------------------------------

    def send(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
             json: Any = None, headers: Mapping[str, str] | None = None,
             attempts: int = 1) -> httpx.Response:
        """One request (``attempts`` > 1: retried after a connection error, a 5xx or
        a 429, waiting ``Retry-After`` or an exponential backoff). Raises
        :class:`HubError` for a 4xx/5xx answer, ``AccordError(HUB_UNREACHABLE)``
        when there is no answer."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        for attempt in range(attempts):
            request_id = uuid.uuid4().hex
            last = attempt + 1 == attempts
            try:
                response = self._http.request(
                    method, path, params=query, json=json,
                    headers={**(headers or {}), "X-Request-ID": request_id})
            except httpx.TransportError as exc:
                if last:
                    raise self._unreachable(exc) from None
                self._sleep(self._backoff * 2 ** attempt)
                continue
            if response.status_code in RETRY_STATUSES and not last:
                wait = retry_after(response)
                self._sleep(self._backoff * 2 ** attempt if wait is None else min(wait, 60.0))
                continue
            if response.status_code >= 400:
                raise self._problem(response, request_id)
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    def json_of(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise AccordError(
                ErrorCode.HUB_ERROR,
                f"{self.base_url} answered {response.request.url.path} with "
                f"{response.headers.get('content-type') or 'something'} that is not JSON",
                hint="check that the URL is an accord hub (its API is under /v1)") from None

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.json_of(self.send("GET", path, params=params, attempts=2))

    def post(self, path: str, body: Any, *, idempotency_key: str | None = None,
             attempts: int = 1) -> Any:
        """POST and return the answer's JSON; a ``202`` job is waited for and its
        result returned. With an ``idempotency_key`` every attempt sends it."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        response = self.send("POST", path, json=body, headers=headers, attempts=attempts)
        if response.status_code == 202 and response.headers.get("Location"):
            return self.wait_for_job(response)
        return self.json_of(response)

    # --- jobs and pages -----------------------------------------------------

    def wait_for_job(self, accepted: httpx.Response) -> Any:
        """Poll the job a ``202`` named until it finishes; its result, or its problem
        raised as :class:`HubError`."""
        location = accepted.headers["Location"]
        job = self.json_of(accepted)
        last = accepted
        deadline = time.monotonic() + self._job_timeout
        with self._job_progress() as show:
            while not isinstance(job, Mapping) or job.get("status") not in (
                    "succeeded", "failed"):
                if time.monotonic() > deadline:
                    raise AccordError(
                        ErrorCode.HUB_ERROR,
                        f"the hub's job {location} did not finish in "
                        f"{self._job_timeout:.0f} s",
                        hint=f"it may still finish: GET {location} shows its state")
                show(job)
                wait = retry_after(last)
                self._sleep(1.0 if wait is None else min(wait, 30.0))
                last = self.send("GET", location, attempts=3)
                job = self.json_of(last)
        if job["status"] == "failed":
            problem = job.get("problem") or {"code": "JOB_FAILED",
                                             "detail": f"the job {location} failed"}
            raise HubError(problem, status=int(problem.get("status") or 500),
                           request_id=last.headers.get("X-Request-ID"))
        return job.get("result")

    @contextmanager
    def _job_progress(self) -> Iterator[Callable[[Any], None]]:
        if not self._progress:
            yield lambda job: None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("waiting for the hub", total=None)

            def show(job: Any) -> None:
                progress = job.get("progress") if isinstance(job, Mapping) else None
                if isinstance(progress, Mapping) and progress.get("total"):
                    bar.update(task, completed=progress.get("done", 0),
                               total=progress["total"],
                               description=f"hub job {job.get('status', '')}")

            yield show

    def pages(self, path: str, params: Mapping[str, Any] | None = None, *,
              limit: int | None = None) -> Iterator[dict[str, Any]]:
        """The items of a cursor-paginated list, page after page (at most ``limit``)."""
        after: str | None = None
        seen = 0
        while True:
            size = PAGE_SIZE if limit is None else max(1, min(PAGE_SIZE, limit - seen))
            body = self.get(path, {**(params or {}), "limit": size, "after": after})
            for item in body.get("data", []):
                yield item
                seen += 1
                if limit is not None and seen >= limit:
                    return
            page = body.get("page") or {}
            after = page.get("next_cursor")
            if not page.get("has_more") or not after:
                return

    # --- errors -------------------------------------------------------------

    def _unreachable(self, exc: httpx.TransportError) -> AccordError:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            message = f"cannot reach the hub at {self.base_url}"
        elif isinstance(exc, httpx.TimeoutException):
            message = f"the hub at {self.base_url} did not answer in time"
        else:
            message = f"the connection to the hub at {self.base_url} failed"
        reason = str(exc) or type(exc).__name__
        return AccordError(
            ErrorCode.HUB_UNREACHABLE, f"{message} ({reason})",
            hint="check the URL (--hub, ACCORD_HUB_URL, the manifest's hub: or `accord "
            "login`), that the hub runs (`accord serve`), and the network or proxy")

    def _problem(self, response: httpx.Response, request_id: str) -> HubError:
        answered = response.headers.get("X-Request-ID") or request_id
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, Mapping) or ("status" not in body and "code" not in body):
            reason = response.reason_phrase or "error"
            body = {"code": f"HTTP_{response.status_code}",
                    "detail": f"the hub at {self.base_url} answered {response.status_code} "
                    f"{reason} to {response.request.method} {response.request.url.path}"}
        return HubError(body, status=response.status_code, request_id=answered)
