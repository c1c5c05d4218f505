"""The service manifest: ``accord.yaml`` in a service's repository names the
application (participant), its owner team, and the interfaces it provides and
consumes with their metadata. docs/manifest.md describes every field.

Reading the file is the caller's job (it needs a YAML parser with positions)::

    doc = accord.source.load_document(path, display)
    manifest = parse_manifest(doc.data, file=doc.display, locate=doc.location,
                              base_dir=path.parent)

Validation happens in two passes, both raising ``AccordError(INVALID_MANIFEST)``
at the line of the offending value with a hint:

1. shape and values, by pydantic (imported on first use, as in config.py):
   unknown keys (with "did you mean"), types, choices, and the value checks
   below (slugs, semantic versions, durations, contract paths, ...);
2. what needs the whole file: duplicate names (both places named), percentile
   order, a sunset on an active interface, and the contract files themselves
   (they exist and, symlinks resolved, stay inside ``base_dir``).

Two facts the manifest cannot know are left to the caller: whether ``kind``
names an installed kind (:func:`check_kinds` takes the registry's names, as
core never imports kinds), and the default ``version`` and ``mode``, which come
from the contract and its kind.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, join

Locate = Callable[[str], Location]

#: Top-level sections of accord.yaml that other commands own (config.py, lint/).
#: A new section must be added here, or manifests that use it are refused.
OTHER_SECTIONS = frozenset({"diff", "lint", "kinds"})

Status = Literal["draft", "active", "deprecated", "retired"]
Visibility = Literal["internal", "external"]
CallMode = Literal["sync", "async"]
#: The names of accord.compat.modes.Mode (core cannot import compat; a test keeps them equal).
Compatibility = Literal[
    "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE",
    "FULL", "FULL_TRANSITIVE",
]
AuthMethod = Literal["oauth2", "bearer", "api-key", "mtls", "none"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_FORBID: dict[str, Any] = {"extra": "forbid"}


class InvalidValue(ValueError):
    """A value check failed; pydantic keeps the exception, so the hint survives."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class _Check:
    """``Annotated`` metadata that makes pydantic validate a field with ``fn``
    (pydantic_core is imported only when a schema is built)."""

    fn: Callable[[object], object]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(self.fn)


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"{what} must be a string, not {_describe(value)}",
                       "quote the value" if isinstance(value, int | float) else None)
    return value


def _matching(pattern: str, what: str, hint: str) -> Callable[[object], str]:
    """A check that the value is a string matching ``pattern``."""
    compiled = re.compile(pattern)

    def check(value: object) -> str:
        text = _text(value, what)
        if not compiled.match(text):
            raise InvalidValue(f"{text!r} is not {what}", hint)
        return text

    return check


_kind = _matching(r"^[a-z][a-z0-9-]*$", "a kind name",
                  "write the kind in lowercase: openapi, asyncapi, jsonschema, protobuf, graphql")
_email = _matching(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "an email address",
                   "write it as team@example.com")
_clock = _matching(r"^([01]\d|2[0-3]):[0-5]\d$", "a time of day",
                   'write it as HH:MM in 24 hours, like "02:00"')
# RFC 6749 scope-token: printable ASCII but space, '"' and '\'.
_scope = _matching(r"^[\x21\x23-\x5b\x5d-\x7e]+$", "a scope",
                   "write one scope per list item, without spaces")


_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _slug(value: object) -> str:
    text = _text(value, "a name")
    if not (_SLUG.match(text) and 2 <= len(text) <= 63):
        fixed = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        raise InvalidValue(
            f"{text!r} is not a slug",
            "use 2 to 63 lowercase letters, digits and single hyphens, starting with a letter"
            + (f", like {fixed!r}" if _SLUG.match(fixed) and 2 <= len(fixed) <= 63 else ""),
        )
    return text


_INTERFACE_ID = re.compile(r"^IF-\d{1,9}$")


def _interface_ref(value: object) -> str:
    text = _text(value, "an interface")
    if _INTERFACE_ID.match(text):
        return text
    try:
        return _slug(text)
    except InvalidValue:
        raise InvalidValue(f"{text!r} is neither an interface name nor an interface id",
                       "name the interface by its slug (ledger) or its hub id (IF-012)") from None


# Semantic Versioning 2.0.0, the specification's own pattern.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def _semver(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise InvalidValue(f"the version {value} is a number, not a semantic version",
                       'quote it and give all three parts, like "1.4.0"')
    text = _text(value, "a version")
    if _SEMVER.match(text):
        return text
    if text[:1] in ("v", "V") and _SEMVER.match(text[1:]):
        hint = f"drop the leading 'v': {text[1:]}"
    elif re.match(r"^\d+(\.\d+)?$", text):
        hint = "give all three parts, like " + ".".join([*text.split("."), "0", "0"][:3])
    else:
        hint = "write MAJOR.MINOR.PATCH with an optional -prerelease, like 1.4.0 or 2.0.0-rc.1"
    raise InvalidValue(f"{text!r} is not a semantic version", hint)


_DURATION = re.compile(r"^([1-9]\d*)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _duration(value: object) -> int:
    """A duration as seconds: ``30s``, ``5m``, ``2h``, ``1d``."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise InvalidValue(f"the duration {value} has no unit", f"add the unit, like {value}s")
    text = _text(value, "a duration")
    m = _DURATION.match(text.strip())
    if not m:
        raise InvalidValue(f"{text!r} is not a duration",
                       "write a whole number and one unit: 30s, 5m, 2h or 1d")
    return int(m[1]) * _UNIT_SECONDS[m[2]]


def relative_path(value: object) -> str:
    """A path inside the manifest's directory, normalised to forward slashes.

    The lexical half of the containment check (no absolute path, no ``..``
    climbing out); :func:`_check_file` resolves symlinks against ``base_dir``.
    """
    text = _text(value, "a path")
    if not text.strip():
        raise InvalidValue("the path is empty", "give the file's path relative to accord.yaml")
    if "\\" in text:
        raise InvalidValue(f"{text!r} uses backslashes",
                       "separate directories with '/', which works on every platform")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or re.match(
            r"^[A-Za-z]:", text):
        raise InvalidValue(f"{text!r} is an absolute path",
                       "give the path relative to the directory of accord.yaml")
    parts: list[str] = []
    for part in PurePosixPath(text).parts:
        if part == "..":
            if not parts:
                raise InvalidValue(f"{text!r} points outside the manifest's directory",
                               "keep contracts in the repository, at or below accord.yaml's "
                               "directory, so the manifest and the files travel together")
            parts.pop()
        elif part != ".":
            parts.append(part)
    if not parts:
        raise InvalidValue(f"{text!r} names the manifest's directory, not a file",
                       "give the path of the contract file")
    return "/".join(parts)


def _url(value: object) -> str:
    text = _text(value, "a URL")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(f"{text!r} is not an http(s) URL",
                       "write the full address, like https://hub.example.com")
    return text


def _timezone(value: object) -> str:
    text = _text(value, "a time zone")
    if text == "UTC":
        return text
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        known = zoneinfo.available_timezones()
        if known or not re.match(r"^[A-Za-z_]+(/[A-Za-z0-9_+-]+)+$", text):
            close = difflib.get_close_matches(text, sorted(known), n=1)
            raise InvalidValue(f"{text!r} is not a time zone",
                           f"did you mean {close[0]!r}?" if close
                           else "use an IANA time zone name, like UTC or Europe/Berlin") from None
    return text


def _positive(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InvalidValue(f"{value!r} is not a positive number", "write a number above 0")
    return value


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidValue(f"{value!r} is not a positive whole number",
                           "write a whole number above 0")
    return value


def _percent(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        raise InvalidValue(f"{value!r} is not a percentage",
                           "write a number above 0 and at most 100, like 99.9")
    return float(value)


Slug = Annotated[str, _Check(_slug)]
InterfaceRef = Annotated[str, _Check(_interface_ref)]
KindName = Annotated[str, _Check(_kind)]
SemVer = Annotated[str, _Check(_semver)]
Seconds = Annotated[int, _Check(_duration)]
RelativePath = Annotated[str, _Check(relative_path)]
Url = Annotated[str, _Check(_url)]
Email = Annotated[str, _Check(_email)]
Clock = Annotated[str, _Check(_clock)]
TimeZone = Annotated[str, _Check(_timezone)]
Scope = Annotated[str, _Check(_scope)]
Positive = Annotated[float, _Check(_positive)]
PositiveInt = Annotated[int, _Check(_positive_int)]
Percent = Annotated[float, _Check(_percent)]


def _doc(text: str, json: str | None = None) -> dict[str, str]:
    """Field metadata: what the field means (the hint for its errors, and what
    docs/manifest.md must describe), and its key in to_dict() if renamed."""
    return {"doc": text, "json": json} if json else {"doc": text}


class _Spec:
    """Shared behaviour of the manifest's value objects."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the hub API takes: snake_case keys, durations in
        seconds (``per_seconds``, ``duration_seconds``), the sunset as
        ``sunset_at`` (that day's start, UTC); unset values are left out, so
        the hub keeps its defaults."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is not None:
                out[f.metadata.get("json", f.name)] = _plain(value)
        return out


def _plain(value: object) -> object:
    if isinstance(value, _Spec):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipantSpec(_Spec):
    """The application this repository deploys."""

    name: Slug = field(metadata=_doc("the application's slug, like payments-api"))
    description: str | None = field(default=None, metadata=_doc("what the application does"))
    repository: Url | None = field(default=None, metadata=_doc("the URL of its source repository"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Latency(_Spec):
    """Latency targets in milliseconds, by percentile."""

    p50: Positive | None = field(default=None, metadata=_doc("the median, in milliseconds"))
    p95: Positive | None = field(default=None, metadata=_doc("the 95th percentile, in ms"))
    p99: Positive | None = field(default=None, metadata=_doc("the 99th percentile, in ms"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Sla(_Spec):
    """Service-level targets."""

    latency_ms: Latency | None = field(
        default=None, metadata=_doc("latency targets: {p50, p95, p99} in milliseconds"))
    uptime: Percent | None = field(
        default=None, metadata=_doc("the availability target in percent, like 99.9"))


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimit(_Spec):
    """At most ``requests`` per ``per`` seconds for callers of one tier."""

    tier: Slug = field(default="default", metadata=_doc("the callers it applies to"))
    requests: PositiveInt = field(metadata=_doc("how many requests a caller may make"))
    per: Seconds = field(metadata=_doc("the window, a duration like 60s or 1h", "per_seconds"))
    burst: PositiveInt | None = field(
        default=None, metadata=_doc("requests allowed at once above the steady rate"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Auth(_Spec):
    method: AuthMethod = field(metadata=_doc("how callers authenticate"))
    scopes: tuple[Scope, ...] = field(
        default=(), metadata=_doc("the scopes a caller needs, like payments:read"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Support(_Spec):
    """Whom consumers contact; at least one way."""

    email: Email | None = field(default=None, metadata=_doc("the team's address"))
    slack: str | None = field(default=None, metadata=_doc("a chat channel, like #payments"))
    oncall: str | None = field(default=None, metadata=_doc("the on-call rota or pager"))
    url: Url | None = field(default=None, metadata=_doc("a support or runbook page"))


@dataclass(frozen=True, slots=True, kw_only=True)
class MaintenanceWindow(_Spec):
    """A weekly window in which the interface may be unavailable."""

    day: Weekday = field(metadata=_doc("the weekday, in lowercase English"))
    start: Clock = field(metadata=_doc('the start, "HH:MM" in 24 hours (quoted)'))
    duration: Seconds = field(metadata=_doc("how long, like 2h", "duration_seconds"))
    timezone: TimeZone = field(default="UTC", metadata=_doc("an IANA time zone, like UTC"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvidedInterface(_Spec):
    """An interface this participant provides."""

    name: Slug = field(metadata=_doc("the interface's slug, unique in the hub"))
    kind: KindName = field(metadata=_doc("the contract language: openapi, asyncapi, ..."))
    contract: RelativePath = field(
        metadata=_doc("the contract file (or a directory or ZIP of files, for kinds that "
                      "read those), relative to the manifest's directory"))
    version: SemVer | None = field(
        default=None, metadata=_doc("the contract version; default: the contract's own"))
    title: str | None = field(default=None, metadata=_doc("a display name"))
    description: str | None = field(default=None, metadata=_doc("what the interface is for"))
    status: Status = field(
        default="draft", metadata=_doc("the lifecycle: draft, active, deprecated, retired"))
    sunset: date | None = field(
        default=None,
        metadata=_doc("for a deprecated interface: the retirement date, YYYY-MM-DD", "sunset_at"))
    visibility: Visibility = field(
        default="internal", metadata=_doc("internal (other teams) or external (customers)"))
    mode: CallMode | None = field(
        default=None, metadata=_doc("sync or async; default: the kind's"))
    compatibility: Compatibility = field(
        default="BACKWARD_TRANSITIVE",
        metadata=_doc("the compatibility mode each new version must keep"))
    kind_options: dict[str, Any] | None = field(
        default=None, metadata=_doc("the kind's options for this interface, like "
                                    "{policy: lenient} for jsonschema"))
    ruleset: str | None = field(
        default=None, metadata=_doc("the lint ruleset; default: lint.extends, else "
                                    "accord:recommended"))
    sla: Sla | None = field(default=None, metadata=_doc("latency and uptime targets"))
    rate_limits: tuple[RateLimit, ...] = field(
        default=(), metadata=_doc("a list of {tier, requests, per, burst}"))
    auth: Auth | None = field(default=None, metadata=_doc("{method, scopes}"))
    support: Support | None = field(
        default=None, metadata=_doc("{email, slack, oncall, url}, at least one"))
    maintenance_windows: tuple[MaintenanceWindow, ...] = field(
        default=(), metadata=_doc("a list of {day, start, duration, timezone}"))
    consumers: tuple[Slug, ...] = field(
        default=(), metadata=_doc("participants known to consume it (their slugs)"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsumedInterface(_Spec):
    """An interface of another participant that this one calls or listens to."""

    interface: InterfaceRef = field(metadata=_doc("the interface's name or hub id (IF-012)"))
    expectations: RelativePath | None = field(
        default=None, metadata=_doc("a Pact file of what this consumer relies on"))
    description: str | None = field(default=None, metadata=_doc("what it is used for"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest(_Spec):
    """The whole manifest (without the diff and lint sections)."""

    hub: Url | None = field(default=None, metadata=_doc("the default hub's URL"))
    team: Slug = field(metadata=_doc("the owner team's slug"))
    participant: ParticipantSpec = field(metadata=_doc("{name, description, repository}"))
    provides: tuple[ProvidedInterface, ...] = field(
        default=(), metadata=_doc("a list of interfaces, each with name, kind and contract"))
    consumes: tuple[ConsumedInterface, ...] = field(
        default=(), metadata=_doc("a list of {interface, expectations}"))

    def provided(self, name: str) -> ProvidedInterface | None:
        return next((i for i in self.provides if i.name == name), None)


#: Keys that make an accord.yaml a manifest (``hub`` alone is a setting).
MANIFEST_KEYS = frozenset({"team", "participant", "provides", "consumes"})


def has_manifest(data: object) -> bool:
    """Whether parsed ``accord.yaml`` data declares a manifest (not only settings)."""
    return isinstance(data, Mapping) and any(key in data for key in MANIFEST_KEYS)


def parse_manifest(
    data: Any, *, file: str, locate: Locate | None = None, base_dir: Path | None = None
) -> Manifest:
    """Validate parsed ``accord.yaml`` data into a :class:`Manifest`.

    ``locate`` maps a JSON pointer to a :class:`Location` (``Document.location``);
    ``base_dir`` is the manifest's directory: contract and expectation files
    must exist there (without it, as for a manifest sent to the hub, paths are
    checked as text only). The ``diff`` and ``lint`` sections are left to their
    owners. Raises ``AccordError(INVALID_MANIFEST)``.
    """
    where = locate or (lambda pointer: Location(pointer, file))
    if not isinstance(data, Mapping) or not data:
        raise AccordError(
            ErrorCode.INVALID_MANIFEST,
            "the manifest is empty" if not data else "the manifest must be a mapping of keys, "
            f"not {_describe(data)}",
            location=Location("", file, 1, 1),
            hint="start with team:, participant: {name: ...} and provides: or consumes:",
        )
    own = {k: v for k, v in data.items() if k not in OTHER_SECTIONS}
    _refuse_nulls(own, "", where)
    from pydantic import ValidationError

    try:
        manifest: Manifest = _adapter().validate_python(own)
    except ValidationError as exc:
        raise _translate(exc.errors()[0], where) from None
    _check(manifest, where, base_dir)
    return manifest


def check_kinds(manifest: Manifest, known: Iterable[str], *, file: str,
                locate: Locate | None = None) -> None:
    """Refuse a provided interface whose kind is not among ``known`` (the kind
    registry's names), suggesting the closest."""
    where = locate or (lambda pointer: Location(pointer, file))
    names = sorted(known)
    for index, iface in enumerate(manifest.provides):
        if iface.kind not in names:
            close = difflib.get_close_matches(iface.kind, names, n=1)
            raise AccordError(
                ErrorCode.UNKNOWN_KIND,
                f"no installed kind is named {iface.kind!r}",
                location=where(join("/provides", index, "kind")),
                hint=f"did you mean {close[0]!r}?" if close
                else f"installed kinds: {', '.join(names) or 'none'}",
            )


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Manifest)


# -- pydantic errors, as accord errors -----------------------------------------

_SHAPES = {
    "tuple_type": "a list", "list_type": "a list", "dataclass_type": "a mapping",
    "dict_type": "a mapping", "string_type": "a string", "int_type": "a whole number",
    "int_from_float": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def _translate(err: Any, where: Locate) -> AccordError:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    pointer = join("", *loc)
    parent = join("", *loc[:-1]) or "the manifest"
    name = next((str(t) for t in reversed(loc) if isinstance(t, str)), "")
    kind = err["type"]
    doc = _field_doc(loc)
    hint = doc and f"{name}: {doc}"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        allowed = _field_names(_type_at(loc[:-1]))
        if not loc[:-1]:
            allowed += sorted(OTHER_SECTIONS)
        close = difflib.get_close_matches(name, allowed, n=1)
        message = f"unknown key {name!r} in {parent}"
        hint = (f"did you mean {close[0]!r}?" if close
                else f"the keys here are: {', '.join(allowed)}")
    elif kind == "missing":
        message = f"{parent} has no {name!r}, which is required"
        hint = f"add {hint}" if hint else None
    elif kind == "value_error" and isinstance(err.get("ctx", {}).get("error"), InvalidValue):
        invalid: InvalidValue = err["ctx"]["error"]
        message = f"invalid {name}: {invalid.message}"
        hint = invalid.hint or hint
    elif kind == "literal_error":
        choices = [str(c) for c in typing.get_args(_type_at(loc))]
        value = err["input"]
        message = f"{name} is {value!r}; it must be one of {', '.join(choices)}"
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else hint
    elif kind in _SHAPES:
        message = f"{name or 'the manifest'} must be {_SHAPES[kind]}, not {_describe(err['input'])}"
    else:
        message = f"invalid value at {pointer}: {err['msg']}"
    return AccordError(ErrorCode.INVALID_MANIFEST, message, location=where(pointer), hint=hint)


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return "a list" if isinstance(value, list | tuple) else "a mapping"


def _unwrap(tp: Any) -> Any:
    """The type under ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _walk(loc: tuple[str | int, ...]) -> tuple[Any, dataclasses.Field[Any] | None]:
    """The type at ``loc`` in the manifest's schema, and the field holding it."""
    tp: Any = Manifest
    holder: dataclasses.Field[Any] | None = None
    for token in loc:
        tp = _unwrap(tp)
        if isinstance(token, int) and typing.get_origin(tp) is tuple:
            tp = typing.get_args(tp)[0]
        elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
            found = {f.name: f for f in dataclasses.fields(tp)}.get(str(token))
            if found is None:
                return None, None
            holder, tp = found, _hints(tp)[found.name]
        else:
            return None, None
    return _unwrap(tp), holder


def _type_at(loc: tuple[str | int, ...]) -> Any:
    return _walk(loc)[0]


def _field_doc(loc: tuple[str | int, ...]) -> str | None:
    holder = _walk(loc)[1]
    return holder.metadata.get("doc") if holder else None


def _field_names(tp: Any) -> list[str]:
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return [f.name for f in dataclasses.fields(tp)]
    return []


# -- checks across values ------------------------------------------------------


def _refuse_nulls(value: object, pointer: str, where: Locate) -> None:
    """An empty value is a mistake, most often ``slack: #team`` (a YAML comment)."""
    items = value.items() if isinstance(value, Mapping) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, item in items:
        if item is None:
            raise _fail(where, join(pointer, key), f"{join(pointer, key)} is empty",
                        "give it a value or remove the key; quote a value that starts with "
                        "'#', which YAML reads as a comment")
        _refuse_nulls(item, join(pointer, key), where)


def _fail(where: Locate, pointer: str, message: str, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_MANIFEST, message, location=where(pointer), hint=hint)


def _unique(values: Iterable[str], base: str, tail: tuple[str, ...], what: str,
            where: Locate, hint: str) -> None:
    """Refuse a value seen before at ``base/<index>/tail``, naming both places."""
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first:
            earlier = where(join(base, first[value], *tail))
            at = f"line {earlier.line}" if earlier.line else earlier.pointer
            raise _fail(where, join(base, index, *tail), f"{what} {value!r} is listed twice "
                        f"(first at {at}, again here)", hint)
        first[value] = index


def _check(manifest: Manifest, where: Locate, base_dir: Path | None) -> None:
    _unique((i.name for i in manifest.provides), "/provides", ("name",), "the interface", where,
            "interface names are unique in the hub: rename one, or merge the two entries")
    _unique((c.interface for c in manifest.consumes), "/consumes", ("interface",),
            "the consumed interface", where, "list each interface once")
    for index, iface in enumerate(manifest.provides):
        at = functools.partial(join, "/provides", index)
        _unique(iface.consumers, at("consumers"), (), "the consumer", where,
                "list each consumer once")
        _unique((r.tier for r in iface.rate_limits), at("rate_limits"), ("tier",),
                "the rate-limit tier", where, "give each tier one limit, or name the tiers apart")
        if iface.sunset is not None and iface.status not in ("deprecated", "retired"):
            raise _fail(where, at("sunset"), f"a sunset date is set, but the status is "
                        f"{iface.status}", "set status: deprecated, or remove the sunset date")
        if iface.auth and iface.auth.method == "none" and iface.auth.scopes:
            raise _fail(where, at("auth", "scopes"), "scopes are listed for method none",
                        "pick the method that carries the scopes (oauth2, bearer), or remove them")
        if iface.support and not any(iface.support.to_dict().values()):
            raise _fail(where, at("support"), "support names no contact",
                        "give at least one of email, slack, oncall, url")
        latency = iface.sla.latency_ms if iface.sla else None
        if latency:
            _check_percentiles(latency, at("sla", "latency_ms"), where)
        if base_dir is not None:
            _check_file(base_dir, iface.contract, at("contract"), where, directory=True)
    for index, consumed in enumerate(manifest.consumes):
        if base_dir is not None and consumed.expectations:
            _check_file(base_dir, consumed.expectations,
                        join("/consumes", index, "expectations"), where)


def _check_percentiles(latency: Latency, pointer: str, where: Locate) -> None:
    previous: tuple[str, float] | None = None
    for name in ("p50", "p95", "p99"):
        value = getattr(latency, name)
        if value is None:
            continue
        if previous and value < previous[1]:
            raise _fail(where, join(pointer, name), f"{name} ({value} ms) is below "
                        f"{previous[0]} ({previous[1]} ms)",
                        "a higher percentile is at least as slow as a lower one")
        previous = (name, value)


def _check_file(base_dir: Path, relative: str, pointer: str, where: Locate, *,
                directory: bool = False) -> None:
    """The file exists and, with symlinks resolved, lies inside ``base_dir``;
    ``directory``: a directory that holds a file is taken too (a contract its kind
    reads as a whole directory: the kind then says whether it reads it)."""
    root = base_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise _fail(where, pointer, f"{relative} leads outside the manifest's directory "
                    "(through a symbolic link)", "keep the file itself inside the repository")
    if path.is_file():
        return
    if directory and path.is_dir():
        if any(p.is_file() and not p.name.startswith(".") for p in path.rglob("*")):
            return
        raise _fail(where, pointer, f"{relative} is an empty directory",
                    "a contract that is a directory holds the contract's files (a tree of "
                    ".proto or GraphQL files): add them, or name the contract file")
    siblings = sorted(p.name for p in path.parent.iterdir() if p.is_file()) if (
        path.parent.is_dir()) else []
    close = difflib.get_close_matches(path.name, siblings, n=1)
    raise _fail(where, pointer, f"{relative} does not exist" if not path.exists()
                else f"{relative} is a directory, not a file",
                f"did you mean {str(PurePosixPath(relative).parent / close[0])!r}?" if close
                else "paths are relative to the directory of accord.yaml")
