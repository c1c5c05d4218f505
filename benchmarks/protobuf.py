"""The Protobuf case: ``accord diff`` of two googleapis trees against ``buf breaking``.

Both tools compare ``googleapis-2025-12-17`` (base) with ``googleapis-2026-08-21``
(revision) from the shared corpus, read in place. buf runs its native binary from
the npm package (``@bufbuild/buf`` installs it as ``@bufbuild/buf-<os>-<arch>``), so
node's start-up is not counted against it, with its default category (FILE) given as
an inline configuration for both trees: nothing is written next to the corpus.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cases import Context

OLD = "googleapis-2025-12-17"
NEW = "googleapis-2026-08-21"
#: buf's own configuration format, v2, checking the FILE category as buf does by default.
BUF_CONFIG = json.dumps({"version": "v2", "breaking": {"use": ["FILE"]}})
#: buf exits 100 when it finds breaking changes.
BUF_FOUND = 100


def tree(ctx: Context, name: str) -> Path:
    return ctx.corpora.parent / "protobuf" / name


def accord_argv(ctx: Context) -> list[str]:
    return [*ctx.accord_argv(), "diff", str(tree(ctx, OLD)), str(tree(ctx, NEW)),
            "--format", "json"]


def buf_binary(ctx: Context) -> Path:
    """The native buf binary npm installed for this platform (the .bin entry is a node
    script that starts it)."""
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower())
    system = {"darwin": "darwin", "linux": "linux"}.get(platform.system().lower(), "win32")
    native = ctx.peers / "node_modules" / "@bufbuild" / f"buf-{system}-{arch}" / "bin" / "buf"
    return native if native.is_file() else ctx.peer_bin("buf")


def buf_argv(ctx: Context) -> list[str]:
    return [str(buf_binary(ctx)), "breaking", str(tree(ctx, NEW)), "--against",
            str(tree(ctx, OLD)), "--config", BUF_CONFIG, "--against-config", BUF_CONFIG,
            "--error-format", "json"]


def summarize_buf(stdout: bytes) -> str:
    """buf's findings by rule (one JSON object a line)."""
    rules: dict[str, int] = {}
    for line in stdout.decode(errors="replace").splitlines():
        try:
            finding = json.loads(line)
        except ValueError:
            continue
        if isinstance(finding, dict) and "type" in finding:
            rules[finding["type"]] = rules.get(finding["type"], 0) + 1
    return ", ".join(f"{n} {rule}" for rule, n in sorted(rules.items())) or "no findings"


def validate_buf(stdout: bytes) -> str | None:
    return None if b'"type"' in stdout else "stdout holds no buf finding"
