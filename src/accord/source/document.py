"""One YAML or JSON file, parsed once, with lazy pointer -> line/column lookup."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import yaml

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location, split
from accord.source._json import JsonLocator, JsonSyntaxError, parse_json
from accord.source._yaml import DuplicateKeyError, YamlLocator, parse_yaml

JSON_SUFFIXES = frozenset({".json"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
# Files that are never YAML or JSON, whatever they contain.
OTHER_SUFFIXES = frozenset(
    {
        ".proto",
        ".graphql",
        ".graphqls",
        ".gql",
        ".zip",
        ".jar",
        ".gz",
        ".tgz",
        ".tar",
        ".pb",
        ".desc",
        ".binpb",
    }
)

_JSON_HINT = (
    "fix the JSON at that line: look for a missing or extra comma, an unquoted key, "
    "or an unclosed bracket or string"
)
_YAML_HINT = (
    "fix the YAML at that line: check the indentation, a missing ': ' after a key, "
    "and unclosed quotes or brackets"
)


class _Locator(Protocol):
    def locate(self, tokens: list[str]) -> tuple[int, int]: ...


class Document:
    """A parsed YAML/JSON file.

    Attributes: ``path`` (absolute, resolved), ``display`` (the name used in
    reports: the path as the user gave it, or relative to the entry document),
    ``data`` (the parsed value), ``text`` (the file's text), ``format``
    (``"json"`` or ``"yaml"``).
    """

    __slots__ = ("_locator", "_yaml_root", "data", "display", "format", "memo", "path", "text")

    path: Path
    display: str
    data: Any
    text: str
    format: str

    def __init__(
        self,
        path: Path,
        display: str,
        data: Any,
        text: str,
        format: str,
        *,
        yaml_root: yaml.Node | None = None,
    ) -> None:
        self.path = path
        self.display = display
        self.data = data
        self.text = text
        self.format = format
        self._yaml_root = yaml_root
        self._locator: _Locator | None = None
        #: Derived data engines cache per document (keyed by engine), freed with it.
        self.memo: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Document({self.display!r}, format={self.format!r})"

    def location(self, pointer: str) -> Location:
        """Where the value at ``pointer`` starts (1-based line and column).

        For a pointer that does not exist, the location of its nearest existing
        ancestor, still carrying the requested pointer.
        """
        try:
            tokens = split(pointer)
        except ValueError:
            tokens = []
        locator = self._locator
        if locator is None:
            if self.format == "json":
                locator = JsonLocator(self.text, self.data)
            else:
                locator = YamlLocator(self._yaml_root)
            self._locator = locator
        line, column = locator.locate(tokens)
        return Location(pointer, self.display, line, column)


def _syntax_error(
    message: str, display: str, line: int | None, column: int | None, hint: str
) -> AccordError:
    return AccordError(
        ErrorCode.INVALID_SYNTAX,
        message,
        location=Location("", display, line, column),
        hint=hint,
    )


def _read(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"{display} does not exist",
            location=Location("", display),
            hint="check the path (relative paths start from the current directory)",
        ) from None
    except IsADirectoryError:
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"{display} is a directory, not a file",
            location=Location("", display),
            hint="pass the path of a YAML or JSON file",
        ) from None
    except OSError as exc:
        raise AccordError(
            ErrorCode.FILE_NOT_FOUND,
            f"cannot read {display}: {exc.strerror or exc}",
            location=Location("", display),
            hint="check that the file exists and is readable",
        ) from None


def _decode(raw: bytes, display: str) -> tuple[str, bool]:
    """The text of ``raw`` and whether ``raw`` is exactly its UTF-8 encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), False
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw[:8192]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise _syntax_error(
                f"{display} is not UTF-8 text (invalid byte at offset {exc.start})",
                display,
                line,
                None,
                "save the file as UTF-8; YAML and JSON files must be text",
            ) from None
        if text.startswith("\ufeff"):
            return text[1:], False
        return text, True
    raise _syntax_error(
        f"{display} is a binary file, not YAML or JSON",
        display,
        None,
        None,
        "pass a YAML or JSON file",
    )


def _looks_like_json(text: str) -> bool:
    start = text.lstrip(" \t\r\n")
    return start[:1] in ("{", "[")


def _parse_json(text: str, raw: bytes | None, display: str) -> Any:
    try:
        return parse_json(text, raw)
    except JsonSyntaxError as exc:
        hint = _JSON_HINT if exc.line is not None else "nest values less deeply"
        raise _syntax_error(
            f"invalid JSON: {exc.message}", display, exc.line, exc.column, hint
        ) from None


def _indented_with_tab(text: str, line: int) -> bool:
    lines = text.split("\n", line + 1)
    if line >= len(lines):
        return False
    content = lines[line]
    return "\t" in content[: len(content) - len(content.lstrip(" \t"))]


def _yaml_error(exc: Exception, text: str, display: str) -> AccordError:
    if isinstance(exc, DuplicateKeyError):
        mark = exc.problem_mark
        return _syntax_error(
            f"invalid YAML: duplicate key {exc.key!r} in one mapping "
            f"(first at line {exc.first.line + 1})",
            display,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            "remove or rename one of the two keys; only one of them would be kept",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem) if p]
        message = ", ".join(parts) or "not valid YAML"
        mark = exc.problem_mark or exc.context_mark
        hint = _YAML_HINT
        if exc.context and "single document" in exc.context:
            hint = "keep one document per file: remove the '---' line and what follows it"
        elif mark is not None and _indented_with_tab(text, mark.line):
            hint = "indent with spaces: YAML does not allow tab characters for indentation"
        return _syntax_error(
            f"invalid YAML: {message}",
            display,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint,
        )
    if isinstance(exc, yaml.reader.ReaderError):
        position = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        char = exc.character
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        return _syntax_error(
            f"invalid YAML: character U+{code:04X} is not allowed ({exc.reason})",
            display,
            line,
            column,
            "remove the control character, or quote and escape it",
        )
    if isinstance(exc, RecursionError):
        return _syntax_error(
            "invalid YAML: values are nested too deeply",
            display,
            None,
            None,
            "nest collections less deeply (a few hundred levels at most)",
        )
    return _syntax_error(f"invalid YAML: {exc}", display, None, None, _YAML_HINT)


def parse_text(
    text: str, display: str, *, path: Path | None = None, suffix: str = "", raw: bytes | None = None
) -> Document:
    """Parse ``text`` (JSON or YAML, decided by ``suffix`` and the first
    character) into a :class:`Document`. ``raw``: the UTF-8 bytes of ``text``,
    if at hand (saves orjson re-encoding)."""
    doc_path = path if path is not None else Path(display)
    if not text.strip():
        raise _syntax_error(
            f"{display} is empty", display, 1, 1, "write a YAML or JSON document into the file"
        )
    suffix = suffix.lower()
    if suffix in JSON_SUFFIXES:
        return Document(doc_path, display, _parse_json(text, raw, display), text, "json")
    json_error: AccordError | None = None
    if _looks_like_json(text):
        try:
            return Document(doc_path, display, _parse_json(text, raw, display), text, "json")
        except AccordError as exc:  # perhaps flow-style YAML: try that below
            json_error = exc
    try:
        data, root = parse_yaml(text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        if json_error is not None and suffix not in YAML_SUFFIXES:
            raise json_error from None
        raise _yaml_error(exc, text, display) from None
    return Document(doc_path, display, data, text, "yaml", yaml_root=root)


#: The last file parsed, keyed by (path, size, mtime): sniffing a file's kind
#: and then loading it reads and parses it once.
_last: tuple[tuple[Path, int, int], Document] | None = None


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; ``AccordError`` (FILE_NOT_FOUND, INVALID_SYNTAX
    with line/column and hint) on failure."""
    global _last
    shown = display if display is not None else str(path)
    try:
        stat = path.stat()
        key: tuple[Path, int, int] | None = (path.resolve(), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and _last is not None and _last[0] == key:
        cached = _last[1]
        if cached.display == shown:
            return cached
        return Document(cached.path, shown, cached.data, cached.text, cached.format,
                        yaml_root=cached._yaml_root)
    raw = _read(path, shown)
    text, exact = _decode(raw, shown)
    doc = parse_text(
        text, shown, path=path.resolve(), suffix=path.suffix, raw=raw if exact else None
    )
    if key is not None:
        _last = (key, doc)
    return doc


def load_tree_or_none(path: Path) -> Any:
    """The parsed data of a YAML/JSON file, or None when the file is not one
    (by extension: .proto, .graphql, ...). Syntax errors raise AccordError.

    Files with another extension are tried; if they do not parse, or parse to
    a plain scalar (any text is a YAML string), the answer is None.
    """
    suffix = path.suffix.lower()
    if suffix in OTHER_SUFFIXES or path.is_dir():
        return None
    if suffix in JSON_SUFFIXES or suffix in YAML_SUFFIXES:
        return load_document(path).data
    if not path.exists():
        load_document(path)  # raises FILE_NOT_FOUND
    try:
        data = load_document(path).data
    except AccordError:
        return None
    return data if isinstance(data, dict | list) else None
