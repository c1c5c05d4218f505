"""The ``accord`` Typer application and its entry point."""

from __future__ import annotations

import typer

from accord import __version__
from accord.cli import client, diff, hub, lint, rules
from accord.cli.errors import report_internal
from accord.core.errors import AccordError

app = typer.Typer(
    name="accord",
    help="Contracts between teams: diff, lint and check API and event contracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """accord checks contracts before anything ships."""


diff.register(app)
lint.register(app)
rules.register(app)
hub.register(app)
client.register(app)


def main() -> None:
    try:
        app()
    except AccordError as exc:  # commands report their own; this is the last net
        from accord.cli.errors import report_error

        report_error(exc, as_json=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        report_internal(exc)
