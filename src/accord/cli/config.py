"""Finding and reading ``accord.yaml`` for the command line."""

from __future__ import annotations

from pathlib import Path

from accord.core.config import Settings, parse_settings
from accord.core.errors import AccordError, ErrorCode
from accord.source import load_document

DEFAULT_NAMES = ("accord.yaml", "accord.yml")


def load_settings(explicit: Path | None) -> tuple[Settings, str]:
    """Settings from ``--config``, else ``./accord.yaml`` if present, else
    defaults; with the name of the file they came from (for error locations)."""
    path = explicit
    if path is None:
        path = next((Path(n) for n in DEFAULT_NAMES if Path(n).is_file()), None)
        if path is None:
            return Settings(), DEFAULT_NAMES[0]
    elif not path.is_file():
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"configuration file {path} does not exist",
            hint="check the --config path, or leave it out to use ./accord.yaml",
        )
    doc = load_document(path, str(path))
    return parse_settings(doc.data, file=str(path), locate=doc.location), str(path)
