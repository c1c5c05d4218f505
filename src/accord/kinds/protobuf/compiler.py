"""Running protoc (the one grpcio-tools ships) in-process, and reading what it says.

One call compiles a whole tree into a ``FileDescriptorSet`` with imports and
source info. protoc writes its diagnostics to the process's standard error (file
descriptor 2), so a call redirects that descriptor to a temporary file for its
duration, under a lock: two threads never compile at once.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location

if TYPE_CHECKING:
    from google.protobuf.descriptor_pb2 import FileDescriptorProto

_LOCK = threading.Lock()
#: ``path:line:col: message`` or ``path: message``.
_DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<col>\d+):)?\s*(?P<message>.*)$")
_MAX_SHOWN = 8


def well_known_dir() -> str:
    """The directory of the well-known types' ``.proto`` files bundled with grpcio-tools."""
    import grpc_tools

    return str(Path(grpc_tools.__file__).parent / "_proto")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One line protoc wrote about the input."""

    file: str
    line: int | None
    column: int | None
    message: str

    @property
    def is_warning(self) -> bool:
        return self.message.startswith("warning:")


def parse_diagnostics(text: str) -> list[Diagnostic]:
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _DIAGNOSTIC.match(line)
        if match is None or (" " in match["file"] and match["line"] is None):
            out.append(Diagnostic("", None, None, line))
            continue
        out.append(Diagnostic(match["file"], int(match["line"]) if match["line"] else None,
                              int(match["col"]) if match["col"] else None,
                              match["message"].strip()))
    return out


def compile_files(files: Sequence[str], includes: Sequence[str], shown: Callable[[str], str],
                  *, imports: bool = True,
                  source_info: bool = False) -> list[FileDescriptorProto]:
    """Compile ``files`` (absolute paths inside one of ``includes``), with their imports
    unless ``imports`` is false; ``shown`` names a file protoc mentions the way the user
    should see it; ``source_info`` adds spans and comments (about half of protoc's time
    on googleapis)."""
    from google.protobuf.descriptor_pb2 import FileDescriptorSet

    key = _key(files, includes, imports, source_info)
    child = _PENDING.pop(key, None)
    with tempfile.TemporaryDirectory(prefix="accord-protoc-") as work:
        out = Path(work) / "set.pb"
        if child is not None:
            status, said = child.result(out)
        else:
            status, said = _run_here(_args(key, str(out)), Path(work) / "stderr")
        if status != 0 or not out.is_file():
            raise compile_error(parse_diagnostics(said), shown)
        fds = FileDescriptorSet()
        fds.ParseFromString(out.read_bytes())
    return list(fds.file)


#: (files, include directories, with imports, with source info): one protoc run.
Key = tuple[tuple[str, ...], tuple[str, ...], bool, bool]


def _key(files: Sequence[str], includes: Sequence[str], imports: bool,
         source_info: bool) -> Key:
    return tuple(files), tuple(includes), imports, source_info


def _args(key: Key, out: str) -> list[str]:
    files, includes, imports, source_info = key
    return ["protoc", *(f"--proto_path={d}" for d in includes),
            *(["--include_imports"] if imports else []),
            *(["--include_source_info"] if source_info else []),
            f"--descriptor_set_out={out}", *files]


def _run_here(args: list[str], errors: Path) -> tuple[int, str]:
    """protoc in this process, its standard error captured (one call at a time)."""
    from grpc_tools import protoc

    with _LOCK, errors.open("w+b") as sink:
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            status = protoc.main(args)
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        sink.seek(0)
        return status, sink.read().decode("utf-8", "replace")


# --- compiling ahead, in a child process --------------------------------------------------


@dataclass
class _Child:
    """A forked process compiling one tree into ``work``."""

    pid: int
    work: str

    def result(self, out: Path) -> tuple[int, str]:
        """Wait for the child; its status and diagnostics, its descriptor set moved to
        ``out``."""
        _, code = os.waitpid(self.pid, 0)
        status = os.waitstatus_to_exitcode(code)
        work = Path(self.work)
        try:
            said = (work / "stderr").read_bytes().decode("utf-8", "replace")
            if (work / "set.pb").is_file():
                (work / "set.pb").replace(out)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return status, said


#: Trees being compiled ahead by a child process, by what their protoc run would be.
_PENDING: dict[Key, _Child] = {}


def prefetch(files: Sequence[str], includes: Sequence[str], *, imports: bool = True,
             source_info: bool = False) -> None:
    """Start compiling a tree in a forked child, so that a later :func:`compile_files`
    with the same arguments only collects the result: two trees of a diff compile on
    two cores. Only for a process that will make that call (the CLI): a child never
    collected stays a zombie until the process ends. Without ``fork``, does nothing."""
    key = _key(files, includes, imports, source_info)
    if key in _PENDING or not hasattr(os, "fork"):
        return
    import grpc_tools.protoc  # noqa: F401  (imported once, before forking)

    if not _PENDING:
        atexit.register(_abandon)
    work = tempfile.mkdtemp(prefix="accord-protoc-")
    pid = os.fork()
    if pid == 0:  # the child: compile, say how it went, and leave without cleanup
        status = 1
        try:
            status = _compile_in_child(key, work)
        finally:
            os._exit(status)
    _PENDING[key] = _Child(pid, work)


def _abandon() -> None:
    """At exit: collect the children nobody asked for (the command stopped early) and
    remove their work folders."""
    while _PENDING:
        _, child = _PENDING.popitem()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
        shutil.rmtree(child.work, ignore_errors=True)


def _compile_in_child(key: Key, work: str) -> int:
    from grpc_tools import protoc

    fd = os.open(str(Path(work) / "stderr"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)
    return int(protoc.main(_args(key, str(Path(work) / "set.pb"))))


def compile_error(diagnostics: Sequence[Diagnostic], shown: Callable[[str], str]) -> AccordError:
    """The AccordError for a failed compilation, located at protoc's first error."""
    errors = [d for d in diagnostics if not d.is_warning] or list(diagnostics)
    if not errors:
        return AccordError(ErrorCode.INVALID_SYNTAX, "protoc could not compile the contract",
                           hint="run protoc on the files to see why")
    first = errors[0]
    lines = [_describe(d, shown) for d in errors[:_MAX_SHOWN]]
    if len(errors) > _MAX_SHOWN:
        lines.append(f"... and {len(errors) - _MAX_SHOWN} more")
    # One error: the location says where; several: each line says where.
    message = first.message if len(lines) == 1 and first.file else \
        lines[0] if len(lines) == 1 else "protoc found errors:\n  " + "\n  ".join(lines)
    location = Location("", shown(first.file), first.line, first.column) if first.file else None
    missing = [d for d in errors if "not found" in d.message.lower()]
    code = ErrorCode.UNRESOLVABLE_REF if missing else ErrorCode.INVALID_SYNTAX
    return AccordError(code, message, location=location, hint=_hint(missing[0] if missing
                                                                     else first))


def _describe(d: Diagnostic, shown: Callable[[str], str]) -> str:
    if not d.file:
        return d.message
    where = shown(d.file)
    if d.line is not None:
        where += f":{d.line}:{d.column}"
    return f"{where}: {d.message}"


def _hint(d: Diagnostic) -> str:
    text = d.message.lower()
    if "not found" in text:
        return ("imports are looked up below the contract's directory (a single file: the "
                "directory its imports resolve from) and the well-known types; name other "
                "directories in the protobuf kind's 'include' option (kinds: {protobuf: "
                "{include: [path/to/protos]}} in accord.yaml)")
    if "is not defined" in text:
        return "import the file that declares the type, or qualify its name with its package"
    if "already defined" in text:
        return "give each element a unique name within its package, or remove the duplicate"
    if "syntax" in text or "edition" in text:
        return "start the file with 'syntax = \"proto3\";', 'syntax = \"proto2\";' or " \
               "'edition = \"2023\";'"
    return "fix the file at this location; the message is protoc's"
