"""Versioning and ownership: a major version in the URL, a semantic info.version, an owner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from accord.core.finding import Severity
from accord.kinds.openapi.lint.base import at, is_version, rule, segments
from accord.kinds.openapi.model import OpenAPIModel
from accord.lint.rule import Hit, LintOptions

_MAJOR = re.compile(r"v\d+", re.IGNORECASE)

#: First path segments of operational endpoints, which probes, scrapers and
#: OAuth clients expect at fixed, unversioned URLs.
OPERATIONAL = frozenset({"health", "healthz", "livez", "readyz", "live", "ready", "ping",
                         "metrics", ".well-known", "oauth", "oauth2"})


def _server_paths(model: OpenAPIModel) -> list[str]:
    return [urlsplit(s.url).path if "//" in s.url else s.url for s in model.servers]


@rule("version-in-path", Severity.WARN,
      "The major version is in the base path or server URL (/v1), so a breaking version can "
      "run beside the old one and clients choose when to move. Operational endpoints (health "
      "probes, /metrics, /oauth/..., /.well-known/...) keep their fixed URLs.",
      "add the major version to the server URL (https://api.example.com/v1) or to every path")
def version_in_path(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    if any(_MAJOR.fullmatch(s) for p in _server_paths(model) for s in segments(p)):
        return
    paths = {op.path for op in model.operations.values()}
    paths = {p for p in paths if not segments(p) or segments(p)[0].lower() not in OPERATIONAL}
    if paths and all(any(is_version(s) for s in segments(p)) for p in paths):
        return
    root = model.workspace.root(model.document)
    where = root.child("servers", 0, "url") or root.child("basePath") or root.child("paths")
    yield Hit("neither the server URL nor every path carries a major version (/v1)",
              (where or root).location)


_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")


@rule("info-version-semver", Severity.WARN,
      "info.version is a semantic version (MAJOR.MINOR.PATCH), so tools can tell whether a "
      "change needs a new major version.",
      "write info.version as MAJOR.MINOR.PATCH, like 1.4.0")
def semantic_version(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    info = model.workspace.root(model.document).child("info")
    if info is None or not isinstance(info.value, dict):
        return
    version = info.child("version")
    if version is None:
        yield Hit("info has no version", info.location)
    elif not _SEMVER.fullmatch(str(version.value)):
        yield Hit(f"info.version {str(version.value)!r} is not a semantic version",
                  version.location)


@rule("info-contact", Severity.WARN,
      "info.contact names the owning team (name plus email or url), so consumers know whom "
      "to ask and whom a breaking change concerns.",
      "add info.contact with the owning team's name and email or url")
def contact(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    info = model.workspace.root(model.document).child("info")
    if info is None or not isinstance(info.value, dict):
        return
    value = info.value.get("contact")
    if not isinstance(value, dict):
        yield Hit("info has no contact (the owning team)", info.location)
    elif not value.get("email") and not value.get("url"):
        yield Hit("info.contact gives no email or url", at(info, "contact"))


@rule("info-description", Severity.INFO,
      "info.description says what the API is for; it opens every generated doc page.",
      "add info.description: what the API does and for whom")
def description(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    info = model.workspace.root(model.document).child("info")
    if info is not None and isinstance(info.value, dict) and not info.value.get("description"):
        yield Hit("info has no description", info.location)


@rule("operation-description", Severity.INFO,
      "Every operation has a summary or description, which docs and SDKs show.",
      "add a summary (one line) or a description", recommended=False)
def operation_description(model: OpenAPIModel, options: LintOptions) -> Iterator[Hit]:
    for op in model.operations.values():
        if not op.node.value.get("summary") and not op.node.value.get("description"):
            yield Hit(f"{op.label} has neither summary nor description", op.node.location)
