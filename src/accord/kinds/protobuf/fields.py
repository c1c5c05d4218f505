"""What a message field and an extension field share when compared: type, label
(singular, repeated, required, presence), default and the options that shape
generated code or parsing.

A field is seen with its file and the messages enclosing it (:class:`Side`), since
syntax defaults and editions features decide its presence, encoding and UTF-8 check.
Names, JSON names and oneofs belong to message fields only (``messages.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.kinds.protobuf import features as ft
from accord.kinds.protobuf import fieldvalues as fv
from accord.kinds.protobuf.context import DiffContext, Site


@dataclass(frozen=True, slots=True)
class Side:
    """One version of a field: its descriptor, file and enclosing messages (outermost
    first; empty for an extension declared at file level)."""

    field: Any
    fdp: Any
    scopes: Sequence[Any]

    @property
    def wire(self) -> int:
        """The type as encoded (a delimited message field is a group)."""
        return ft.wire_type(self.field, self.fdp, self.scopes)

    @property
    def presence(self) -> str:
        return ft.presence(self.field, self.fdp, self.scopes)


def type_rule(ctx: DiffContext, old: Side, new: Side) -> str | None:
    """The rule for the field's type change, or None when the type is unchanged."""
    return ft.type_change(old.field, new.field, old.wire, new.wire,
                          enums=(ctx.base.enum_values, ctx.revision.enum_values))


def emit_type(ctx: DiffContext, rule: str, full: str, old: Side, new: Side,
              site: Site) -> None:
    ctx.emit(rule, f"field {full} changed type from {_encoded_label(old)} to "
             f"{_encoded_label(new)}", site, full)


def compare(ctx: DiffContext, full: str, old: Side, new: Side, site: Site, *,
            map_entry: bool = False) -> None:
    """Label, default and options of one field pair (the type is compared first, by
    the caller, since it decides how a rename is reported). ``map_entry``: the field
    is the key or value of a map."""
    label(ctx, full, old, new, site)
    default(ctx, full, old.field, new.field, site)
    options(ctx, full, old, new, site, map_entry=map_entry)


def label(ctx: DiffContext, full: str, old: Side, new: Side, site: Site) -> None:
    """Singular versus repeated, required versus not, and presence. Any change between
    singular and repeated breaks the binary encoding too: a singular reader keeps only
    the last of the values a repeated writer sends (or fails on a packed list)."""
    before, after = old.presence, new.presence
    if before == after:
        return
    text = f"field {full} changed from {before} to {after}"
    if "repeated" in (before, after):
        ctx.emit("field-cardinality-changed", text, site, full)
    elif "required" in (before, after):
        ctx.emit("field-required-changed", text, site, full)
    else:
        ctx.emit("field-presence-changed", text + " presence", site, full)


def default(ctx: DiffContext, full: str, old: Any, new: Any, site: Site) -> None:
    if not (fv.has_default(old) and fv.has_default(new)):
        return
    if not (old.HasField("default_value") or new.HasField("default_value")) \
            and old.type == new.type and old.type_name == new.type_name:
        return  # the same zero
    before = fv.default_of(old, ctx.base.enum_values)
    after = fv.default_of(new, ctx.revision.enum_values)
    if not fv.same_default(before, after):
        ctx.emit("field-default-changed", f"the default of field {full} changed "
                 f"from {fv.shown_default(old)} to {fv.shown_default(new)}", site, full)


def options(ctx: DiffContext, full: str, old: Side, new: Side, site: Site, *,
            map_entry: bool) -> None:
    was, now = old.field, new.field
    pairs = []
    if was.type in _INT64 and now.type in _INT64:
        pairs.append(("jstype", was.options.jstype, now.options.jstype))
    texts = (ft.STRING, ft.BYTES)
    if was.type in texts and now.type in texts and not map_entry:
        # C++ ignores the string type of map keys and values.
        before = fv.cpp_string_type(was, old.fdp, old.scopes)
        after = fv.cpp_string_type(now, new.fdp, new.scopes)
        if not (before == "STRING_PIECE" and after == "STRING"):  # a plain string reads all
            pairs.append(("C++ string type", before, after))
    if was.type == now.type == ft.STRING:
        pairs.append(("UTF-8 validation",
                      ft.resolve("utf8_validation", old.fdp, [*old.scopes, was]),
                      ft.resolve("utf8_validation", new.fdp, [*new.scopes, now])))
        pairs.append(("Java UTF-8 validation", fv.java_utf8(was, old.fdp, old.scopes),
                      fv.java_utf8(now, new.fdp, new.scopes)))
    for name, before, after in pairs:
        if before != after:
            ctx.emit("field-option-changed",
                     f"the {name} of field {full} changed from {before} to {after}",
                     site, full)


#: The 64-bit integer types, the only ones jstype applies to.
_INT64 = frozenset({ft.INT64, ft.UINT64, ft.SINT64, ft.FIXED64, ft.SFIXED64})


def _encoded_label(side: Side) -> str:
    label = ft.type_label(side.field)
    return f"{label} (delimited)" if side.wire == ft.GROUP and side.field.type == ft.MESSAGE \
        else label
