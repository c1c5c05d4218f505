"""The light definitions of a model, from its SDL files or its introspection result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.core.location import Location

if TYPE_CHECKING:
    from accord.kinds.graphql.defs import Definitions
    from accord.kinds.graphql.model import GraphQLModel


def read_definitions(model: GraphQLModel) -> Definitions:
    """Syntax errors in SDL are AccordErrors with their location."""
    if model.source_kind == "introspection":
        from accord.kinds.graphql.introspection import read_introspection

        assert model.introspection is not None

        def locate(file: int, at: int | str) -> Location:
            return model.json_location(at if isinstance(at, str) else model.introspection_pointer)

        return read_introspection(model.introspection, model.introspection_pointer, locate)
    from accord.kinds.graphql.sdl import read_sdl

    defs, _ = read_sdl([(f.display, f.text) for f in model.files], model.options)
    return defs
