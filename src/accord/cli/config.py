"""Finding and reading ``accord.yaml`` for the command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.config import Settings, parse_settings
from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location

if TYPE_CHECKING:
    from accord.kinds import KindRegistry
    from accord.kinds.registry import Locate

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
    from accord.source import load_document

    doc = load_document(path, str(path))
    return parse_settings(doc.data, file=str(path), locate=doc.location), str(path)


def kind_options(config: Path | None, given: Sequence[str] | None,
                 kind: str | None) -> tuple[dict[str, dict[str, Any]], Locate]:
    """The kinds' options: ``accord.yaml``'s ``kinds:`` section, overridden by each
    ``--kind-option [KIND.]KEY=VALUE`` (``KIND.`` may be left out with ``--kind``;
    VALUE is read as YAML, so ``categories=[WIRE, WIRE_JSON]`` is a list); with a
    function saying where each option was written, for errors."""
    options: dict[str, dict[str, Any]] = {}
    path = find_config(config)
    document = None
    if path is not None:
        from accord.source import load_document

        document = load_document(path, str(path))
    section = document.data.get("kinds") if document is not None and isinstance(
        document.data, dict) else None
    if section is not None:
        assert document is not None and path is not None
        if not isinstance(section, dict):
            raise AccordError(ErrorCode.INVALID_CONFIG, "'kinds' must map kind names to options",
                              location=document.location("/kinds"),
                              hint="kinds:\n  jsonschema:\n    policy: lenient")
        for name, values in section.items():
            if values is not None and not isinstance(values, dict):
                raise AccordError(ErrorCode.INVALID_CONFIG,
                                  f"the options of {name!r} must be a mapping",
                                  location=document.location(f"/kinds/{name}"),
                                  hint=f"kinds:\n  {name}:\n    option: value")
            options[str(name)] = dict(values or {})
        _local_beside(options, path.parent)
    from_cli: set[tuple[str, str]] = set()
    for text in given or ():
        import yaml

        target, key, value = _kind_option(text, kind)
        options.setdefault(target, {})[key] = yaml.safe_load(value) if value else None
        from_cli.add((target, key))

    def locate(name: str, key: str | None) -> Location:
        if (name, key) in from_cli or document is None or path is None:
            return Location("", "--kind-option")
        pointer = f"/kinds/{name}" + (f"/{key}" if key is not None else "")
        return document.location(pointer)

    return options, locate


def _local_beside(options: dict[str, dict[str, Any]], base_dir: Path) -> None:
    """Options naming this machine's directories (a kind's ``local_options``, such as
    protobuf's ``include``) written in ``accord.yaml`` are read relative to its
    directory, as ``accord publish`` reads them; ``--kind-option`` values stay
    relative to the working directory."""
    from accord.kinds import load_kinds

    kinds = load_kinds()
    for name, values in options.items():
        local: frozenset[str] = getattr(kinds[name], "local_options", frozenset()) if (
            name in kinds) else frozenset()
        for key in local & values.keys():
            values[key] = beside(base_dir, values[key])


def beside(base_dir: Path, value: Any) -> Any:
    """A local option's directories (one, a list, or a comma-separated string) read
    relative to ``base_dir`` (absolute ones stay as they are)."""
    if isinstance(value, str):
        return [str(base_dir / part.strip()) for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(base_dir / v) if isinstance(v, str) else v for v in value]
    return value


def _kind_option(text: str, kind: str | None) -> tuple[str, str, str]:
    name, sep, value = text.partition("=")
    target, dot, key = name.strip().rpartition(".")
    if not sep or not key:
        raise AccordError(ErrorCode.USAGE, f"--kind-option {text!r} is not KEY=VALUE",
                          hint="write --kind-option jsonschema.policy=lenient")
    if not dot:
        if kind is None:
            raise AccordError(ErrorCode.USAGE, f"--kind-option {text!r} names no kind",
                              hint=f"write KIND.{text}, or pass --kind")
        target = kind
    return target, key, value.strip()


def configured_kinds(config: Path | None, given: Sequence[str] | None,
                     kind: str | None) -> tuple[KindRegistry, dict[str, dict[str, Any]]]:
    """The installed kinds with their options applied, and the options by kind
    name (see :func:`kind_options`)."""
    from accord.kinds import load_kinds

    options, locate = kind_options(config, given, kind)
    return load_kinds().configured(options, locate), options
