"""Comparing two Protobuf contracts: files, packages, then every element by full name.

Only the contract's own files are compared (``ProtoModel.roots``), not imports
or well-known types. Elements (messages, enums, services, extensions) are matched
by fully qualified name across the whole contract, so one moved to another file of
the same package is a move (FILE only), not a removal. Removals are judged as buf
judges them, per file for FILE and per package for PACKAGE: a nested element is
reported on its own, an element of a removed file or package only through that
removal. Two single-file contracts are compared file to file whatever the files
are called.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from accord.core.change import Change
from accord.kinds.protobuf import categories, fields
from accord.kinds.protobuf import features as ft
from accord.kinds.protobuf.context import DiffContext, Site
from accord.kinds.protobuf.enums import compare_enum
from accord.kinds.protobuf.fields import Side
from accord.kinds.protobuf.messages import MessageDiff
from accord.kinds.protobuf.model import (
    FILE_EDITION,
    FILE_ENUM,
    FILE_MESSAGE,
    FILE_OPTIONS,
    FILE_PACKAGE,
    FILE_SERVICE,
    FILE_SYNTAX,
    MESSAGE_ENUM,
    MESSAGE_NESTED,
    SERVICE_METHOD,
    ProtoModel,
)

_FILE_EXTENSION = 7
_MESSAGE_EXTENSION = 6
_FILE_OPTIONS = ("go_package", "java_package", "java_outer_classname", "java_multiple_files",
                 "java_generic_services", "cc_generic_services", "py_generic_services",
                 "cc_enable_arenas", "csharp_namespace", "objc_class_prefix", "optimize_for",
                 "php_class_prefix", "php_metadata_namespace", "php_namespace", "ruby_package",
                 "swift_prefix")


@dataclass(frozen=True, slots=True)
class Found:
    """An element of a contract's own files, with the messages enclosing it."""

    kind: str  # message, enum, service, extension
    name: str
    site: Site
    descriptor: Any
    scopes: tuple[Any, ...]  # enclosing messages, outermost first, then the element

    @property
    def parent(self) -> str:
        return self.name.rsplit(".", 1)[0] if "." in self.name else ""


def diff_models(base: ProtoModel, revision: ProtoModel,
                selected: Sequence[str] | None = None) -> list[Change]:
    """The changes from ``base`` to ``revision``, those outside the ``selected``
    categories one level lower; with no selection, those the revision's buf.yaml
    ``breaking`` sections do not count (else those outside FILE)."""
    ctx = DiffContext(base, revision)
    same_file = _file_pairs(base, revision)
    _files(ctx, same_file)
    old = _elements(base)
    new = _elements(revision)
    _removed_and_added(ctx, old, new, same_file)
    _added(ctx, old, new)
    for key, before in old.items():
        after = new.get(key)
        if after is None:
            continue
        if before.kind == "message":
            MessageDiff(ctx, before.name, before.descriptor, after.descriptor, before.site,
                        after.site, before.scopes, after.scopes).run()
        elif before.kind == "enum":
            compare_enum(ctx, before.name, before.descriptor, after.descriptor, before.site,
                         after.site, before.scopes, after.scopes)
        elif before.kind == "service":
            _service(ctx, before, after)
        else:
            _extension(ctx, before, after)
    setup = revision.breaking
    if selected is None and setup is not None and setup.policies:
        from accord.kinds.protobuf import bufbreaking

        return bufbreaking.apply(ctx.changes(), [site for _, _, site, _, _ in ctx.found],
                                 base, revision, setup)
    return categories.apply(ctx.changes(), selected)


def _file_pairs(base: ProtoModel, revision: ProtoModel) -> dict[str, str]:
    """Base file -> the revision file that is the same file."""
    if base.single_file and revision.single_file:
        return {base.roots[0]: revision.roots[0]}
    kept = set(revision.roots)
    return {name: name for name in base.roots if name in kept}


def _files(ctx: DiffContext, same_file: dict[str, str]) -> None:
    base, revision = ctx.base, ctx.revision
    for name in base.roots:
        if name not in same_file:
            ctx.emit("file-removed", f"file {name} was removed", Site(base, name, ()), name)
    paired = set(same_file.values())
    for name in revision.roots:
        if name not in paired:
            ctx.emit("file-added", f"file {name} was added", Site(revision, name, ()), name)
    for old_name, new_name in same_file.items():
        old, new = base.files[old_name], revision.files[new_name]
        site = Site(revision, new_name, ())
        if old.package != new.package:
            ctx.emit("file-package-changed", f"the package of {new_name} changed from "
                     f"{old.package or '(none)'} to {new.package or '(none)'}",
                     site.at(FILE_PACKAGE), new_name)
        if ft.file_syntax(old) != ft.file_syntax(new):
            ctx.emit("file-syntax-changed", f"{new_name} changed from {ft.file_syntax(old)} "
                     f"to {ft.file_syntax(new)}",
                     site.at(FILE_EDITION if new.syntax == "editions" else FILE_SYNTAX), new_name)
        for option in _FILE_OPTIONS:
            before, after = getattr(old.options, option), getattr(new.options, option)
            if before != after:
                number = new.options.DESCRIPTOR.fields_by_name[option].number
                # Where the option is written: in the revision, else where it was.
                options: Any = new.options
                where = site if options.HasField(option) else Site(base, old_name, ())
                ctx.emit("file-option-changed", f"option {option} of {new_name} changed from "
                         f"{_shown(before)} to {_shown(after)}",
                         where.at(FILE_OPTIONS, number), new_name)
    old_packages = {base.files[n].package for n in base.roots}
    new_packages = {revision.files[n].package for n in revision.roots}
    for package in sorted(old_packages - new_packages):
        first = next(n for n in base.roots if base.files[n].package == package)
        ctx.emit("package-removed", f"package {package or '(none)'} was removed",
                 Site(base, first, (FILE_PACKAGE,)), package or None)


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _elements(model: ProtoModel) -> dict[tuple[str, str], Found]:
    out: dict[tuple[str, str], Found] = {}
    for name, fdp in model.own():
        for found in _walk_file(model, name, fdp):
            out[(found.kind, found.name)] = found
    return out


def _walk_file(model: ProtoModel, file: str, fdp: Any) -> Iterator[Found]:
    package = fdp.package
    for i, msg in enumerate(fdp.message_type):
        yield from _walk_message(model, file, package, msg, (FILE_MESSAGE, i), ())
    for i, enum in enumerate(fdp.enum_type):
        yield Found("enum", _join(package, enum.name), Site(model, file, (FILE_ENUM, i)),
                    enum, (enum,))
    for i, svc in enumerate(fdp.service):
        yield Found("service", _join(package, svc.name), Site(model, file, (FILE_SERVICE, i)),
                    svc, ())
    for i, ext in enumerate(fdp.extension):
        yield Found("extension", _join(package, ext.name),
                    Site(model, file, (_FILE_EXTENSION, i)), ext, ())


def _walk_message(model: ProtoModel, file: str, scope: str, msg: Any, path: tuple[int, ...],
                  outer: tuple[Any, ...]) -> Iterator[Found]:
    full = _join(scope, msg.name)
    scopes = (*outer, msg)
    yield Found("message", full, Site(model, file, path), msg, scopes)
    for i, nested in enumerate(msg.nested_type):
        yield from _walk_message(model, file, full, nested, (*path, MESSAGE_NESTED, i), scopes)
    for i, enum in enumerate(msg.enum_type):
        yield Found("enum", _join(full, enum.name),
                    Site(model, file, (*path, MESSAGE_ENUM, i)), enum, (*scopes, enum))
    for i, ext in enumerate(msg.extension):
        yield Found("extension", _join(full, ext.name),
                    Site(model, file, (*path, _MESSAGE_EXTENSION, i)), ext, scopes)


def _map_entry(found: Found) -> bool:
    return found.kind == "message" and bool(found.descriptor.options.map_entry)


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def _removed_and_added(ctx: DiffContext, old: dict[tuple[str, str], Found],
                       new: dict[tuple[str, str], Found], same_file: dict[str, str]) -> None:
    """Elements gone from their file or their package, nested ones each on their own.

    FILE checks each file that is kept (a removed file is ``file-removed`` alone), by
    the element's name inside its package, so a file whose package changed still holds
    it; PACKAGE checks each package that is kept (a removed package is
    ``package-removed`` alone), by full name."""
    base, revision = ctx.base, ctx.revision
    kept_packages = {revision.files[n].package for n in revision.roots}
    in_files = {(found.site.file, found.kind, _nested(revision, found))
                for found in new.values()}
    for key, found in old.items():
        if _map_entry(found):
            continue  # reported with its map field
        file = same_file.get(found.site.file)
        package = base.files[found.site.file].package
        left_file = file is not None and (file, found.kind, _nested(base, found)) not in in_files
        after = new.get(key)
        if after is not None:
            if left_file:
                ctx.emit("moved-to-another-file", f"{found.kind} {found.name} moved from "
                         f"{found.site.file} to {after.site.file}", after.site, found.name)
        elif left_file:
            ctx.emit(f"{found.kind}-removed", f"{found.kind} {found.name} was removed",
                     found.site, found.name)
        elif package in kept_packages:
            how = "was removed" if file is None else f"moved to package " \
                f"{revision.files[file].package or '(none)'}"
            ctx.emit("left-package-with-file", f"{found.kind} {found.name} left package "
                     f"{package or '(none)'}: its file {found.site.file} {how}", found.site,
                     found.name)


def _added(ctx: DiffContext, old: dict[tuple[str, str], Found],
           new: dict[tuple[str, str], Found]) -> None:
    """Elements added, each at its outermost added scope (extensions are not listed)."""
    old_names = {name for _, name in old}
    new_names = {name for _, name in new}
    for key, found in new.items():
        if key in old or found.kind == "extension":
            continue
        if (found.parent in new_names and found.parent not in old_names) or _map_entry(found):
            continue
        ctx.emit(f"{found.kind}-added", f"{found.kind} {found.name} was added", found.site,
                 found.name)


def _nested(model: ProtoModel, found: Found) -> str:
    """The element's name inside its package (``Order.Item``)."""
    package = model.files[found.site.file].package
    return found.name[len(package) + 1:] if package else found.name


def _service(ctx: DiffContext, before: Found, after: Found) -> None:
    old, new = before.descriptor, after.descriptor
    methods = {m.name: (j, m) for j, m in enumerate(new.method)}
    for i, method in enumerate(old.method):
        rpc = f"{before.name}/{method.name}"
        if method.name not in methods:
            ctx.emit("rpc-removed", f"RPC {rpc} was removed",
                     before.site.at(SERVICE_METHOD, i), rpc)
            continue
        j, other = methods[method.name]
        site = after.site.at(SERVICE_METHOD, j)
        for rule, attr, what in (("rpc-request-type-changed", "input_type", "request type"),
                                 ("rpc-response-type-changed", "output_type", "response type")):
            was, now = getattr(method, attr), getattr(other, attr)
            if was != now:
                ctx.emit(rule, f"the {what} of RPC {rpc} changed from {was.lstrip('.')} to "
                         f"{now.lstrip('.')}", site, rpc)
        for side in ("client", "server"):
            was, now = getattr(method, f"{side}_streaming"), getattr(other, f"{side}_streaming")
            if was != now:
                ctx.emit("rpc-streaming-changed", f"RPC {rpc} {'now' if now else 'no longer'} "
                         f"streams on the {side} side", site, rpc)
        was_level, now_level = method.options.idempotency_level, other.options.idempotency_level
        if was_level != now_level:
            from google.protobuf.descriptor_pb2 import MethodOptions

            names = MethodOptions.IdempotencyLevel
            ctx.emit("rpc-idempotency-changed", f"the idempotency_level of RPC {rpc} changed "
                     f"from {names.Name(was_level)} to {names.Name(now_level)}", site, rpc)
    olds = {m.name for m in old.method}
    for j, method in enumerate(new.method):
        if method.name not in olds:
            rpc = f"{after.name}/{method.name}"
            ctx.emit("rpc-added", f"RPC {rpc} was added", after.site.at(SERVICE_METHOD, j), rpc)


def _extension(ctx: DiffContext, before: Found, after: Found) -> None:
    old, new = before.descriptor, after.descriptor
    if old.number != new.number or old.extendee != new.extendee:
        ctx.emit("extension-removed", f"extension {before.name} now extends "
                 f"{new.extendee.lstrip('.')} with number {new.number} (was "
                 f"{old.extendee.lstrip('.')} {old.number})", after.site, before.name)
        return
    was = Side(old, before.site.model.files[before.site.file], before.scopes)
    now = Side(new, after.site.model.files[after.site.file], after.scopes)
    change = fields.type_rule(ctx, was, now)
    if change is not None:
        fields.emit_type(ctx, change, before.name, was, now, after.site)
    fields.compare(ctx, before.name, was, now, after.site)
