"""Finding and reading ``accord.yaml`` for the command line."""

from __future__ import annotations

from pathlib import Path

from accord.core.config import Settings, parse_settings
from accord.core.errors import AccordError, ErrorCode
from accord.source import load_document

DEFAULT_NAMES = ("accord.yaml", "accord.yml")


def find_config(explicit: Path | None) -> Path | None:
    """``--config`` (which must exist), else ``./accord.yaml`` if present, else None."""
    if explicit is None:
        return next((Path(n) for n in DEFAULT_NAMES if Path(n).is_file()), None)
    if not explicit.is_file():
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"configuration file {explicit} does not exist",
            hint="check the --config path, or leave it out to use ./accord.yaml",
        )
    return explicit


def load_settings(explicit: Path | None) -> tuple[Settings, str]:
    """Settings from ``--config``, else ``./accord.yaml`` if present, else
    defaults; with the name of the file they came from (for error locations)."""
    path = find_config(explicit)
    if path is None:
        return Settings(), DEFAULT_NAMES[0]
    doc = load_document(path, str(path))
    return parse_settings(doc.data, file=str(path), locate=doc.location), str(path)
