"""Running the hub: ``accord serve``, ``accord db upgrade``, ``accord token create``."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from accord.cli.errors import report_error
from accord.cli.options import DocFormat
from accord.core.errors import AccordError

DatabaseOpt = Annotated[
    str | None,
    typer.Option("--database-url", envvar="ACCORD_DATABASE_URL",
                 help="SQLAlchemy URL: sqlite:///hub.db or postgresql+psycopg://user@host/db "
                 "(default: SQLite in the user data directory)."),
]
FormatOpt = Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")]

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
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Start the hub (HTTP API v1 at /v1, its OpenAPI at /v1/openapi.json)."""
    import uvicorn

    from accord.api import HubConfig, create_app

    try:
        app = create_app(HubConfig(database_url=database_url, admin_token=admin_token))
    except AccordError as exc:
        report_error(exc, as_json=False)
    db = app.state.hub.db
    print(f"accord hub on http://{host}:{port}  (database: {db.display_url})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, workers=workers if workers > 1 else None,
                log_level="warning", server_header=False)


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


@token_app.command("create")
def token_create_command(
    scopes: Annotated[str, typer.Option("--scopes", help="Comma-separated: read, write, admin.")]
    = "read,write",
    team: Annotated[str | None, typer.Option("--team", help="The team the token acts for.")]
    = None,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "",
    database_url: DatabaseOpt = None,
    fmt: FormatOpt = DocFormat.TEXT,
) -> None:
    """Mint a token (printed once; only its hash is stored)."""
    from accord.services.tokens import create_token
    from accord.store import Database

    try:
        db = Database(database_url)
        db.upgrade()
        issued = create_token(db, team=team, scopes=scopes.split(","), name=name)
    except AccordError as exc:
        report_error(exc, as_json=fmt is DocFormat.JSON)
    if fmt is DocFormat.JSON:
        sys.stdout.write(json.dumps({"id": issued.id, "team": issued.team,
                                     "scopes": list(issued.scopes), "token": issued.secret},
                                    indent=2) + "\n")
        return
    sys.stdout.write(f"{issued.secret}\n")
    print(f"token {issued.id} for team {issued.team or '(admin)'} with scopes "
          f"{', '.join(issued.scopes)}; it is shown only this once.", file=sys.stderr)
