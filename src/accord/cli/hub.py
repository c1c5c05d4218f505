"""Running the hub: ``accord serve``, ``accord db upgrade``, ``accord token create``."""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.errors import report_error
from accord.cli.options import DocFormat
from accord.core.errors import AccordError, ErrorCode

if TYPE_CHECKING:
    from fastapi import FastAPI

    from accord.cli.demo import DemoSummary

DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database-url", envvar="ACCORD_DATABASE_URL",
                 help="SQLAlchemy URL: sqlite:///hub.db or postgresql+psycopg://user@host/db "
                 "(default: SQLite in the user data directory)."),
]
FormatOpt = Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")]

#: The configuration `accord serve --workers N` hands to its worker processes.
WORKER_SETTINGS = "ACCORD_SERVE_WORKER_SETTINGS"


class LogFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


db_app = typer.Typer(help="The hub's database.", no_args_is_help=True)
token_app = typer.Typer(help="Credentials for the hub.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.add_typer(db_app, name="db")
    app.add_typer(token_app, name="token")


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    database_url: DatabaseOpt = None,
    admin_token: Annotated[
        str | None,
        typer.Option("--admin-token", envvar="ACCORD_ADMIN_TOKEN",
                     help="An admin credential to accept (created on start).",
                     show_default=False),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1)] = 1,
    rate_limit: Annotated[
        str,
        typer.Option("--rate-limit", envvar="ACCORD_RATE_LIMIT",
                     help="Requests per credential: 600/minute, 10/second, 5000/hour; "
                     "off disables."),
    ] = "600/minute",
    rate_limit_storage: Annotated[
        str | None,
        typer.Option("--rate-limit-storage", envvar="ACCORD_RATE_LIMIT_STORAGE",
                     help="Where rate limits count: memory, database or "
                     "redis://host:port/db (default: memory on SQLite with one worker, "
                     "else database).", show_default=False),
    ] = None,
    log_format: Annotated[
        LogFormat | None,
        typer.Option("--log-format", envvar="ACCORD_LOG_FORMAT",
                     help="json (one object per line) or text (default: json unless "
                     "stderr is a terminal).", show_default=False),
    ] = None,
    log_level: Annotated[
        str,
        typer.Option("--log-level", envvar="ACCORD_LOG_LEVEL",
                     help="debug, info, warning or error (debug adds tracebacks)."),
    ] = "info",
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Fill a fresh hub with the example services "
                     "(examples/hub): teams, applications, interfaces, versions, consumers. "
                     "Without --database-url it lives in a temporary SQLite file."),
    ] = False,
    demo_dir: Annotated[
        Path | None,
        typer.Option("--demo-dir", help="With --demo: the folder of example services, each "
                     "a directory with an accord.yaml (default: examples/hub).",
                     show_default=False),
    ] = None,
) -> None:
    """Start the hub (HTTP API v1 at /v1, its OpenAPI at /v1/openapi.json)."""
    import uvicorn

    from accord.api import HubConfig, create_app
    from accord.api.logs import configure_logging, default_format

    chosen_format = log_format.value if log_format else default_format()
    try:
        configure_logging(chosen_format, log_level)
    except ValueError:
        report_error(AccordError(ErrorCode.USAGE, f"unknown log level {log_level!r}",
                                 hint="debug, info, warning or error"), as_json=False)
    # Several processes share counters only through the database (or Redis).
    storage = rate_limit_storage or ("database" if workers > 1 else None)
    if demo:
        database_url, admin_token = _demo_settings(database_url, admin_token)
    config = HubConfig(database_url=database_url, admin_token=admin_token,
                       rate_limit=rate_limit, rate_limit_storage=storage)
    try:
        app = create_app(config)
        if demo:
            from accord.cli.demo import EXAMPLES, load_demo

            _print_demo(load_demo(app, demo_dir or EXAMPLES), host, port, admin_token)
    except AccordError as exc:
        report_error(exc, as_json=False)
    db = app.state.hub.db
    logging.getLogger("accord.serve").info(
        "accord hub on http://%s:%s (database: %s, workers: %s)", host, port, db.display_url,
        workers)
    # Logging is configured above; the access log is accord.access (api/logs.py).
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False,
                    server_header=False)
        return
    # Each worker is a new process that builds its own app from these settings
    # (migrations and the admin token are already done).
    db.dispose()
    os.environ[WORKER_SETTINGS] = json.dumps({
        "database_url": db.url, "rate_limit": rate_limit, "rate_limit_storage": storage,
        "log_format": chosen_format, "log_level": log_level})
    uvicorn.run("accord.cli.hub:worker_app", factory=True, workers=workers, host=host,
                port=port, log_config=None, access_log=False, server_header=False)


def _demo_settings(database_url: str | None, admin_token: str | None) -> tuple[str, str]:
    """A throw-away database and a printed admin token, unless given."""
    import secrets
    import tempfile

    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="accord-demo-"))
        database_url = f"sqlite:///{folder / 'hub.db'}"
    return database_url, admin_token or "demo_" + secrets.token_urlsafe(24)


def _print_demo(summary: DemoSummary, host: str, port: int, admin_token: str | None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    table = Table(title="demo hub: what the example services published", title_justify="left")
    for column in ("team", "interface", "name", "version", "outcome"):
        table.add_column(column)
    for line in summary.lines:
        style = "red" if line.outcome.startswith("refused") else ""
        table.add_row(line.team, line.interface, line.name, line.version,
                      f"[{style}]{escape(line.outcome)}[/]" if style else line.outcome)
    console.print(table)
    console.print(f"applications: {', '.join(summary.participants)}")
    for warning in summary.warnings:
        console.print(f"[yellow]warning[/] {escape(warning)}")
    base = f"http://{host}:{port}"
    console.print(f"admin token: {escape(admin_token or '')}\n"
                  f"try: curl -H 'Authorization: Bearer {escape(admin_token or '')}' "
                  f"{base}/v1/interfaces\n"
                  f"  or: accord interfaces list --hub {base} --token {escape(admin_token or '')}")


def worker_app() -> FastAPI:
    """The app of one worker process of ``accord serve --workers N`` (a uvicorn factory)."""
    from accord.api import HubConfig, create_app
    from accord.api.logs import configure_logging

    settings = json.loads(os.environ[WORKER_SETTINGS])
    configure_logging(settings["log_format"], settings["log_level"])
    return create_app(HubConfig(
        database_url=settings["database_url"], migrate=False,
        rate_limit=settings["rate_limit"], rate_limit_storage=settings["rate_limit_storage"]))


@db_app.command("upgrade")
def db_upgrade_command(database_url: DatabaseOpt = None, fmt: FormatOpt = DocFormat.TEXT) -> None:
    """Apply pending schema migrations."""
    from accord.store import Database

    try:
        db = Database(database_url)
        applied = db.upgrade()
        current = db.current_revision()
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    if fmt is DocFormat.JSON:
        sys.stdout.write(json.dumps({"database": db.display_url, "applied": applied,
                                     "revision": current}, indent=2) + "\n")
        return
    done = f"applied {', '.join(applied)}" if applied else "already up to date"
    sys.stdout.write(f"{db.display_url}: {done} (revision {current})\n")


HubUrlOpt = Annotated[
    str | None,
    typer.Option("--hub", envvar="ACCORD_HUB_URL", show_default=False,
                 help="Go through this hub's API (with an admin --token) instead of the "
                 "database."),
]
AdminTokenOpt = Annotated[
    str | None,
    typer.Option("--token", envvar="ACCORD_TOKEN", show_default=False,
                 help="With --hub: an admin token (default: the one `accord login` stored)."),
]


@token_app.command("create")
def token_create_command(
    scopes: Annotated[str, typer.Option("--scopes", help="Comma-separated: read, write, admin.")]
    = "read,write",
    team: Annotated[str | None, typer.Option("--team", help="The team the token acts for.")]
    = None,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    database_url: DatabaseOpt = None,
    hub: HubUrlOpt = None,
    token: AdminTokenOpt = None,
    fmt: FormatOpt = DocFormat.TEXT,
) -> None:
    """Mint a token (printed once; only its hash is stored): in the database, or
    through a hub's API with --hub and an admin token."""
    wanted = [s.strip() for s in scopes.split(",") if s.strip()]
    try:
        if hub is not None:
            answer = _through_api(hub, token, "POST", "/v1/tokens",
                                  {"team": team, "scopes": wanted, "name": name})
            issued = (answer["id"], answer["team"], list(answer["scopes"]), answer["token"])
        else:
            from accord.services.tokens import create_token
            from accord.store import Database

            db = Database(database_url)
            db.upgrade()
            made = create_token(db, team=team, scopes=wanted, name=name)
            issued = (made.id, made.team, list(made.scopes), made.secret)
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    token_id, token_team, token_scopes, secret = issued
    if fmt is DocFormat.JSON:
        sys.stdout.write(json.dumps({"id": token_id, "team": token_team,
                                     "scopes": token_scopes, "token": secret},
                                    indent=2) + "\n")
        return
    sys.stdout.write(f"{secret}\n")
    print(f"token {token_id} for team {token_team or '(admin)'} with scopes "
          f"{', '.join(token_scopes)}; it is shown only this once.", file=sys.stderr)


@token_app.command("revoke")
def token_revoke_command(
    token_id: Annotated[str, typer.Argument(help="The token's id (acc_<id>_...).",
                                            show_default=False)],
    database_url: DatabaseOpt = None,
    hub: HubUrlOpt = None,
    token: AdminTokenOpt = None,
    fmt: FormatOpt = DocFormat.TEXT,
) -> None:
    """Revoke a token, and the access tokens minted from it."""
    try:
        if hub is not None:
            _through_api(hub, token, "DELETE", f"/v1/tokens/{token_id}")
        else:
            from accord.services.tokens import revoke_token
            from accord.store import Database

            db = Database(database_url)
            db.upgrade()
            revoke_token(db, token_id)
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    if fmt is DocFormat.JSON:
        sys.stdout.write(json.dumps({"id": token_id, "revoked": True}, indent=2) + "\n")
        return
    sys.stdout.write(f"token {token_id} is revoked\n")


def _through_api(hub: str, token: str | None, method: str, path: str,
                 body: dict[str, object] | None = None) -> Any:
    from accord.cli.hubclient import HubClient
    from accord.cli.hubconfig import resolve

    target = resolve(hub, token, None)
    with HubClient(target.url, target.token) as client:
        if method == "POST":
            return client.post(path, body)
        return client.send(method, path)
