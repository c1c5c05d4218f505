"""A buf repository's layout: which directories are import roots (buf's modules) and
which ``.proto`` files below them are the contract's, as ``buf build`` decides there.

A directory contract with a ``buf.yaml`` or a ``buf.work.yaml`` at its top is read
this way (:func:`read_layout`; a directory without either is not a layout):

- ``buf.yaml`` v2: each entry of ``modules`` is a module, its ``path`` an import
  root, its ``excludes`` (and ``includes``) directories left out of it (the only
  ones kept), named relative to the buf.yaml; no ``modules``: the directory itself;
- ``buf.yaml`` v1: the directory is the module, minus ``build.excludes`` (relative
  to it); v1beta1: each of ``build.roots`` (default the directory) is a root, its
  ``build.excludes`` named relative to the buf.yaml;
- ``buf.work.yaml`` (v1): each of ``directories`` is a module, configured by the
  v1 or v1beta1 ``buf.yaml`` it may hold.

Files outside every module are not the contract's, nor importable. ``deps`` (modules
of a registry) are never fetched: ``bufcache.py`` finds them in buf's local cache,
else the ``include`` option must provide them. Paths are checked as buf checks them
(relative, inside the directory, an exclude inside its module and a directory);
every problem is an ``INVALID_CONTRACT`` error located in the file that has it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.protobuf.bufcache import Lock, read_lock

if TYPE_CHECKING:
    from accord.kinds.protobuf.bufbreaking import Breaking, Policy
    from accord.source.document import Document

BUF_YAML = "buf.yaml"
BUF_WORK_YAML = "buf.work.yaml"
BUF_LOCK = "buf.lock"
#: The names of buf's configuration files: a ZIP contract keeps them when unpacked.
CONFIG_NAMES = frozenset({BUF_YAML, BUF_WORK_YAML, BUF_LOCK})
_VERSIONS = ("v2", "v1", "v1beta1")
_VERSION_HINT = "start the file with 'version: v2' (or v1, v1beta1: the versions buf reads)"


@dataclass(frozen=True, slots=True)
class Module:
    """One module: an import root and the directories left out of it (or kept)."""

    #: The import root, absolute.
    root: Path
    #: The root relative to the contract's directory (``.`` for itself), ``/``-separated.
    path: str
    #: Directories relative to the contract's directory whose files are not the module's.
    excludes: tuple[str, ...] = ()
    #: When not empty, the only directories (same form) whose files are the module's.
    includes: tuple[str, ...] = ()
    #: Where the module is declared, for errors about it.
    where: Location | None = None
    #: Its buf.yaml's ``breaking`` section, when it has one (``bufbreaking.py``).
    breaking: Policy | None = None

    def owns(self, relative: str) -> bool:
        """Whether the file at ``relative`` (to the contract's directory), found below
        the root, is the module's."""
        if any(_within(relative, d) for d in self.excludes):
            return False
        return not self.includes or any(_within(relative, d) for d in self.includes)


@dataclass(frozen=True, slots=True)
class Layout:
    """The modules of a buf repository and the configuration files that say so."""

    modules: tuple[Module, ...]
    #: Every buf.yaml, buf.work.yaml and buf.lock read (absolute): a publish sends them.
    configs: tuple[Path, ...]
    #: The registry modules the buf.yaml files depend on (``buf.build/acme/money``).
    deps: tuple[str, ...]
    #: What the buf.lock files pin those to (for the local cache).
    locks: tuple[Lock, ...]
    #: The buf.yaml (or buf.work.yaml) shown in messages.
    shown: str

    def breaking(self, files: dict[str, str]) -> Breaking:
        """The modules' ``breaking`` sections, for ``files`` (proto path -> module
        directory)."""
        from accord.kinds.protobuf.bufbreaking import Breaking, default_policy

        return Breaking(files, {m.path: m.breaking for m in self.modules
                                if m.breaking is not None}, default_policy(self.shown))


def has_config(root: Path) -> bool:
    """Whether ``root`` holds a buf.yaml or buf.work.yaml (two stat calls)."""
    return (root / BUF_YAML).is_file() or (root / BUF_WORK_YAML).is_file()


def read_layout(root: Path, shown: str) -> Layout | None:
    """The layout of the directory ``root`` (shown as ``shown``), None without a buf.yaml
    or buf.work.yaml at its top."""
    work, single = root / BUF_WORK_YAML, root / BUF_YAML
    if work.is_file():
        if single.is_file():
            raise _invalid(f"a directory holds a {BUF_WORK_YAML} or a {BUF_YAML}, not both",
                           Location("", f"{shown}/{BUF_YAML}"),
                           f"keep one: a v2 {BUF_YAML} lists the modules that "
                           f"{BUF_WORK_YAML} lists as directories")
        return _workspace(root, shown)
    if not single.is_file():
        return None
    config = _Config.read(single, f"{shown}/{BUF_YAML}")
    modules = _v2_modules(root, config) if config.version == "v2" else \
        _v1_modules(root, ".", config)
    return _layout(root, modules, [config], [root], config.shown)


def _layout(root: Path, modules: list[Module], configs: list[_Config], homes: list[Path],
            shown: str) -> Layout:
    seen: dict[str, Module] = {}
    for module in modules:
        if module.path in seen:
            raise _invalid(f"the module {module.path!r} is listed twice",
                           module.where, "list each module directory once")
        seen[module.path] = module
    locks = [lock for home in homes for lock in read_lock(home / BUF_LOCK)]
    files = [root / BUF_WORK_YAML] if (root / BUF_WORK_YAML).is_file() else []
    files += [c.path for c in configs]
    files += [home / BUF_LOCK for home in homes if (home / BUF_LOCK).is_file()]
    deps = dict.fromkeys(dep for c in configs for dep in c.deps())
    return Layout(tuple(modules), tuple(dict.fromkeys(files)), tuple(deps),
                  tuple(dict.fromkeys(locks)), shown)


def _workspace(root: Path, shown: str) -> Layout:
    work = _Config.read(root / BUF_WORK_YAML, f"{shown}/{BUF_WORK_YAML}")
    if work.version != "v1":
        raise _invalid(f"a {BUF_WORK_YAML} is version v1, not {work.version}",
                       work.at("/version"),
                       f"write 'version: v1', or list the directories as modules of a v2 "
                       f"{BUF_YAML} instead")
    directories = work.strings("/directories")
    if not directories:
        raise _invalid(f"{work.shown} lists no directories", work.at("/directories"),
                       "list the workspace's module directories under 'directories:'")
    modules: list[Module] = []
    configs: list[_Config] = []
    homes: list[Path] = []
    for i, text in enumerate(directories):
        path = _relative(text, work, f"/directories/{i}")
        if path == ".":
            raise _invalid("'.' is not a workspace directory",
                           work.at(f"/directories/{i}"),
                           f"list subdirectories, or replace the {BUF_WORK_YAML} by a "
                           f"{BUF_YAML}")
        home = root / path
        homes.append(home)
        if (home / BUF_YAML).is_file():
            config = _Config.read(home / BUF_YAML, f"{shown}/{path}/{BUF_YAML}")
            if config.version == "v2":
                raise _invalid(f"a workspace directory's {BUF_YAML} is v1 or v1beta1, "
                               "not v2", config.at("/version"),
                               f"write 'version: v1', or move to one v2 {BUF_YAML} at the top")
            configs.append(config)
            modules += _v1_modules(root, path, config)
        else:
            modules.append(Module(home, path, where=work.at(f"/directories/{i}")))
    return _layout(root, modules, configs, homes, work.shown)


def _v2_modules(root: Path, config: _Config) -> list[Module]:
    from accord.kinds.protobuf.bufbreaking import read_policy

    top = read_policy(config, "/breaking", ".")
    entries = config.get("/modules")
    if entries is None or entries == []:
        return [Module(root, ".", where=config.at(""), breaking=top)]
    if not isinstance(entries, list):
        raise _invalid("'modules' must be a list of modules", config.at("/modules"),
                       "write 'modules: [{path: proto}]', or leave it out for the directory")
    out = []
    for i, entry in enumerate(entries):
        pointer = f"/modules/{i}"
        if not isinstance(entry, dict):
            raise _invalid("each module must be a mapping with a 'path'",
                           config.at(pointer), "write '- path: proto'")
        path = _relative(config.string(f"{pointer}/path", "."), config, f"{pointer}/path")
        excludes = _within_module(config, f"{pointer}/excludes", path, root, "exclude")
        includes = _within_module(config, f"{pointer}/includes", path, root, "include")
        own = read_policy(config, f"{pointer}/breaking", ".")
        out.append(Module(root / path, path, excludes, includes, config.at(pointer),
                          own if own is not None else top))
    return out


def _v1_modules(root: Path, home: str, config: _Config) -> list[Module]:
    """The modules of a v1 or v1beta1 buf.yaml in the directory ``home`` (relative)."""
    from accord.kinds.protobuf.bufbreaking import read_policy

    excludes = [_relative(text, config, f"/build/excludes/{i}")
                for i, text in enumerate(config.strings("/build/excludes"))]
    if config.version == "v1":
        found = tuple(_join(home, e) for e in excludes)
        for i, path in enumerate(found):
            _is_directory(root, path, config, f"/build/excludes/{i}")
        return [Module(root / home, home, found, where=config.at(""),
                       breaking=read_policy(config, "/breaking", home))]
    roots = [_relative(text, config, f"/build/roots/{i}")
             for i, text in enumerate(config.strings("/build/roots"))] or ["."]
    for i, exclude in enumerate(excludes):
        if not any(_within(exclude, r) and exclude != r for r in roots):
            raise _invalid(f"the exclude {exclude!r} lies in no root",
                           config.at(f"/build/excludes/{i}"),
                           "name excluded directories relative to the buf.yaml, inside a root")
        _is_directory(root, _join(home, exclude), config, f"/build/excludes/{i}")
    return [Module(root / _join(home, r), _join(home, r),
                   tuple(_join(home, e) for e in excludes if _within(e, r)),
                   where=config.at(f"/build/roots/{i}"),
                   breaking=read_policy(config, "/breaking", _join(home, r)))
            for i, r in enumerate(roots)]


def _within_module(config: _Config, pointer: str, module: str, root: Path,
                   what: str) -> tuple[str, ...]:
    out = []
    for i, text in enumerate(config.strings(pointer)):
        path = _relative(text, config, f"{pointer}/{i}")
        if path == module or not _within(path, module):
            where = "is the module itself" if path == module else "is not inside the module"
            raise _invalid(f"the {what} {path!r} {where} {module!r}", config.at(f"{pointer}/{i}"),
                           f"name a directory inside the module, relative to the {BUF_YAML} "
                           f"(like {_join(module, 'internal')})")
        _is_directory(root, path, config, f"{pointer}/{i}")
        out.append(path)
    return tuple(out)


def _is_directory(root: Path, path: str, config: _Config, pointer: str) -> None:
    if (root / path).is_file():
        raise _invalid(f"{path!r} is a file; buf excludes and includes directories only",
                       config.at(pointer),
                       "name its directory, or move the file to a directory of its own")


def _relative(text: str, config: _Config, pointer: str) -> str:
    """``text`` as a normal relative path (``.`` for the directory itself)."""
    normal = posixpath.normpath(text.replace("\\", "/")) if text else "."
    if normal.startswith("/") or normal == ".." or normal.startswith("../"):
        raise _invalid(f"{text!r} is outside the directory", config.at(pointer),
                       "name a directory inside the repository, relative to the buf file")
    return normal


def _within(path: str, folder: str) -> bool:
    return folder == "." or path == folder or path.startswith(folder + "/")


def _join(home: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(home, path))


def _invalid(message: str, where: Location | None, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONTRACT, message, location=where, hint=hint)


@dataclass(frozen=True, slots=True)
class _Config:
    """One parsed buf.yaml or buf.work.yaml: its data, version, and locations."""

    path: Path
    shown: str
    data: dict[str, Any]
    version: str
    document: Document

    @classmethod
    def read(cls, path: Path, shown: str) -> _Config:
        from accord.source.document import parse_text

        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _invalid(f"cannot read {shown}: {exc}", Location("", shown),
                           "save the buf file as UTF-8 text") from None
        if not text.strip():
            raise _invalid(f"{shown} is empty: it sets no version", Location("", shown, 1, 1),
                           _VERSION_HINT)
        try:
            document = parse_text(text, shown, path=path, suffix=".yaml")
        except AccordError as exc:
            raise _invalid(exc.message, exc.location, exc.hint or "") from None
        data = document.data
        if not isinstance(data, dict):
            raise _invalid(f"{shown} is not a mapping of settings", document.location(""),
                           _VERSION_HINT)
        version = data.get("version")
        if version is None:
            raise _invalid(f"{shown} sets no version", document.location(""), _VERSION_HINT)
        if version not in _VERSIONS:
            raise _invalid(f"unknown version {version!r}",
                           document.location("/version"), _VERSION_HINT)
        return cls(path, shown, data, str(version), document)

    def at(self, pointer: str) -> Location:
        return self.document.location(pointer)

    def get(self, pointer: str) -> Any:
        value: Any = self.data
        for token in pointer.split("/")[1:]:
            if isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            elif isinstance(value, dict):
                value = value.get(token)
            else:
                return None
        return value

    def string(self, pointer: str, default: str) -> str:
        value = self.get(pointer)
        if value is None:
            return default
        if not isinstance(value, str):
            raise _invalid(f"{pointer[1:]} must be a path", self.at(pointer),
                           "write the directory as a string, relative to the buf file")
        return value

    def strings(self, pointer: str) -> list[str]:
        value = self.get(pointer)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _invalid(f"{pointer[1:]} must be a list of paths",
                           self.at(pointer), "write one directory per line: '- proto'")
        return value

    def deps(self) -> list[str]:
        """The registry modules depended on, without their refs (``name:ref``)."""
        return [dep.split(":", 1)[0] for dep in self.strings("/deps")]


__all__ = ["BUF_LOCK", "BUF_WORK_YAML", "BUF_YAML", "CONFIG_NAMES", "Layout", "Module",
           "has_config", "read_layout"]
