"""Federation subgraphs: the field sets of ``@key``, ``@requires`` and ``@provides``
name fields that exist.

GraphQL validation sees a field set as a string; composition reads it as a
selection, and a typo (``@key(fields: "idd")``) fails the supergraph's composition,
or the subgraph's publication to a registry that composes. ``@key`` selects fields
of its type, ``@requires`` of the type of the field it marks, ``@provides`` of the
type that field returns; a field of an object type selects subfields, a leaf none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from accord.core.finding import Severity
from accord.kinds.graphql.defs import Definitions, TypeDef, Use, decode_string, named_type
from accord.kinds.graphql.fieldset import Selection, parse_field_set
from accord.kinds.graphql.lint.base import Coordinate, rule
from accord.kinds.graphql.model import GraphQLModel
from accord.kinds.graphql.platform import CANONICAL
from accord.lint.rule import Hit, LintOptions

_COMPOSITE = frozenset({"OBJECT", "INTERFACE", "UNION"})
_SHOWN = 8


@rule("federation-field-set", Severity.ERROR,
      "In a Federation subgraph, the fields argument of @key, @requires and @provides is a "
      "selection of fields that exist: @key selects fields of its type, @requires fields of "
      "the type of the field it marks, @provides fields of the type that field returns; a "
      "field of an object type selects subfields. A misspelt field fails composition.",
      "name the type's fields, with subfields in braces: @key(fields: \"id organization { "
      "id }\")", everywhere=True)
def field_sets(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    platform = model.platform
    if platform is None or platform.federation is None:
        return
    used: dict[str, int] = {}
    for hit in _field_sets(model.definitions, platform.canonical, platform.types):
        # Two problems of one element stay two findings (the engine keeps one per pointer).
        pointer = hit.location.pointer or ""
        used[pointer] = used.get(pointer, 0) + 1
        if used[pointer] > 1:
            hit = replace(hit, location=replace(hit.location, pointer=f"{pointer}/{used[pointer]}"))
        yield hit


def _field_sets(defs: Definitions, canonical: dict[str, str], platform_types: frozenset[str]
                ) -> Iterator[Hit]:
    for typedef in defs.types.values():
        if typedef.name in platform_types:
            continue
        for use in typedef.directives:
            if canonical.get(use.name) == CANONICAL + "key":
                yield from _check(defs, use, typedef, Coordinate(typedef.name))
        for field in typedef.fields.values() if typedef.kind != "INPUT_OBJECT" else ():
            for use in field.directives:
                which = canonical.get(use.name)
                if which == CANONICAL + "requires":
                    target: TypeDef | None = typedef
                elif which == CANONICAL + "provides":
                    target = defs.types.get(named_type(field.type))
                else:
                    continue
                yield from _check(defs, use, target, Coordinate(typedef.name, field.name))


def _check(defs: Definitions, use: Use, target: TypeDef | None,
           coordinate: Coordinate) -> Iterator[Hit]:
    printed = use.args.get("fields")
    if printed is None or target is None:
        return  # a missing argument or type: graphql-schema-valid reports it
    text = decode_string(printed)
    where = replace(defs.where(use), pointer=coordinate.pointer)
    what = f"@{use.name}(fields: \"{text}\") on {coordinate}"
    selections = parse_field_set(text)
    if selections is None:
        yield Hit(f"{what} is not a selection of fields", where)
        return
    for problem in _problems(defs, target, selections):
        yield Hit(f"{what}: {problem[0]}", where, hint=problem[1])


def _problems(defs: Definitions, owner: TypeDef, selections: tuple[Selection, ...]
              ) -> Iterator[tuple[str, str | None]]:
    for selection in selections:
        if selection.on is not None:
            target = defs.types.get(selection.on)
            if target is None or target.kind not in _COMPOSITE:
                yield f"{selection.on} is not an object, interface or union type", None
            else:
                yield from _problems(defs, target, selection.children)
            continue
        if selection.name == "__typename":
            continue
        field = owner.fields.get(selection.name)
        if field is None:
            names = ", ".join(list(owner.fields)[:_SHOWN])
            yield (f"{owner.name} has no field {selection.name}",
                   f"name fields of {owner.name}: {names}" if names else None)
            continue
        target = defs.types.get(named_type(field.type))
        composite = target is not None and target.kind in _COMPOSITE
        if selection.children and not composite:
            yield (f"{owner.name}.{field.name} is {field.type}, which has no subfields",
                   f"select {field.name} without braces")
        elif composite and not selection.children:
            yield (f"{owner.name}.{field.name} is {field.type}: select its subfields",
                   f"write {field.name} {{ ... }} with the fields that identify it")
        elif target is not None and composite:
            yield from _problems(defs, target, selection.children)
