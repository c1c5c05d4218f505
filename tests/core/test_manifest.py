"""The service manifest: the examples parse, and every class of mistake is
reported at its line with a hint.

Error cases are YAML texts in which the offending line ends with ``# <-``; the
test parses the text with the real loader and expects the error on that line.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path

import pytest

from accord.compat.modes import Mode
from accord.core import manifest as m
from accord.core.config import parse_settings
from accord.core.errors import AccordError, ErrorCode
from accord.core.manifest import Manifest, check_kinds, has_manifest, parse_manifest
from accord.source import load_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "hub"
DOCS = ROOT / "docs" / "manifest.md"
MARK = "# <-"

BASE = """\
team: payments
participant:
  name: payments-api
provides:
  - name: payments
    kind: openapi
    contract: openapi/payments.yaml
"""


def _load(tmp_path: Path, text: str, *, files: bool = True) -> Manifest:
    """Write ``text`` as accord.yaml (and the contract it names) and parse it."""
    if files:
        (tmp_path / "openapi").mkdir(exist_ok=True)
        (tmp_path / "openapi" / "payments.yaml").write_text("openapi: 3.0.3\n")
    path = tmp_path / "accord.yaml"
    path.write_text(text)
    doc = load_document(path, "accord.yaml")
    return parse_manifest(doc.data, file=doc.display, locate=doc.location, base_dir=tmp_path)


def _error(tmp_path: Path, text: str) -> AccordError:
    with pytest.raises(AccordError) as err:
        _load(tmp_path, text)
    assert err.value.code is ErrorCode.INVALID_MANIFEST
    assert err.value.location is not None and err.value.location.file == "accord.yaml"
    assert err.value.hint
    return err.value


def _marked_line(text: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith(MARK)]
    assert len(lines) == 1, "mark exactly one line with '# <-'"
    return lines[0]


# -- valid manifests ------------------------------------------------------------


@pytest.mark.parametrize("service", ["payments", "orders", "ledger", "storefront"])
def test_the_examples_parse(service: str) -> None:
    path = EXAMPLES / service / "accord.yaml"
    doc = load_document(path, str(path))
    manifest = parse_manifest(doc.data, file=doc.display, locate=doc.location,
                              base_dir=path.parent)
    assert manifest.participant.name.endswith(("-api", "-service"))
    assert manifest.provides
    from accord.kinds import load_kinds

    check_kinds(manifest, load_kinds(), file=doc.display, locate=doc.location)
    for iface in manifest.provides:
        assert (path.parent / iface.contract).is_file()
    # The diff and lint sections in the same file still parse as settings.
    from accord.lint import parse_lint_settings

    parse_settings(doc.data, file=doc.display, locate=doc.location)
    parse_lint_settings(doc.data.get("lint"), file=doc.display, locate=doc.location)


def test_the_examples_consume_what_another_example_provides() -> None:
    manifests = []
    for path in sorted(EXAMPLES.glob("*/accord.yaml")):
        doc = load_document(path, str(path))
        manifests.append(parse_manifest(doc.data, file=doc.display, base_dir=path.parent))
    provided = {i.name for mf in manifests for i in mf.provides}
    participants = {mf.participant.name for mf in manifests}
    for mf in manifests:
        assert {c.interface for c in mf.consumes} <= provided
        for iface in mf.provides:  # every consumer that is an example declares the use
            for other in manifests:
                if other.participant.name in iface.consumers:
                    assert iface.name in {c.interface for c in other.consumes}
        assert mf.participant.name in participants


def test_a_minimal_manifest_and_its_defaults(tmp_path: Path) -> None:
    manifest = _load(tmp_path, BASE)
    iface = manifest.provides[0]
    assert (iface.status, iface.visibility, iface.compatibility) == (
        "draft", "internal", "BACKWARD_TRANSITIVE")
    assert iface.version is None and iface.mode is None and manifest.consumes == ()
    assert manifest.to_dict() == {
        "team": "payments",
        "participant": {"name": "payments-api"},
        "provides": [{
            "name": "payments", "kind": "openapi", "contract": "openapi/payments.yaml",
            "status": "draft", "visibility": "internal", "compatibility": "BACKWARD_TRANSITIVE",
            "rate_limits": [], "maintenance_windows": [], "consumers": [],
        }],
        "consumes": [],
    }


def test_to_dict_gives_seconds_and_the_hub_names(tmp_path: Path) -> None:
    text = BASE + """\
    version: 1.4.0-rc.1+build.5
    status: deprecated
    sunset: 2026-06-30
    sla: {latency_ms: {p50: 50, p95: 200, p99: 500}, uptime: 99.9}
    rate_limits: [{tier: default, requests: 100, per: 60s}, {tier: bulk, requests: 5, per: 1d}]
    auth: {method: oauth2, scopes: [payments:read]}
    support: {email: payments@example.com, slack: "#payments"}
    maintenance_windows: [{day: sunday, start: "02:00", duration: 2h}]
    consumers: [checkout-web]
consumes:
  - interface: IF-012
  - {interface: ledger, expectations: ./pacts/../pacts/ledger.json}
"""
    (tmp_path / "pacts").mkdir()
    (tmp_path / "pacts" / "ledger.json").write_text("{}")
    data = _load(tmp_path, text).to_dict()
    iface = data["provides"][0]
    assert iface["version"] == "1.4.0-rc.1+build.5"
    assert iface["sunset_at"] == "2026-06-30T00:00:00Z"
    assert iface["sla"] == {"latency_ms": {"p50": 50, "p95": 200, "p99": 500}, "uptime": 99.9}
    assert iface["rate_limits"] == [
        {"tier": "default", "requests": 100, "per_seconds": 60},
        {"tier": "bulk", "requests": 5, "per_seconds": 86400},
    ]
    assert iface["maintenance_windows"] == [
        {"day": "sunday", "start": "02:00", "duration_seconds": 7200, "timezone": "UTC"}]
    assert iface["auth"] == {"method": "oauth2", "scopes": ["payments:read"]}
    assert data["consumes"] == [{"interface": "IF-012"},
                                {"interface": "ledger", "expectations": "pacts/ledger.json"}]
    assert json.loads(json.dumps(data)) == data


def test_without_base_dir_paths_are_checked_as_text_only(tmp_path: Path) -> None:
    doc_data = {"team": "payments", "participant": {"name": "payments-api"},
                "provides": [{"name": "payments", "kind": "openapi", "contract": "nowhere.yaml"}]}
    assert parse_manifest(doc_data, file="posted").provides[0].contract == "nowhere.yaml"
    doc_data["provides"][0]["contract"] = "../nowhere.yaml"  # type: ignore[index]
    with pytest.raises(AccordError, match="outside the manifest's directory"):
        parse_manifest(doc_data, file="posted")


def test_settings_sections_are_left_to_their_owners(tmp_path: Path) -> None:
    manifest = _load(tmp_path, BASE + "diff:\n  mode: FULL\nlint:\n  extends: accord:strict\n")
    assert manifest.team == "payments"


def test_has_manifest() -> None:
    assert has_manifest({"team": "payments", "lint": {}})
    assert not has_manifest({"hub": "https://hub.example.com", "diff": {"mode": "FULL"}})
    assert not has_manifest(None)


def test_compatibility_names_are_the_compat_modes() -> None:
    assert set(typing.get_args(m.Compatibility)) == {mode.value for mode in Mode}


def test_every_field_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    classes = [m.Manifest, m.ParticipantSpec, m.ProvidedInterface, m.ConsumedInterface, m.Sla,
               m.Latency, m.RateLimit, m.Auth, m.Support, m.MaintenanceWindow]
    for cls in classes:
        for f in dataclasses.fields(cls):
            where = f"{cls.__name__}.{f.name}"
            assert f"`{f.name}`" in text, f"docs/manifest.md does not describe {where}"
            assert f.metadata.get("doc"), f"{where} has no doc (its error hint)"


def test_the_documented_example_parses(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# accord\.yaml.*?)```", text, re.S)
    assert example, "docs/manifest.md shows a full example starting with '# accord.yaml'"
    (tmp_path / "openapi").mkdir()
    for name in re.findall(r"contract: (\S+)", example[1]):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("openapi: 3.0.3\n")
    for name in re.findall(r"expectations: (\S+)", example[1]):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    manifest = _load(tmp_path, example[1], files=False)
    assert manifest.provides and manifest.consumes


# -- errors, each at its line with a hint -------------------------------------------

CASES: dict[str, tuple[str, str, str]] = {
    # name: (yaml with the offending line marked, message fragment, hint fragment)
    "unknown key, near miss": (
        BASE + "    titel: Payments API  # <-\n",
        "unknown key 'titel' in /provides/0", "did you mean 'title'?"),
    "unknown key, no near miss": (
        BASE.replace("  name: payments-api\n", "  name: payments-api\n  colour: blue  # <-\n"),
        "unknown key 'colour' in /participant", "the keys here are: name, description, repository"),
    "kind options not a mapping": (
        BASE + "    kind_options: lenient  # <-\n",
        "kind_options must be a mapping, not the text 'lenient'", "{policy: lenient}"),
    "unknown top-level key": (
        BASE + "consume:  # <-\n  - interface: ledger\n",
        "unknown key 'consume' in the manifest", "did you mean 'consumes'?"),
    "missing required key": (
        "team: payments\nparticipant:  # <-\n  description: no name\n",
        "/participant has no 'name', which is required", "add name: the application's slug"),
    "missing participant": (
        "team: payments  # <-\n",
        "the manifest has no 'participant'", "add participant:"),
    "slug": (
        BASE.replace("  - name: payments\n", "  - name: Payments_API  # <-\n"),
        "'Payments_API' is not a slug", "like 'payments-api'"),
    "slug too short": (
        BASE.replace("team: payments\n", "team: p  # <-\n"),
        "'p' is not a slug", "2 to 63 lowercase letters"),
    "choice": (
        BASE + "    status: actve  # <-\n",
        "status is 'actve'; it must be one of draft, active, deprecated, retired",
        "did you mean 'active'?"),
    "compatibility mode": (
        BASE + "    compatibility: BACKWARDS  # <-\n",
        "compatibility is 'BACKWARDS'", "did you mean 'BACKWARD'?"),
    "version as a number": (
        BASE + "    version: 1.4  # <-\n",
        "the version 1.4 is a number", 'quote it and give all three parts, like "1.4.0"'),
    "version with a v": (
        BASE + "    version: v1.4.0  # <-\n",
        "'v1.4.0' is not a semantic version", "drop the leading 'v': 1.4.0"),
    "version with two parts": (
        BASE + '    version: "2.1"  # <-\n',
        "'2.1' is not a semantic version", "like 2.1.0"),
    "kind": (
        BASE.replace("    kind: openapi\n", "    kind: OpenAPI  # <-\n"),
        "'OpenAPI' is not a kind name", "write the kind in lowercase"),
    "duration without unit": (
        BASE + "    rate_limits:\n      - requests: 100\n        per: 60  # <-\n",
        "the duration 60 has no unit", "add the unit, like 60s"),
    "duration with an unknown unit": (
        BASE + "    rate_limits:\n      - {requests: 100, per: 1w}  # <-\n",
        "'1w' is not a duration", "30s, 5m, 2h or 1d"),
    "rate limit without requests": (
        BASE + "    rate_limits:\n      - per: 1m  # <-\n",
        "/provides/0/rate_limits/0 has no 'requests'", "add requests:"),
    "path climbing out": (
        BASE.replace("contract: openapi/payments.yaml", "contract: openapi/../../x.yaml  # <-"),
        "'openapi/../../x.yaml' points outside the manifest's directory", "keep contracts"),
    "absolute path": (
        BASE.replace("contract: openapi/payments.yaml", "contract: /etc/payments.yaml  # <-"),
        "'/etc/payments.yaml' is an absolute path", "relative to the directory of accord.yaml"),
    "windows path": (
        BASE.replace("contract: openapi/payments.yaml", r"contract: openapi\payments.yaml  # <-"),
        "uses backslashes", "separate directories with '/'"),
    "missing contract file": (
        BASE.replace("contract: openapi/payments.yaml", "contract: openapi/payment.yaml  # <-"),
        "openapi/payment.yaml does not exist", "did you mean 'openapi/payments.yaml'?"),
    "duplicate interface": (
        BASE + "  - name: payments  # <-\n    kind: openapi\n    contract: openapi/payments.yaml\n",
        "the interface 'payments' is listed twice (first at line 5, again here)",
        "interface names are unique in the hub"),
    "duplicate consumed interface": (
        BASE + "consumes:\n  - interface: ledger\n  - interface: ledger  # <-\n",
        "the consumed interface 'ledger' is listed twice (first at line 9",
        "list each interface once"),
    "duplicate consumer": (
        BASE + "    consumers:\n      - checkout-web\n      - checkout-web  # <-\n",
        "the consumer 'checkout-web' is listed twice (first at line 9", "list each consumer once"),
    "duplicate rate-limit tier": (
        BASE + "    rate_limits:\n      - {requests: 5, per: 1s}\n"
        "      - {tier: default, requests: 100, per: 1m}  # <-\n",
        "the rate-limit tier 'default' is listed twice", "give each tier one limit"),
    "consumed interface reference": (
        BASE + "consumes:\n  - interface: Ledger API  # <-\n",
        "'Ledger API' is neither an interface name nor an interface id", "IF-012"),
    "percentiles out of order": (
        BASE + "    sla:\n      latency_ms:\n        p50: 80\n        p99: 40  # <-\n",
        "p99 (40 ms) is below p50 (80 ms)", "at least as slow"),
    "uptime": (
        BASE + "    sla: {uptime: 100.5}  # <-\n",
        "100.5 is not a percentage", "at most 100"),
    "sunset on an active interface": (
        BASE + "    status: active\n    sunset: 2026-06-30  # <-\n",
        "a sunset date is set, but the status is active", "set status: deprecated"),
    "sunset that is no date": (
        BASE + "    status: deprecated\n    sunset: next spring  # <-\n",
        "sunset must be a date (YYYY-MM-DD), not the text 'next spring'", "sunset:"),
    "scopes without a method that has them": (
        BASE + "    auth:\n      method: none\n      scopes: [payments:read]  # <-\n",
        "scopes are listed for method none", "pick the method that carries the scopes"),
    "auth method": (
        BASE + "    auth: {method: oauth}  # <-\n",
        "method is 'oauth'", "did you mean 'oauth2'?"),
    "support without a contact": (
        BASE + "    support: {}  # <-\n",
        "support names no contact", "at least one of email, slack, oncall, url"),
    "email": (
        BASE + "    support: {email: payments-at-example.com}  # <-\n",
        "'payments-at-example.com' is not an email address", "team@example.com"),
    "url": (
        "hub: hub.example.com  # <-\n" + BASE,
        "'hub.example.com' is not an http(s) URL", "https://hub.example.com"),
    "unquoted hash is a comment": (
        BASE + "    support:\n      slack: #payments  # <-\n",
        "/provides/0/support/slack is empty", "quote a value that starts with '#'"),
    "list expected": (
        BASE + "    consumers: checkout-web  # <-\n",
        "consumers must be a list, not the text 'checkout-web'", "participants known to consume"),
    "mapping expected": (
        BASE + "    sla: fast  # <-\n",
        "sla must be a mapping, not the text 'fast'", "latency and uptime targets"),
    "text expected": (
        BASE + "    title: [Payments]  # <-\n",
        "title must be a string, not a list", "title: a display name"),
    "weekday": (
        BASE + '    maintenance_windows:\n      - {day: sun, start: "02:00", duration: 2h}  # <-\n',
        "day is 'sun'", "did you mean 'sunday'?"),
    "time of day": (
        BASE + "    maintenance_windows:\n      - day: sunday\n        start: 2am  # <-\n"
        "        duration: 2h\n",
        "'2am' is not a time of day", 'like "02:00"'),
    "time zone": (
        BASE + "    maintenance_windows:\n      - day: sunday\n        start: '02:00'\n"
        "        duration: 2h\n        timezone: Berlin  # <-\n",
        "'Berlin' is not a time zone", ""),
    "scope with a space": (
        BASE + "    auth:\n      method: oauth2\n      scopes: [payments read]  # <-\n",
        "'payments read' is not a scope", "one scope per list item"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_errors_point_at_the_offending_line(tmp_path: Path, case: str) -> None:
    text, message, hint = CASES[case]
    error = _error(tmp_path, text)
    assert error.location is not None
    assert error.location.line == _marked_line(text), str(error)
    assert message in error.message
    assert hint in (error.hint or "")


def test_a_contract_may_be_a_directory_that_holds_files(tmp_path: Path) -> None:
    manifest = _load(tmp_path, BASE.replace("contract: openapi/payments.yaml",
                                            "contract: openapi/"))
    assert manifest.provides[0].contract == "openapi"


def test_an_empty_contract_directory_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "protos").mkdir()
    (tmp_path / "protos" / ".gitkeep").write_text("")
    text = BASE.replace("contract: openapi/payments.yaml", "contract: protos  # <-")
    error = _error(tmp_path, text)
    assert error.location is not None and error.location.line == _marked_line(text)
    assert error.message == "protos is an empty directory"
    assert "holds the contract's files" in (error.hint or "")


def test_a_symlink_out_of_the_directory_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("openapi: 3.0.3\n")
    service = tmp_path / "service"
    (service / "openapi").mkdir(parents=True)
    (service / "openapi" / "payments.yaml").symlink_to(outside)
    path = service / "accord.yaml"
    path.write_text(BASE)
    doc = load_document(path, "accord.yaml")
    with pytest.raises(AccordError) as err:
        parse_manifest(doc.data, file=doc.display, locate=doc.location, base_dir=service)
    assert "leads outside the manifest's directory" in err.value.message
    assert err.value.location is not None and err.value.location.line == 7


@pytest.mark.parametrize(("data", "message"), [
    ({}, "the manifest is empty"),
    (["team"], "must be a mapping of keys, not a list"),
])
def test_a_manifest_is_a_mapping(data: object, message: str) -> None:
    with pytest.raises(AccordError) as err:
        parse_manifest(data, file="accord.yaml")
    assert err.value.code is ErrorCode.INVALID_MANIFEST and message in err.value.message
    assert err.value.location is not None and err.value.location.line == 1


def test_unknown_kind_suggests_the_closest(tmp_path: Path) -> None:
    text = BASE.replace("kind: openapi", "kind: openap")
    (tmp_path / "openapi").mkdir()
    (tmp_path / "openapi" / "payments.yaml").write_text("openapi: 3.0.3\n")
    (tmp_path / "accord.yaml").write_text(text)
    doc = load_document(tmp_path / "accord.yaml", "accord.yaml")
    manifest = parse_manifest(doc.data, file=doc.display, locate=doc.location, base_dir=tmp_path)
    with pytest.raises(AccordError) as err:
        check_kinds(manifest, ["openapi", "asyncapi"], file=doc.display, locate=doc.location)
    assert err.value.code is ErrorCode.UNKNOWN_KIND and err.value.hint == "did you mean 'openapi'?"
    assert err.value.location is not None and err.value.location.line == 6
