"""Comparing one message of the base with the same message of the revision.

Fields are matched by number, as the binary encoding matches them: a number kept
with another name is a rename (or, with another type too, a reused number); a
name kept with another number is a renumbering; a number gone is a removal,
judged by whether the revision reserves the number and the name. What a field
shares with an extension (type, label, default, options) is compared in
``fields.py``; names, JSON names, oneofs and maps here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from accord.kinds.protobuf import features as ft
from accord.kinds.protobuf import fields
from accord.kinds.protobuf.context import DiffContext, Site
from accord.kinds.protobuf.fields import Side
from accord.kinds.protobuf.model import (
    MESSAGE_FIELD,
    MESSAGE_ONEOF,
    MESSAGE_RESERVED_NAME,
    MESSAGE_RESERVED_RANGE,
)

_EXTENSION_RANGE = 5
_MAX = 536_870_912  # one past the largest field number


def covered(ranges: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``ranges`` (half-open) together cover ``[start, end)``."""
    position = start
    for low, high in sorted(ranges):
        if low > position:
            break
        position = max(position, high)
        if position >= end:
            return True
    return position >= end


def _ranges(items: Iterable[Any]) -> list[tuple[int, int]]:
    return [(r.start, min(r.end, _MAX)) for r in items]


def describe_number(number: int, name: str, reserved: bool, name_reserved: bool) -> str:
    missing = [f"reserved {number};"] if not reserved else []
    if not name_reserved:
        missing.append(f'reserved "{name}";')
    return " ".join(missing)


class MessageDiff:
    """The comparison of one message pair (nested messages are compared on their own);
    ``*_scopes`` are the enclosing messages, outermost first, ending with the message."""

    def __init__(self, ctx: DiffContext, full: str, old: Any, new: Any, old_site: Site,
                 new_site: Site, old_scopes: Sequence[Any], new_scopes: Sequence[Any]) -> None:
        self.ctx, self.full, self.old, self.new = ctx, full, old, new
        self.old_site, self.new_site = old_site, new_site
        self.old_fdp = old_site.model.files[old_site.file]
        self.new_fdp = new_site.model.files[new_site.file]
        self.old_scopes, self.new_scopes = old_scopes, new_scopes

    def run(self) -> None:
        self.fields()
        self.oneofs()
        self.reserved()
        self.extension_ranges()
        self.message_options()

    # --- fields -------------------------------------------------------------------------

    def fields(self) -> None:
        old_by_number = {f.number: (i, f) for i, f in enumerate(self.old.field)}
        new_by_number = {f.number: (i, f) for i, f in enumerate(self.new.field)}
        new_by_name = {f.name: (i, f) for i, f in enumerate(self.new.field)}
        old_names = {f.name for f in self.old.field}
        for number, (i, old) in old_by_number.items():
            old_site = self.old_site.at(MESSAGE_FIELD, i)
            if number in new_by_number:
                j, new = new_by_number[number]
                self.field_pair(old, new, self.new_site.at(MESSAGE_FIELD, j))
            elif old.name in new_by_name:
                j, new = new_by_name[old.name]
                self.renumbered(old, new, self.new_site.at(MESSAGE_FIELD, j))
            else:
                self.removed(old, old_site)
        for number, (j, new) in new_by_number.items():
            if number in old_by_number or new.name in old_names:
                continue
            site = self.new_site.at(MESSAGE_FIELD, j)
            if ft.presence(new, self.new_fdp, self.new_scopes) == "required":
                self.ctx.emit("required-field-added",
                              f"required field {self.full}.{new.name} = {number} was added",
                              site, f"{self.full}.{new.name}")
            else:
                self.ctx.emit("field-added", f"field {self.full}.{new.name} = {number} "
                              f"({ft.type_label(new)}) was added", site, f"{self.full}.{new.name}")

    def renumbered(self, old: Any, new: Any, site: Site) -> None:
        """A field kept its name under another number: the old number is gone, judged
        like a removal by whether the revision reserves it (its name is in use)."""
        full = f"{self.full}.{old.name}"
        reserved = covered(_ranges(self.new.reserved_range), old.number, old.number + 1)
        self.ctx.emit("field-renumbered-number-reserved" if reserved else "field-renumbered",
                      f"field {full} changed its number from {old.number} to {new.number}",
                      site, full)
        # A required number that vanished, or appeared, breaks parsing on its own.
        if ft.presence(old, self.old_fdp, self.old_scopes) == "required":
            self.ctx.emit("required-field-removed",
                          f"required field {full} = {old.number} was removed", site, full)
        if ft.presence(new, self.new_fdp, self.new_scopes) == "required":
            self.ctx.emit("required-field-added",
                          f"required field {full} = {new.number} was added", site, full)

    def removed(self, old: Any, site: Site) -> None:
        if ft.presence(old, self.old_fdp, self.old_scopes) == "required":
            self.ctx.emit("required-field-removed", f"required field {self.full}.{old.name} "
                          f"= {old.number} was removed", site, f"{self.full}.{old.name}")
        number_ok = covered(_ranges(self.new.reserved_range), old.number, old.number + 1)
        name_ok = old.name in self.new.reserved_name
        where = f"field {self.full}.{old.name} = {old.number}"
        fix = describe_number(old.number, old.name, number_ok, name_ok)
        message_name = self.full.rsplit(".", 1)[-1]
        if not number_ok:
            self.ctx.emit("field-removed-unreserved",
                          f"{where} was removed without reserving its number"
                          + ("" if name_ok else " or name"), site, f"{self.full}.{old.name}",
                          hint=f"add `{fix}` to message {message_name}")
        elif not name_ok:
            self.ctx.emit("field-removed-name-unreserved",
                          f"{where} was removed; its number is reserved, its name is not",
                          site, f"{self.full}.{old.name}",
                          hint=f"add `{fix}` to message {message_name}")
        else:
            self.ctx.emit("field-removed", f"{where} was removed (number and name reserved)",
                          site, f"{self.full}.{old.name}")

    def field_pair(self, old: Any, new: Any, site: Site) -> None:
        full = f"{self.full}.{new.name}"
        before = Side(old, self.old_fdp, self.old_scopes)
        after = Side(new, self.new_fdp, self.new_scopes)
        change = fields.type_rule(self.ctx, before, after)
        if old.name != new.name:
            if change is not None and not any(f.name == old.name for f in self.new.field):
                self.ctx.emit("field-number-reused",
                              f"field number {new.number} of {self.full} was "
                              f"{old.name} ({ft.type_label(old)}) and is now {new.name} "
                              f"({ft.type_label(new)})", site, full,
                              hint=f"give {new.name} an unused number and add `"
                                   + describe_number(old.number, old.name, False, False)
                                   + f"` to message {self.full.rsplit('.', 1)[-1]}")
            else:
                self.ctx.emit("field-renamed", f"field {self.full}.{old.name} = {new.number} "
                              f"was renamed to {new.name}", site, full)
        if old.json_name != new.json_name:
            self.ctx.emit("field-json-name-changed",
                          f"the JSON name of field {full} changed from "
                          f"{old.json_name!r} to {new.json_name!r}", site, full)
        if change is not None:
            fields.emit_type(self.ctx, change, full, before, after, site)
        old_oneof = self._oneof_name(self.old, old)
        new_oneof = self._oneof_name(self.new, new)
        if old_oneof != new_oneof:
            self.ctx.emit("field-oneof-changed",
                          f"field {full} moved from {_oneof_text(old_oneof)} to "
                          f"{_oneof_text(new_oneof)}", site, full)
        was_map, is_map = _is_map(self.old, self.full, old), _is_map(self.new, self.full, new)
        if was_map != is_map and before.presence == after.presence == "repeated":
            # The same entries on the wire; a JSON object versus an array.
            shapes = ("a repeated field", "a map")
            self.ctx.emit("field-cardinality-changed-wire-compatible",
                          f"field {full} changed from {shapes[was_map]} to {shapes[is_map]}",
                          site, full)
        fields.compare(self.ctx, full, before, after, site,
                       map_entry=bool(self.new.options.map_entry))

    @staticmethod
    def _oneof_name(message: Any, field: Any) -> str | None:
        if not field.HasField("oneof_index") or field.proto3_optional:
            return None
        return str(message.oneof_decl[field.oneof_index].name)

    # --- the rest of the message --------------------------------------------------------

    def oneofs(self) -> None:
        synthetic = {f.oneof_index for f in self.old.field
                     if f.HasField("oneof_index") and f.proto3_optional}
        kept = {o.name for o in self.new.oneof_decl}
        for i, oneof in enumerate(self.old.oneof_decl):
            if i not in synthetic and oneof.name not in kept:
                self.ctx.emit("oneof-removed", f"oneof {self.full}.{oneof.name} was removed",
                              self.old_site.at(MESSAGE_ONEOF, i), f"{self.full}.{oneof.name}")

    def reserved(self) -> None:
        new_ranges = _ranges(self.new.reserved_range)
        for i, r in enumerate(self.old.reserved_range):
            if not covered(new_ranges, r.start, min(r.end, _MAX)):
                self.ctx.emit("reserved-number-removed",
                              f"message {self.full} no longer reserves "
                              f"{_range_text(r.start, r.end - 1)}",
                              self.old_site.at(MESSAGE_RESERVED_RANGE, i), self.full)
        kept = set(self.new.reserved_name)
        for i, name in enumerate(self.old.reserved_name):
            if name not in kept:
                self.ctx.emit("reserved-name-removed",
                              f'message {self.full} no longer reserves the name "{name}"',
                              self.old_site.at(MESSAGE_RESERVED_NAME, i), self.full)

    def extension_ranges(self) -> None:
        new_ranges = _ranges(self.new.extension_range)
        for i, r in enumerate(self.old.extension_range):
            if not covered(new_ranges, r.start, min(r.end, _MAX)):
                self.ctx.emit("extension-range-removed",
                              f"message {self.full} no longer has the extension range "
                              f"{_range_text(r.start, r.end - 1)}",
                              self.old_site.at(_EXTENSION_RANGE, i), self.full)

    def message_options(self) -> None:
        if (self.new.options.no_standard_descriptor_accessor
                and not self.old.options.no_standard_descriptor_accessor):
            self.ctx.emit("message-descriptor-accessor-removed",
                          f"message {self.full} set no_standard_descriptor_accessor",
                          self.new_site, self.full)
        before = ft.resolve("json_format", self.old_fdp, self.old_scopes)
        after = ft.resolve("json_format", self.new_fdp, self.new_scopes)
        if before == "allow" != after:  # gaining JSON support breaks no reader
            self.ctx.emit("json-format-changed", f"the JSON format of message {self.full} "
                          f"changed from {before} to {after}", self.new_site, self.full)


def _is_map(message: Any, full: str, field: Any) -> bool:
    """Whether ``field`` of ``message`` (named ``full``) is a map: a repeated field of
    the map entry message protoc nests in the same message."""
    if field.label != ft.REPEATED or field.type != ft.MESSAGE:
        return False
    prefix = f".{full}."
    if not field.type_name.startswith(prefix):
        return False
    name = field.type_name[len(prefix):]
    return any(n.name == name and n.options.map_entry for n in message.nested_type)


def _oneof_text(name: str | None) -> str:
    return f"oneof {name}" if name else "no oneof"


def _range_text(low: int, high: int) -> str:
    if high >= _MAX - 1:
        return f"{low} to max"
    return str(low) if low == high else f"{low} to {high}"
