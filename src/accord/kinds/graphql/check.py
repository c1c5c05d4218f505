"""Fast validity checks on the light definitions, for ``load`` (the diff path).

They cover what makes a schema unusable or a diff meaningless: duplicate
definitions, extensions of undefined types, unknown types and directives, types in
the wrong position (an input object as a field's type), types without fields,
union members that are not objects, interfaces not implemented, bad root types.
The complete validation, graphql-core's, runs for lint (``GraphQLModel.errors``).
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.kinds.graphql.defs import (
    BUILTIN_DIRECTIVES,
    BUILTIN_SCALARS,
    Definitions,
    Element,
    Member,
    Root,
    TypeDef,
    Use,
    named_type,
)
from accord.kinds.graphql.model import SchemaProblem

_OUTPUT = frozenset({"OBJECT", "INTERFACE", "UNION", "ENUM", "SCALAR"})
_INPUT = frozenset({"INPUT_OBJECT", "ENUM", "SCALAR"})

_Found = tuple[str, str, Element, tuple[Element, ...]]


def first_problem(defs: Definitions) -> SchemaProblem | None:
    """The problem written first (file order, then position), or None."""
    best: tuple[tuple[int, int], _Found] | None = None
    for found in problems(defs):
        element = found[2]
        key = (element.file, element.at if isinstance(element.at, int) else 0)
        if best is None or key < best[0]:
            best = (key, found)
    if best is None:
        return None
    message, hint, element, related = best[1]
    return SchemaProblem(message, defs.where(element), hint,
                         tuple(defs.where(r) for r in related))


def problems(defs: Definitions) -> Iterator[_Found]:
    for what, file, at, first_file, first_at in defs.duplicates:
        here, first = Root("", file, at), Root("", first_file, first_at)
        yield (f"{what} is defined more than once", "remove or rename one of the definitions",
               here, (first,))
    for name, file, at in defs.orphan_extensions:
        yield (f"cannot extend {name}: no type of that kind is defined",
               "define the type (in one of the files), or correct the extension's name "
               "and keyword", Root("", file, at), ())
    for typedef in defs.types.values():
        yield from _type_problems(defs, typedef)
    for directive in defs.directives.values():
        for arg in directive.args.values():
            yield from _member_type(defs, f"@{directive.name}({arg.name}:)", arg, _INPUT)
    for operation, root in defs.roots.items():
        target = defs.types.get(root.type)
        if target is None or target.kind != "OBJECT":
            yield (f"the {operation} root type {root.type} is not a defined object type",
                   "make the root operation type an object type", root, ())


def _type_problems(defs: Definitions, typedef: TypeDef) -> Iterator[_Found]:
    name, kind = typedef.name, typedef.kind
    yield from _uses(defs, typedef.directives)
    if kind in ("OBJECT", "INTERFACE", "INPUT_OBJECT") and not typedef.fields:
        yield (f"{name} must define one or more fields", "add a field, or remove the type",
               typedef, ())
    allowed = _INPUT if kind == "INPUT_OBJECT" else _OUTPUT
    for field in typedef.fields.values():
        coordinate = f"{name}.{field.name}"
        yield from _member_type(defs, coordinate, field, allowed)
        yield from _uses(defs, field.directives)
        for arg in field.args.values():
            yield from _member_type(defs, f"{coordinate}({arg.name}:)", arg, _INPUT)
            yield from _uses(defs, arg.directives)
    for interface in typedef.interfaces:
        target = defs.types.get(interface)
        if target is None or target.kind != "INTERFACE":
            yield (f"{name} implements {interface}, which is not a defined interface",
                   "implement interfaces only", typedef, ())
            continue
        for field_name, field in target.fields.items():
            if field_name not in typedef.fields:
                yield (f"interface field {interface}.{field_name} expected but {name} does "
                       "not provide it", "add the interface's field to the type", typedef,
                       (field,))
    if kind == "UNION":
        if not typedef.members:
            yield (f"union {name} must have one or more member types",
                   "add member types, or remove the union", typedef, ())
        for member in typedef.members:
            target = defs.types.get(member)
            if target is None or target.kind != "OBJECT":
                yield (f"union {name} includes {member}, which is not a defined object type",
                       "unions hold object types only", typedef, ())
    if kind == "ENUM":
        if not typedef.values:
            yield (f"enum {name} must define one or more values", "add values, or remove "
                   "the enum", typedef, ())
        for value in typedef.values.values():
            yield from _uses(defs, value.directives)


def _member_type(defs: Definitions, coordinate: str, member: Member,
                 allowed: frozenset[str]) -> Iterator[_Found]:
    type_name = named_type(member.type)
    if type_name in BUILTIN_SCALARS:
        return
    target = defs.types.get(type_name)
    if target is None:
        yield (f"unknown type {type_name} ({coordinate})", "define the type, or correct its name",
               member, ())
    elif target.kind not in allowed:
        position = "input" if allowed is _INPUT else "output"
        yield (f"the type of {coordinate} must be an {position} type, but {type_name} is "
               f"{target.kind.lower().replace('_', ' ')}",
               "use an input object, enum or scalar for arguments and input fields"
               if position == "input" else
               "use an object, interface, union, enum or scalar for fields", member, ())


def _uses(defs: Definitions, uses: list[Use]) -> Iterator[_Found]:
    for use in uses:
        if use.name not in defs.directives and use.name not in BUILTIN_DIRECTIVES:
            hints = defs.platform.hints if defs.platform is not None else {}
            yield (f"unknown directive @{use.name}",
                   hints.get(use.name, "define the directive, or correct its name"), use, ())
