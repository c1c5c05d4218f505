"""How the command line shows errors: the one place AccordError meets a terminal."""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import NoReturn

from accord.core.errors import AccordError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def report_error(error: AccordError, *, as_json: bool) -> NoReturn:
    """Print ``error`` as one paragraph (or a JSON object) and exit 2."""
    from rich.console import Console
    from rich.markup import escape

    if as_json:
        sys.stdout.write(json.dumps({"error": error.to_dict()}, indent=2) + "\n")
    # Soft wrap: a piped error stays one line per sentence (CI logs, grep).
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    where = f"{error.location}: " if error.location else ""
    console.print(f"[bold red]error[/][dim][{error.code}][/] {escape(where + error.message)}")
    if error.hint:
        console.print(f"  [bold]hint:[/] {escape(error.hint)}")
    raise SystemExit(EXIT_INPUT)


def report_internal(exc: BaseException) -> NoReturn:
    """An unexpected failure: a short message, the traceback only on request."""
    from rich.console import Console
    from rich.markup import escape

    if os.environ.get("ACCORD_DEBUG"):
        traceback.print_exception(exc)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(
        f"[bold red]internal error[/] {escape(type(exc).__name__)}: {escape(str(exc))}\n"
        "  [bold]hint:[/] this is a bug in accord; rerun with ACCORD_DEBUG=1 for the traceback "
        "and report it with the input files"
    )
    raise SystemExit(EXIT_INTERNAL)
