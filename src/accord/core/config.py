"""The project configuration file (``accord.yaml``) as typed settings.

Reading the file is the caller's job (it needs a YAML parser with positions);
this module validates the parsed mapping and applies rule settings. The
settings are plain dataclasses that pydantic validates; pydantic is imported
only when there is a file to validate, which keeps it off every command's
start-up path.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from accord.core.change import Change, Level
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location

RuleSetting = Literal["off", "breaking", "dangerous", "safe"]


@dataclass(frozen=True)
class DiffSettings:
    """The ``diff`` section: per-rule levels, switched-off rules, defaults."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    rules: dict[str, RuleSetting] = field(default_factory=dict)
    mode: str | None = None
    fail_on: Literal["breaking", "dangerous", "safe"] | None = None


@dataclass(frozen=True)
class Settings:
    """The whole file; sections other commands own are left to them."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "ignore"}

    diff: DiffSettings = field(default_factory=DiffSettings)


def parse_settings(data: Any, *, file: str, locate: Any = None) -> Settings:
    """Validate a parsed configuration mapping; errors name the offending key.

    ``locate`` maps a JSON pointer to a :class:`Location` when the caller can.
    """
    if data is None:
        return Settings()
    if not isinstance(data, Mapping):
        raise AccordError(
            ErrorCode.INVALID_CONFIG,
            "the configuration file must be a mapping of sections (diff:, lint:, ...)",
            location=Location("", file, 1, 1),
            hint="start the file with a section name such as 'diff:'",
        )
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Settings).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        pointer = "".join(f"/{p}" for p in err["loc"])
        location = locate(pointer) if locate else Location(pointer, file)
        raise AccordError(
            ErrorCode.INVALID_CONFIG,
            f"invalid configuration at {pointer or '/'}: {err['msg']}",
            location=location,
            hint="rule settings are one of: off, breaking, dangerous, safe",
        ) from None


def check_rule_ids(settings: Mapping[str, str], known: Iterable[str], *, file: str) -> None:
    """Refuse settings for rules no kind defines, suggesting the closest id."""
    known = list(known)
    for rule_id in settings:
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, known, n=1)
            raise AccordError(
                ErrorCode.UNKNOWN_RULE,
                f"unknown rule {rule_id!r} in the diff settings",
                location=Location(f"/diff/rules/{rule_id}", file),
                hint=f"did you mean {close[0]!r}?" if close
                else "'accord rules' lists every rule id",
            )


def apply_rule_settings(changes: Iterable[Change], settings: Mapping[str, str]) -> list[Change]:
    """Drop switched-off rules and re-level the others as configured."""
    out: list[Change] = []
    for change in changes:
        setting = settings.get(change.rule)
        if setting == "off":
            continue
        out.append(change.with_level(Level(setting)) if setting else change)
    return out
