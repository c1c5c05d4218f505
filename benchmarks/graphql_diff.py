"""The GraphQL case: ``accord diff`` of two GitHub schemas against graphql-inspector.

Both tools compare ``github-2022-12-07.graphql`` (base) with
``github-2023-10-11.graphql`` (revision) from the shared corpus, read in place, as
whole processes: ``accord diff --format json`` and ``graphql-inspector diff``
(its npm command; node's start-up counts, as it does for every user of the tool).
The module is not named ``graphql``: benchmarks/ is first on ``sys.path`` when
run.py runs, and it would hide graphql-core.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cases import Context

OLD = "github-2022-12-07.graphql"
NEW = "github-2023-10-11.graphql"
INSPECTOR = "graphql-inspector"


def schema(ctx: Context, name: str) -> Path:
    return ctx.corpora.parent / "graphql" / name


def accord_argv(ctx: Context) -> list[str]:
    return [*ctx.accord_argv(), "diff", str(schema(ctx, OLD)), str(schema(ctx, NEW)),
            "--format", "json"]


def inspector_argv(ctx: Context) -> list[str]:
    return [str(ctx.peer_bin(INSPECTOR)), "diff", str(schema(ctx, OLD)), str(schema(ctx, NEW))]


def summarize_inspector(stdout: bytes) -> str:
    """graphql-inspector's tally: its marks are ✖ breaking, ⚠ dangerous, ✔ safe."""
    text = stdout.decode(errors="replace")
    counts = [len(re.findall(mark, text)) for mark in ("✖", "⚠", "✔")]
    return f"{counts[0]} breaking, {counts[1]} dangerous, {counts[2]} safe"


def validate_inspector(stdout: bytes) -> str | None:
    return None if b"Detected" in stdout else "stdout holds no graphql-inspector result"
