"""Reading a GraphQL contract: SDL files (one, a directory, or an entry that imports
others) or an introspection result.

An SDL file may pull in others with graphql-import comments,
``# import * from "types/user.graphql"`` (paths relative to the importing file);
each imported file is read whole, once. A directory is every ``.graphql``,
``.graphqls`` and ``.gql`` file below it, in path order.
"""

from __future__ import annotations

import re
from pathlib import Path

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.graphql.model import GraphQLModel, SourceFile
from accord.kinds.graphql.platform import PlatformOptions
from accord.kinds.protocol import Contract

SDL_SUFFIXES = frozenset({".graphql", ".graphqls", ".gql"})
_IMPORT = re.compile(r"""^[ \t]*#[ \t]*import[ \t]+.*?\bfrom[ \t]+["']([^"']+)["']""", re.M)
_JSON_START = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]*\{")
_MAX_FILES = 500


def load_contract(path: Path, kind: str, *, lenient: bool = False,
                  display: str | None = None,
                  options: PlatformOptions | None = None) -> Contract:
    model = load_model(path, lenient=lenient, display=display, options=options)
    # A directory is every file it holds, even one; a file alone needs no list.
    files = tuple(f.path for f in model.files) if path.is_dir() or len(model.files) > 1 \
        else ()
    return Contract(kind=kind, source=display if display is not None else str(path),
                    version=None, model=model, files=files)


def load_model(path: Path, *, lenient: bool = False, display: str | None = None,
               options: PlatformOptions | None = None) -> GraphQLModel:
    """Read and check the contract at ``path``, SDL as written for the platforms
    ``options`` allow (default: detected).

    Strict (``diff``): the first problem of an invalid schema is an AccordError.
    ``lenient`` (``lint``): only unreadable input raises; validation problems are left
    in ``GraphQLModel.errors`` for the lint rules to report.
    """
    shown = display if display is not None else str(path)
    options = options if options is not None else PlatformOptions()
    if path.is_dir():
        model = GraphQLModel(_directory(path, shown), "sdl", options=options)
    else:
        raw = _read(path, shown)
        if path.suffix.lower() == ".json" or (
                path.suffix.lower() not in SDL_SUFFIXES and _JSON_START.match(raw)):
            model = _introspection(path, shown)
        else:
            model = GraphQLModel(_with_imports(path, shown, _decode(raw, shown)), "sdl",
                                 options=options)
    if lenient:
        _ = model.documents  # syntax errors are still errors
    else:
        from accord.kinds.graphql.check import first_problem

        problem = first_problem(model.definitions)
        if problem is not None:
            raise AccordError(ErrorCode.INVALID_CONTRACT, problem.message,
                              location=problem.location, hint=problem.hint)
    return model


def _introspection(path: Path, shown: str) -> GraphQLModel:
    from accord.kinds.graphql.introspection import schema_of
    from accord.source import load_document

    doc = load_document(path, shown)
    found = schema_of(doc.data)
    if found is None:
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT,
            f"{shown} is not a GraphQL introspection result: it has no '__schema' object",
            location=doc.location(""),
            hint="pass SDL (.graphql) or the JSON result of the introspection query, "
            "{\"data\": {\"__schema\": ...}}")
    schema, pointer = found
    return GraphQLModel((SourceFile(shown, str(path.resolve()), doc.text),), "introspection",
                        introspection=schema, introspection_pointer=pointer)


def _sdl_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SDL_SUFFIXES
                  and p.is_file())


def _directory(folder: Path, shown: str) -> tuple[SourceFile, ...]:
    found = _sdl_files(folder)
    if not found:
        raise AccordError(
            ErrorCode.NOT_A_CONTRACT, f"{shown} holds no GraphQL SDL files",
            location=Location("", shown),
            hint="put the schema in .graphql (or .graphqls, .gql) files in the directory")
    if len(found) > _MAX_FILES:
        raise AccordError(ErrorCode.INVALID_CONTRACT,
                          f"{shown} holds {len(found)} SDL files, more than {_MAX_FILES}",
                          location=Location("", shown), hint="pass a smaller directory")
    files = []
    for file in found:
        name = str(Path(shown) / file.relative_to(folder))
        files.append(SourceFile(name, str(file.resolve()), _decode(_read(file, name), name)))
    return tuple(files)


def _with_imports(path: Path, shown: str, text: str) -> tuple[SourceFile, ...]:
    """The entry and every file it imports, transitively, the entry first."""
    files = [SourceFile(shown, str(path.resolve()), text)]
    seen = {files[0].path}
    index = 0
    while index < len(files):
        current = files[index]
        index += 1
        for match in _IMPORT.finditer(current.text):
            target = Path(current.path).parent / match.group(1)
            name = str(Path(current.display).parent / match.group(1))
            resolved = str(target.resolve())
            if resolved in seen:
                continue
            if not target.is_file():
                line = current.text.count("\n", 0, match.start()) + 1
                raise AccordError(
                    ErrorCode.UNRESOLVABLE_REF, f"{name}, imported by {current.display}, "
                    "does not exist", location=Location("", current.display, line, 1),
                    hint="correct the path in the '# import ... from' comment (relative to "
                    "the importing file)")
            if len(files) >= _MAX_FILES:
                raise AccordError(ErrorCode.INVALID_CONTRACT,
                                  f"{shown} imports more than {_MAX_FILES} files",
                                  location=Location("", shown), hint="import fewer files")
            seen.add(resolved)
            files.append(SourceFile(name, resolved, _decode(_read(target, name), name)))
    return tuple(files)


def _read(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AccordError(ErrorCode.FILE_NOT_FOUND, f"{shown} does not exist",
                          location=Location("", shown),
                          hint="check the path (relative paths start from the current "
                          "directory)") from None
    except OSError as exc:
        raise AccordError(ErrorCode.FILE_NOT_FOUND,
                          f"cannot read {shown}: {exc.strerror or exc}",
                          location=Location("", shown),
                          hint="check that the file exists and is readable") from None


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AccordError(ErrorCode.INVALID_SYNTAX,
                          f"{shown} is not UTF-8 text (invalid byte at offset {exc.start})",
                          location=Location("", shown, line),
                          hint="save the SDL as UTF-8") from None
    return text.removeprefix("\ufeff")
