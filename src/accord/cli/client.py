"""The hub's command-line client: ``accord login``/``logout`` here, ``publish`` and
``check`` (the CI gate) in cli/publishing.py, ``interfaces list|show``, ``versions``
and ``compare`` in cli/browse.py; with what they share (options, the hub client,
errors, the manifest).

Every command takes ``--hub`` (``ACCORD_HUB_URL``), ``--token`` (``ACCORD_TOKEN``)
and ``--format``; cli/hubconfig.py says how the hub and token are chosen.
Exit codes as ``accord diff``: 0 fine, 1 refused or failing, 2 input, usage,
auth or connection errors, 3 internal (also a 5xx of the hub).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from accord.cli.errors import EXIT_INPUT, EXIT_INTERNAL, report_error
from accord.core.change import Level
from accord.core.errors import AccordError, ErrorCode

# Command modules import only what their signatures need: httpx, Rich and the
# report formatters are imported when a command runs.

if TYPE_CHECKING:
    from accord.cli.hubclient import HubClient
    from accord.core.change import RuleInfo
    from accord.core.manifest import Locate, Manifest


class OutFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


HubOpt = Annotated[
    str | None,
    typer.Option("--hub", envvar="ACCORD_HUB_URL", show_default=False,
                 help="The hub's URL (default: the manifest's hub:, else the last `accord "
                 "login`)."),
]
TokenOpt = Annotated[
    str | None,
    typer.Option("--token", envvar="ACCORD_TOKEN", show_default=False,
                 help="A bearer token (default: the one `accord login` stored for the hub)."),
]
FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
ManifestOpt = Annotated[
    Path | None,
    typer.Option("--manifest", "-m", show_default=False,
                 help="The service manifest (default: ./accord.yaml)."),
]
InterfaceArg = Annotated[str, typer.Argument(help="An interface id (IF-001) or name.",
                                             show_default=False)]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to a file instead of stdout."),
]

def register(app: typer.Typer) -> None:
    from accord.cli import browse, publishing

    app.command("login")(login_command)
    app.command("logout")(logout_command)
    app.command("publish")(publishing.publish_command)
    app.command("check")(publishing.check_command)
    app.add_typer(browse.interfaces_app, name="interfaces")
    app.command("versions")(browse.versions_command)
    app.command("compare")(browse.compare_command)


# --- shared -----------------------------------------------------------------------


def fail(error: AccordError, *, as_json: bool) -> NoReturn:
    """Report ``error`` and exit: 3 for a 5xx of the hub, else 2."""
    status = getattr(error, "status", None)
    if not isinstance(status, int):
        report_error(error, as_json=as_json)
    from rich.console import Console
    from rich.markup import escape

    code = getattr(error, "problem_code", str(error.code))
    request_id = getattr(error, "request_id", None)
    if as_json:
        body = {**error.to_dict(), "code": code, "status": status}
        sys.stdout.write(json.dumps({"error": body}, indent=2) + "\n")
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    where = f"{error.location}: " if error.location else ""
    facts = f"HTTP {status}" + (f", request id {request_id}" if request_id else "")
    console.print(f"[bold red]error[/][dim][{escape(code)}][/] {escape(where + error.message)} "
                  f"[dim]({escape(facts)})[/]")
    if error.hint:
        console.print(f"  [bold]hint:[/] {escape(error.hint)}")
    fields = error.details.get("fields")
    for item in fields if isinstance(fields, list) else []:
        if isinstance(item, Mapping):
            console.print(f"  {escape(str(item.get('pointer')))}: "
                          f"{escape(str(item.get('message')))}")
    raise SystemExit(EXIT_INTERNAL if status >= 500 else EXIT_INPUT)


@contextmanager
def hub_client(hub: str | None, token: str | None,
            manifest_hub: str | None = None) -> Iterator[HubClient]:
    from accord.cli.hubclient import HubClient
    from accord.cli.hubconfig import resolve

    target = resolve(hub, token, manifest_hub)
    with HubClient(target.url, target.token) as client:
        yield client


def segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def write_out(text: str, output: Path | None = None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class Loaded:
    manifest: Manifest
    path: Path
    data: Any
    #: JSON pointer -> its place in the manifest file.
    locate: Locate | None = None

    @property
    def default_ruleset(self) -> str | None:
        lint = self.data.get("lint") if isinstance(self.data, Mapping) else None
        extends = lint.get("extends") if isinstance(lint, Mapping) else None
        return extends if isinstance(extends, str) else None

    @property
    def default_kind_options(self) -> dict[str, dict[str, Any]]:
        """The ``kinds:`` section: the options of interfaces that give none."""
        section = self.data.get("kinds") if isinstance(self.data, Mapping) else None
        if section is None:
            return {}
        if not isinstance(section, Mapping) or not all(
                v is None or isinstance(v, Mapping) for v in section.values()):
            where = self.locate("/kinds") if self.locate else None
            raise AccordError(ErrorCode.INVALID_CONFIG,
                              "'kinds' must map kind names to their options", location=where,
                              hint="kinds:\n  jsonschema:\n    policy: lenient")
        return {str(name): dict(values or {}) for name, values in section.items()}

    def fail_on(self) -> Level | None:
        from accord.core.config import parse_settings

        settings = parse_settings(self.data, file=str(self.path))
        return Level(settings.diff.fail_on) if settings.diff.fail_on else None


def load_manifest(explicit: Path | None, *, required: bool) -> Loaded | None:
    """The manifest at ``explicit``, else ./accord.yaml; None when optional and absent."""
    from accord.cli.config import DEFAULT_NAMES
    from accord.core.manifest import check_kinds, has_manifest, parse_manifest
    from accord.kinds import load_kinds
    from accord.source import load_document

    path = explicit or next((Path(n) for n in DEFAULT_NAMES if Path(n).is_file()), None)
    if path is None or not path.is_file():
        if not required and explicit is None:
            return None
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"manifest {path} does not exist" if path else "no accord.yaml here",
            hint="pass --manifest path/to/accord.yaml (docs/manifest.md describes it)")
    doc = load_document(path, str(path))
    if not has_manifest(doc.data):
        if not required and explicit is None:
            return None
        raise AccordError(ErrorCode.INVALID_MANIFEST,
                          f"{path} declares no manifest (team, participant, provides)",
                          hint="docs/manifest.md describes the manifest")
    manifest = parse_manifest(doc.data, file=str(path), locate=doc.location,
                              base_dir=path.parent)
    check_kinds(manifest, load_kinds(), file=str(path), locate=doc.location)
    return Loaded(manifest, path, doc.data, doc.location)


def manifest_for(manifest: Path | None, interface: str | None,
                  version: str | None) -> Loaded:
    """The manifest a publish or check reads, with ``--interface`` and ``--version``
    checked against it (a version names one interface)."""
    loaded = load_manifest(manifest, required=True)
    assert loaded is not None
    _pick(loaded.manifest, interface, loaded.path)
    if version is not None and interface is None and len(loaded.manifest.provides) > 1:
        raise AccordError(ErrorCode.USAGE, "--version applies to one interface, and the "
                          f"manifest provides {len(loaded.manifest.provides)}",
                          hint="name it with --interface NAME")
    return loaded


def _pick(manifest: Manifest, name: str | None, path: Path) -> None:
    """Refuse ``--interface`` naming no provided interface, and a manifest providing none."""
    names = [i.name for i in manifest.provides]
    if not names:
        raise AccordError(ErrorCode.USAGE, f"{path} provides no interface",
                          hint="list the interfaces under provides: (docs/manifest.md)")
    if name is not None and name not in names:
        import difflib

        close = difflib.get_close_matches(name, names, n=1)
        raise AccordError(ErrorCode.USAGE, f"{path} provides no interface named {name!r}",
                          hint=f"did you mean {close[0]!r}?" if close
                          else f"it provides: {', '.join(names)}")


def kind_rules() -> Any:
    from functools import cache

    from accord.kinds import load_kinds

    kinds = load_kinds()

    @cache
    def rules(kind: str) -> Mapping[str, RuleInfo]:
        return {r.id: r for r in kinds[kind].rules()} if kind in kinds else {}

    return rules


# --- login / logout ---------------------------------------------------------------


def login_command(hub: HubOpt = None, token: TokenOpt = None,
                  fmt: FormatOpt = OutFormat.TEXT) -> None:
    """Store a token for a hub (checked first) in the user configuration directory."""
    from accord.cli.hubclient import HubClient, HubError, normalise_url
    from accord.cli.hubconfig import load_config, store_token

    as_json = fmt is OutFormat.JSON
    try:
        chosen = hub or load_config().get("default")
        if not chosen:
            raise AccordError(ErrorCode.USAGE, "accord login needs the hub's URL",
                              hint="accord login --hub https://hub.example.com")
        url = normalise_url(chosen)
        if not token:
            token = typer.prompt(f"token for {url}", hide_input=True, err=True).strip()
        if not token:
            raise AccordError(ErrorCode.USAGE, "no token given",
                              hint="paste the token `accord token create` printed")
        with HubClient(url, token) as client:
            try:
                client.get("/v1/teams", {"limit": 1})
            except HubError as exc:
                if exc.status not in (401, 403):
                    raise
                raise AccordError(
                    ErrorCode.UNAUTHENTICATED,
                    f"the hub at {url} refused the token ({exc.problem_code}); "
                    "nothing was stored",
                    hint="check the token (`accord token create` on the hub prints one) and "
                    "that it has the read scope") from None
        path = store_token(url, token)
    except AccordError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print_json({"hub": url, "logged_in": True, "config": str(path)})
    else:
        sys.stdout.write(f"logged in to {url}; the token is in {path} (readable by you only)\n")


def logout_command(hub: HubOpt = None, fmt: FormatOpt = OutFormat.TEXT) -> None:
    """Forget the token stored for a hub (default: the last one logged in to)."""
    from accord.cli.hubclient import normalise_url
    from accord.cli.hubconfig import load_config, remove_token

    as_json = fmt is OutFormat.JSON
    try:
        chosen = hub or load_config().get("default")
        if not chosen:
            raise AccordError(ErrorCode.USAGE, "not logged in to any hub",
                              hint="name the hub: accord logout --hub URL")
        url = normalise_url(chosen)
        removed = remove_token(url)
    except AccordError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print_json({"hub": url, "logged_out": removed})
    else:
        sys.stdout.write(f"logged out of {url}\n" if removed else f"no token stored for {url}\n")
