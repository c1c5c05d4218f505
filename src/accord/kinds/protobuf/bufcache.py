"""The registry modules a buf repository depends on, found in buf's local module cache.

buf keeps each module it downloads under its cache directory (``$BUF_CACHE_DIR``,
else ``$XDG_CACHE_HOME/buf``, else ``~/.cache/buf``), at
``v3/modules/<digest type>/<registry>/<owner>/<name>/<commit>/``: the module's
files below ``files/``, and a ``module.yaml`` written last, so an entry without one
is incomplete. The digest type (``b5``, ``shake256``) and the commit (without
dashes) are what the repository's ``buf.lock`` pins: version v2 names each
dependency (``name: buf.build/acme/money``), v1 and v1beta1 spell it out
(``remote``, ``owner``, ``repository``). Nothing is downloaded: a dependency that
is not in the cache has to come through the ``include`` option.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.core.errors import AccordError, ErrorCode

#: One segment of a module name, a commit, a digest type: nothing that leaves a folder.
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Lock:
    """One dependency as a buf.lock pins it."""

    #: ``registry/owner/name``.
    name: str
    #: The commit id without dashes.
    commit: str
    #: The digest's type (``b5``), which names the cache's top folder.
    digest_type: str


def read_lock(path: Path) -> list[Lock]:
    """The dependencies ``path`` pins; none when there is no such file or it cannot be
    read (it serves only to find files in the cache, so it never fails a load)."""
    if not path.is_file():
        return []
    from accord.source.document import parse_text

    try:
        data = parse_text(path.read_text(encoding="utf-8"), str(path), path=path,
                          suffix=".yaml").data
    except (OSError, UnicodeDecodeError, AccordError):
        return []
    deps = data.get("deps") if isinstance(data, dict) else None
    if not isinstance(deps, list):
        return []
    return [lock for entry in deps if isinstance(entry, dict)
            and (lock := _lock(entry, data.get("version"))) is not None]


def _lock(entry: dict[str, Any], version: Any) -> Lock | None:
    if version == "v2":
        name = entry.get("name")
    else:
        parts = [entry.get(k) for k in ("remote", "owner", "repository")]
        strings = [p for p in parts if isinstance(p, str)]
        name = "/".join(strings) if len(strings) == len(parts) else None
    commit, digest = entry.get("commit"), entry.get("digest")
    if not (isinstance(name, str) and isinstance(commit, str) and isinstance(digest, str)):
        return None
    lock = Lock(name, commit.replace("-", ""), digest.split(":", 1)[0])
    segments = [*lock.name.split("/"), lock.commit, lock.digest_type]
    if len(segments) != 5 or not all(_SEGMENT.match(s) for s in segments):
        return None
    return lock


def cache_dir() -> Path | None:
    """buf's cache directory, as buf finds it on Linux (None: no home to find it in)."""
    given = os.environ.get("BUF_CACHE_DIR")
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "buf"
    try:
        return Path.home() / ".cache" / "buf"
    except RuntimeError:
        return None


def cached_roots(locks: Iterable[Lock]) -> dict[str, Path]:
    """The import roots of the pinned dependencies that buf's cache holds complete,
    by dependency name."""
    folder = cache_dir()
    if folder is None:
        return {}
    modules = folder / "v3" / "modules"
    out: dict[str, Path] = {}
    for lock in locks:
        entry = modules.joinpath(lock.digest_type, *lock.name.split("/"), lock.commit)
        if (entry / "module.yaml").is_file() and (entry / "files").is_dir():
            out[lock.name] = entry / "files"
    return out


def missing_dependency(exc: AccordError, deps: Sequence[str], locks: Iterable[Lock],
                       shown: str) -> AccordError:
    """protoc's error ``exc`` for an import not found, naming the registry modules that
    the buf.yaml ``shown`` depends on and the cache does not hold (all of them, when
    it holds every one)."""
    cached = cached_roots(locks)
    missing = [d for d in deps if d not in cached] or list(deps)
    names = ", ".join(missing)
    cache = cache_dir()
    where = f" ({cache})" if cache is not None else ""
    return AccordError(
        ErrorCode.UNRESOLVABLE_REF,
        f"{exc.message}\n{shown} depends on {names}, which accord does not download "
        f"and buf's module cache{where} does not hold",
        location=exc.location,
        hint=f"pass the .proto files of {names} with the protobuf kind's 'include' option "
             "(kinds: {protobuf: {include: [path/to/their/protos]}} in accord.yaml), or "
             "vendor them into the repository (`buf export <module> -o <directory>`); once "
             "`buf build` has downloaded them, accord finds them in buf's cache too",
        details={"dependencies": missing})
