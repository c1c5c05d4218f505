"""A buf.yaml's ``breaking`` section: which changes count, as ``buf breaking`` counts them.

``use`` (categories or buf rule ids, default FILE) selects buf rules, ``except``
removes rules or categories from them; ``ignore`` lists files or directories whose
changes are not counted, ``ignore_only`` the same per rule or category, and
``ignore_unstable_packages`` leaves out packages whose last component is unstable
(``v1alpha1``, ``v1beta``, ``v2test``, ``v1p1beta1``). Paths are relative to the
buf.yaml's directory (to each root for v1beta1). A v2 buf.yaml may set the section
at its top and per module, a module's replacing the top's.

An accord rule counts when any of the buf rules it stands for (``rules.BUF_RULES``)
is selected and not ignored for the file or package of the change. A change that
does not count is reported one level lower, naming the setting that lowered it,
as ``categories.py`` does for the ``categories`` option.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from accord.core.change import Change
from accord.kinds.protobuf.categories import LOWER
from accord.kinds.protobuf.rules import BUF_RULES

if TYPE_CHECKING:
    from accord.kinds.protobuf.buf import _Config
    from accord.kinds.protobuf.context import Site
    from accord.kinds.protobuf.model import ProtoModel

_F, _P, _J, _W, _C = "FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR"
_SOURCE = (_F, _P)
_ALL = (_C, _F, _P, _J, _W)
#: buf rule id -> the categories of ``buf breaking`` (v2) that hold it.
BUF_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "FILE_NO_DELETE": (_C, _F), "MESSAGE_NO_DELETE": (_C, _F), "ENUM_NO_DELETE": (_C, _F),
    "SERVICE_NO_DELETE": (_F,), "EXTENSION_NO_DELETE": (_F,),
    "PACKAGE_NO_DELETE": (_P,), "PACKAGE_MESSAGE_NO_DELETE": (_P,),
    "PACKAGE_ENUM_NO_DELETE": (_P,), "PACKAGE_SERVICE_NO_DELETE": (_P,),
    "PACKAGE_EXTENSION_NO_DELETE": (_P,),
    "RPC_NO_DELETE": _SOURCE, "ENUM_SAME_TYPE": _SOURCE, "FIELD_SAME_CARDINALITY": _SOURCE,
    "FIELD_SAME_CPP_STRING_TYPE": _SOURCE, "FIELD_SAME_JAVA_UTF8_VALIDATION": _SOURCE,
    "FIELD_SAME_JSTYPE": _SOURCE, "FIELD_SAME_UTF8_VALIDATION": _SOURCE,
    **{f"FILE_SAME_{o}": _SOURCE for o in (
        "CC_ENABLE_ARENAS", "CC_GENERIC_SERVICES", "CSHARP_NAMESPACE", "GO_PACKAGE",
        "JAVA_GENERIC_SERVICES", "JAVA_MULTIPLE_FILES", "JAVA_OUTER_CLASSNAME", "JAVA_PACKAGE",
        "OBJC_CLASS_PREFIX", "OPTIMIZE_FOR", "PHP_CLASS_PREFIX", "PHP_METADATA_NAMESPACE",
        "PHP_NAMESPACE", "PY_GENERIC_SERVICES", "RUBY_PACKAGE", "SWIFT_PREFIX")},
    **dict.fromkeys(("ENUM_VALUE_NO_DELETE", "EXTENSION_MESSAGE_NO_DELETE", "FIELD_NO_DELETE",
                     "FIELD_SAME_TYPE", "FILE_SAME_SYNTAX", "ONEOF_NO_DELETE",
                     "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR"), (_C, _F, _P)),
    **dict.fromkeys(("ENUM_SAME_JSON_FORMAT", "ENUM_VALUE_SAME_NAME", "FIELD_SAME_JSON_NAME",
                     "FIELD_SAME_NAME", "MESSAGE_SAME_JSON_FORMAT"), (_C, _F, _P, _J)),
    **dict.fromkeys(("FIELD_SAME_DEFAULT", "FIELD_SAME_ONEOF", "FILE_SAME_PACKAGE",
                     "MESSAGE_SAME_REQUIRED_FIELDS", "RESERVED_ENUM_NO_DELETE",
                     "RESERVED_MESSAGE_NO_DELETE", "RPC_SAME_CLIENT_STREAMING",
                     "RPC_SAME_IDEMPOTENCY_LEVEL", "RPC_SAME_REQUEST_TYPE",
                     "RPC_SAME_RESPONSE_TYPE", "RPC_SAME_SERVER_STREAMING"), _ALL),
    **dict.fromkeys(("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
                     "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
                     "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
                     "FIELD_WIRE_JSON_COMPATIBLE_TYPE"), (_C, _J)),
    **dict.fromkeys(("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
                     "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"), (_C, _J, _W)),
    **dict.fromkeys(("FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_COMPATIBLE_TYPE"), (_W,)),
    "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT": (),
}
#: Deprecated ids a v1 or v1beta1 buf.yaml may still name -> the rules that replace them.
_DEPRECATED: Mapping[str, tuple[str, ...]] = {
    "FIELD_SAME_CTYPE": ("FIELD_SAME_CPP_STRING_TYPE",),
    "FIELD_SAME_LABEL": ("FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY",
                         "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"),
    "FILE_SAME_JAVA_STRING_CHECK_UTF8": ("FIELD_SAME_JAVA_UTF8_VALIDATION",),
    "FILE_SAME_PHP_GENERIC_SERVICES": (),
}
#: buf's unstable package versions (its PACKAGE_VERSION_SUFFIX forms).
_UNSTABLE = re.compile(r"v\d+(test.*|(alpha|beta)\d*|p\d+(alpha|beta)\d*)")


@dataclass(frozen=True, slots=True)
class Policy:
    """One ``breaking`` section, its paths relative to the contract's directory."""

    #: The buf.yaml, as shown in messages.
    shown: str
    #: The buf rules selected by ``use`` minus ``except``.
    selected: frozenset[str]
    ignore: tuple[str, ...] = ()
    #: buf rule -> the paths ignored for it.
    ignore_only: Mapping[str, tuple[str, ...]] | None = None
    unstable: bool = False


@dataclass(frozen=True, slots=True)
class Breaking:
    """The ``breaking`` sections of a contract's buf modules, and where each file lies."""

    #: Proto path -> the directory of its module (relative to the contract's directory).
    modules: Mapping[str, str]
    #: Module directory -> its policy.
    policies: Mapping[str, Policy]
    #: For a module the revision lacks (a file of a module that was removed).
    default: Policy


def default_policy(shown: str) -> Policy:
    """buf's choice without a ``breaking`` section: the FILE category."""
    return Policy(shown, _expand(_F))


def read_policy(config: _Config, pointer: str, home: str) -> Policy | None:
    """The ``breaking`` section at ``pointer`` of ``config`` (None when there is none);
    ``home``: the directory its paths are relative to. A bad value is an
    INVALID_CONTRACT error located in the buf.yaml."""
    from accord.kinds.protobuf.buf import _invalid

    section = config.get(pointer)
    if section is None:
        return None
    if not isinstance(section, dict):
        raise _invalid("'breaking' must be a mapping of settings", config.at(pointer),
                       "write 'breaking: {use: [FILE]}'")
    use = _names(config, f"{pointer}/use") or [_F]
    selected = set().union(*(_expand(n) for n in use))
    selected -= set().union(*(_expand(n) for n in _names(config, f"{pointer}/except")))
    ignore = _paths(config, f"{pointer}/ignore", home)
    only: dict[str, tuple[str, ...]] = {}
    entries = config.get(f"{pointer}/ignore_only")
    if entries is not None and not isinstance(entries, dict):
        raise _invalid("'ignore_only' must map rules or categories to paths",
                       config.at(f"{pointer}/ignore_only"),
                       "write 'ignore_only: {FIELD_SAME_NAME: [foo/bar.proto]}'")
    for name in entries or {}:
        at = f"{pointer}/ignore_only/{name}"
        _check_name(config, str(name), at)
        for rule in _expand(str(name)):
            only[rule] = (*only.get(rule, ()), *_paths(config, at, home))
    unstable = config.get(f"{pointer}/ignore_unstable_packages")
    if unstable is not None and not isinstance(unstable, bool):
        raise _invalid("'ignore_unstable_packages' must be true or false",
                       config.at(f"{pointer}/ignore_unstable_packages"),
                       "write 'ignore_unstable_packages: true'")
    return Policy(config.shown, frozenset(selected), ignore, only, bool(unstable))


def _names(config: _Config, pointer: str) -> list[str]:
    from accord.kinds.protobuf.buf import _invalid

    value = config.get(pointer)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(f"{pointer.rsplit('/', 1)[1]} must be a list of rules or categories",
                       config.at(pointer), "write one per line: '- FILE'")
    for i, name in enumerate(value):
        _check_name(config, name, f"{pointer}/{i}", deprecated=config.version != "v2")
    return value


def _check_name(config: _Config, name: str, pointer: str, *, deprecated: bool = True) -> None:
    from accord.kinds.protobuf.buf import _invalid

    categories = _ALL if config.version == "v2" else (_F, _P, _J, _W)
    known = name in categories or name in BUF_CATEGORIES or \
        (deprecated and config.version != "v2" and name in _DEPRECATED)
    if not known:
        raise _invalid(f"unknown buf breaking rule or category {name!r}", config.at(pointer),
                       f"use a category ({', '.join(categories)}) or a rule id listed by "
                       "'buf config ls-breaking-rules'")


def _expand(name: str) -> frozenset[str]:
    """The buf rules a category or rule id stands for."""
    if name in _DEPRECATED:
        return frozenset(_DEPRECATED[name])
    if name in BUF_CATEGORIES:
        return frozenset({name})
    return frozenset(r for r, cats in BUF_CATEGORIES.items() if name in cats)


def _paths(config: _Config, pointer: str, home: str) -> tuple[str, ...]:
    from accord.kinds.protobuf.buf import _join, _relative

    return tuple(_join(home, _relative(text, config, f"{pointer}/{i}"))
                 for i, text in enumerate(config.strings(pointer)))


def unstable(package: str) -> bool:
    """Whether buf calls ``package`` unstable (its last component ``v1beta1`` and such)."""
    return bool(_UNSTABLE.fullmatch(package.rsplit(".", 1)[-1]))


def apply(changes: Sequence[Change], sites: Sequence[Site], base: ProtoModel,
          revision: ProtoModel, setup: Breaking) -> list[Change]:
    """``changes`` (found at ``sites``) with those the revision's buf.yaml (``setup``)
    does not count one level lower, the setting that lowered each named in its message."""
    out = []
    for change, site in zip(changes, sites, strict=True):
        other = base if site.model is revision else revision
        why = None if change.addition else _reason(change.rule, site, other, setup)
        out.append(change if why is None else replace(
            change, level=LOWER[change.level], message=f"{change.message} ({why})"))
    return out


def _reason(rule: str, site: Site, other: ProtoModel, setup: Breaking) -> str | None:
    """Why the buf.yaml does not count ``rule`` at ``site``, or None."""
    own = site.model.breaking
    module = own.modules.get(site.file, ".") if own is not None else "."
    policy = setup.policies.get(module, setup.default)
    active = [r for r in BUF_RULES.get(rule, ()) if r in policy.selected]
    if not active:
        return f"not counted: the breaking rules of {policy.shown} leave it out"
    if policy.unstable:
        # Either side's package: a file that moved to an unstable package is ignored.
        for fdp in (site.model.files.get(site.file), other.files.get(site.file)):
            if fdp is not None and unstable(fdp.package):
                return (f"not counted: {policy.shown} sets breaking.ignore_unstable_packages "
                        f"and {fdp.package} is unstable")
    path = posixpath.normpath(posixpath.join(module, site.file))
    hit = next((p for p in policy.ignore if _within(path, p)), None)
    if hit is not None:
        return f"not counted: {policy.shown} lists {hit!r} in breaking.ignore"
    only = policy.ignore_only or {}
    if all(any(_within(path, p) for p in only.get(r, ())) for r in active):
        hit = next(p for p in only.get(active[0], ()) if _within(path, p))
        return f"not counted: {policy.shown} lists {hit!r} in breaking.ignore_only"
    return None


def _within(path: str, folder: str) -> bool:
    return folder == "." or path == folder or path.startswith(folder + "/")
