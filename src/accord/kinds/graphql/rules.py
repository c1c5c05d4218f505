"""The GraphQL change rules: graphql-inspector's change types at accord's levels.

Direction says who is hurt: ``response`` for what the server returns (output
fields, enum values, union members, interfaces: clients read them, so the server
may only promise more), ``request`` for what clients send (arguments, input
fields: the server may only accept more), ``both`` for types and directives used
both ways. An enum can be both: its changes carry ``both``.
"""

from __future__ import annotations

from accord.core.change import Direction, Level
from accord.kinds.openapi.catalog import Catalog, rule

B, D, S = Level.BREAKING, Level.DANGEROUS, Level.SAFE
REQ, RESP, BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH
_NOTHING = "Nothing to do."
_DOCS = "Nothing to do for clients; generated documentation changes."

CATALOG = Catalog([
    # --- types -----------------------------------------------------------------------
    rule("type-removed", B, BOTH,
         "A type was removed: queries and fragments that name it fail validation.",
         "Deprecate the fields that return it first, and remove it when no client uses it."),
    rule("type-added", S, BOTH, "A type was added.", _NOTHING, addition=True),
    rule("type-kind-changed", B, BOTH,
         "A type changed its kind (object to interface, enum to scalar, ...): selections "
         "and values written for the old kind fail.",
         "Add a new type with the new kind and move clients to it."),
    rule("type-description-added", S, BOTH, "A type's description was added.", _DOCS),
    rule("type-description-removed", S, BOTH, "A type's description was removed.", _DOCS),
    rule("type-description-changed", S, BOTH, "A type's description changed.", _DOCS),
    # --- output fields ---------------------------------------------------------------
    rule("field-removed", B, RESP,
         "A field was removed without being deprecated with a reason first: queries that "
         "select it fail validation.",
         "Deprecate the field with @deprecated(reason: ...) naming its replacement, and "
         "remove it once no client selects it."),
    rule("deprecated-field-removed", D, RESP,
         "A field that was deprecated with a reason was removed: clients were told, but any "
         "that still select it fail validation.",
         "Check the field's usage (operation logs, persisted queries) before removing it."),
    rule("field-added", S, RESP, "A field was added.", _NOTHING, addition=True),
    rule("field-type-changed", B, RESP,
         "A field's type changed (another named type, or list wrapping added or removed): "
         "clients read values of the old type.",
         "Add a field with the new type, deprecate the old one, and remove it later."),
    rule("field-made-nullable", B, RESP,
         "A field that was non-null may now return null: clients that rely on a value "
         "break on null.",
         "Keep the field non-null; add a nullable field if the value can be missing."),
    rule("field-made-non-null", S, RESP,
         "A nullable field became non-null: clients get a value where they handled null.",
         _NOTHING),
    rule("field-description-added", S, RESP, "A field's description was added.", _DOCS),
    rule("field-description-removed", S, RESP, "A field's description was removed.", _DOCS),
    rule("field-description-changed", S, RESP, "A field's description changed.", _DOCS),
    rule("field-deprecated", S, RESP, "A field was deprecated.",
         "Tell clients what to use instead (the deprecation reason) and when the field "
         "goes away."),
    rule("field-undeprecated", S, RESP, "A field is no longer deprecated.", _NOTHING),
    rule("field-deprecation-reason-added", S, RESP,
         "A deprecated field's deprecation reason was added.", _NOTHING),
    rule("field-deprecation-reason-removed", S, RESP,
         "A deprecated field's deprecation reason was removed.",
         "Keep a reason that names the replacement."),
    rule("field-deprecation-reason-changed", S, RESP,
         "A deprecated field's deprecation reason changed.", _NOTHING),
    # --- arguments -------------------------------------------------------------------
    rule("argument-added-required", B, REQ,
         "A required argument (non-null, without a default) was added to a field: queries "
         "that do not pass it fail validation.",
         "Make the argument nullable or give it a default value."),
    rule("argument-added", D, REQ,
         "An optional argument was added to a field: queries still work, but the field's "
         "behaviour may now depend on it (graphql-inspector also calls this dangerous).",
         "Check that omitting the argument keeps the old behaviour.", addition=True),
    rule("argument-removed", B, REQ,
         "An argument was removed from a field: queries that pass it fail validation.",
         "Keep accepting the argument (deprecate it) until no client passes it."),
    rule("argument-type-changed", B, REQ,
         "An argument's type changed (another named type, or list wrapping added or "
         "removed): values clients pass no longer validate.",
         "Add an argument with the new type, deprecate the old one, and remove it later."),
    rule("argument-made-required", B, REQ,
         "An argument became required: a nullable one became non-null (queries that omit "
         "it or pass null fail), or a non-null one lost its default value (queries that "
         "omit it fail).",
         "Keep the argument nullable, or keep its default value."),
    rule("argument-made-optional", S, REQ,
         "A non-null argument became nullable: every query that was valid still is.",
         _NOTHING),
    rule("argument-default-changed", D, REQ,
         "An argument's default value was added, removed or changed: queries that omit it "
         "now get a different result.",
         "Announce the new default; clients that need the old behaviour pass it "
         "explicitly."),
    rule("argument-description-changed", S, REQ,
         "An argument's description was added, removed or changed.", _DOCS),
    rule("argument-deprecated", S, REQ, "An argument (of a field or a directive) was "
         "deprecated.", "Tell clients what to pass instead (the deprecation reason)."),
    rule("argument-undeprecated", S, REQ, "An argument is no longer deprecated.", _NOTHING),
    rule("argument-deprecation-reason-changed", S, REQ,
         "A deprecated argument's deprecation reason was added, removed or changed.",
         _NOTHING),
    # --- input fields ----------------------------------------------------------------
    rule("input-field-removed", B, REQ,
         "An input field was removed: clients that send it fail validation.",
         "Keep accepting the field (deprecate it) until no client sends it."),
    rule("input-field-added-required", B, REQ,
         "A required input field (non-null, without a default) was added: inputs clients "
         "send without it fail validation.",
         "Make the field nullable or give it a default value."),
    rule("input-field-added-with-default", D, REQ,
         "An input field with a default value was added: inputs that omit it now carry the "
         "default.", "Check that the default keeps the old behaviour.", addition=True),
    rule("input-field-added", S, REQ, "An optional input field was added.", _NOTHING,
         addition=True),
    rule("input-field-type-changed", B, REQ,
         "An input field's type changed (another named type, or list wrapping added or "
         "removed): values clients send no longer validate.",
         "Add a field with the new type, deprecate the old one, and remove it later."),
    rule("input-field-made-required", B, REQ,
         "An input field became required: a nullable one became non-null (inputs that "
         "omit it or send null fail), or a non-null one lost its default value (inputs "
         "that omit it fail).",
         "Keep the field nullable, or keep its default value."),
    rule("input-field-made-optional", S, REQ,
         "A non-null input field became nullable: every input that was valid still is.",
         _NOTHING),
    rule("input-field-default-changed", D, REQ,
         "An input field's default value was added, removed or changed: inputs that omit "
         "it now mean something else.",
         "Announce the new default; clients that need the old value send it explicitly."),
    rule("input-field-description-added", S, REQ, "An input field's description was added.",
         _DOCS),
    rule("input-field-description-removed", S, REQ,
         "An input field's description was removed.", _DOCS),
    rule("input-field-description-changed", S, REQ,
         "An input field's description changed.", _DOCS),
    rule("input-field-deprecated", S, REQ, "An input field was deprecated.",
         "Tell clients what to send instead (the deprecation reason)."),
    rule("input-field-undeprecated", S, REQ, "An input field is no longer deprecated.",
         _NOTHING),
    rule("input-field-deprecation-reason-changed", S, REQ,
         "A deprecated input field's deprecation reason was added, removed or changed.",
         _NOTHING),
    # --- enums -----------------------------------------------------------------------
    rule("enum-value-removed", B, BOTH,
         "An enum value was removed: clients that send it fail, and clients that stored it "
         "no longer find it.",
         "Deprecate the value first, and remove it when no client uses it."),
    rule("enum-value-added", D, BOTH,
         "An enum value was added: clients that switch over the enum's values may not "
         "handle the new one.",
         "Make sure clients have a default branch for unknown values.", addition=True),
    rule("enum-value-description-changed", S, BOTH,
         "An enum value's description was added, removed or changed.", _DOCS),
    rule("enum-value-deprecated", S, BOTH, "An enum value was deprecated.",
         "Tell clients what to use instead (the deprecation reason)."),
    rule("enum-value-undeprecated", S, BOTH, "An enum value is no longer deprecated.",
         _NOTHING),
    rule("enum-value-deprecation-reason-changed", S, BOTH,
         "A deprecated enum value's deprecation reason was added, removed or changed.",
         _NOTHING),
    # --- unions and interfaces -------------------------------------------------------
    rule("union-member-removed", B, RESP,
         "A member was removed from a union: fragments on it fail validation, and clients "
         "stop receiving it.",
         "Keep the member until no client spreads a fragment on it."),
    rule("union-member-added", D, RESP,
         "A member was added to a union: clients that expect only the old members may not "
         "handle the new one.",
         "Make sure clients handle unknown __typename values.", addition=True),
    rule("interface-removed", B, RESP,
         "An object type no longer implements an interface: fragments on the interface "
         "no longer match it, and it no longer appears where the interface is returned.",
         "Keep implementing the interface until clients no longer rely on it."),
    rule("interface-added", D, RESP,
         "An object type now implements another interface: clients that list the possible "
         "types of the interface may not expect it.",
         "Make sure clients handle unknown __typename values.", addition=True),
    # --- schema ----------------------------------------------------------------------
    rule("root-type-changed", B, BOTH,
         "A root operation type (query, mutation or subscription) was changed or removed.",
         "Keep the root types; rename them only with every client."),
    rule("root-type-added", S, BOTH,
         "A root operation type was added (the schema now has mutations or subscriptions).",
         _NOTHING, addition=True),
    # --- directives ------------------------------------------------------------------
    rule("directive-removed", B, BOTH,
         "A directive was removed: documents that use it fail validation.",
         "Keep the directive until no client uses it."),
    rule("directive-added", S, BOTH, "A directive was added.", _NOTHING, addition=True),
    rule("directive-description-changed", S, BOTH,
         "A directive's description was added, removed or changed.", _DOCS),
    rule("directive-location-removed", B, BOTH,
         "A directive can no longer be used at a location: documents that use it there "
         "fail validation.", "Keep the location until no client uses the directive there."),
    rule("directive-location-added", S, BOTH, "A directive can be used at a new location.",
         _NOTHING, addition=True),
    rule("directive-repeatable-removed", D, BOTH,
         "A directive is no longer repeatable: documents that repeat it fail validation.",
         "Keep it repeatable until no client repeats it."),
    rule("directive-repeatable-added", S, BOTH, "A directive became repeatable.", _NOTHING),
    rule("directive-argument-added-required", B, BOTH,
         "A required argument was added to a directive: uses without it fail validation.",
         "Make the argument nullable or give it a default value."),
    rule("directive-argument-added", S, BOTH, "An optional argument was added to a directive.",
         _NOTHING, addition=True),
    rule("directive-argument-removed", B, BOTH,
         "An argument was removed from a directive: uses that pass it fail validation.",
         "Keep the argument until no client passes it."),
    rule("directive-argument-type-changed", B, BOTH,
         "A directive argument's type changed (another named type, or list wrapping added "
         "or removed): values written for the old type no longer validate.",
         "Add an argument with the new type instead."),
    rule("directive-argument-made-required", B, BOTH,
         "A directive argument became required: a nullable one became non-null, or a "
         "non-null one lost its default value; uses that omit it (or pass null) fail.",
         "Keep the argument nullable, or keep its default value."),
    rule("directive-argument-made-optional", S, BOTH,
         "A directive's non-null argument became nullable.", _NOTHING),
    rule("directive-argument-default-changed", D, BOTH,
         "A directive argument's default value was added, removed or changed.",
         "Announce the new default."),
    rule("directive-argument-description-changed", S, BOTH,
         "A directive argument's description was added, removed or changed.", _DOCS),
    # --- directives applied in the schema --------------------------------------------
    rule("directive-usage-added", D, BOTH,
         "A directive was applied to an existing element (type, field, argument, enum "
         "value, schema): tools and gateways that act on it change behaviour.",
         "Check what the directive does to clients (gateways, code generators, "
         "caches)."),
    rule("directive-usage-removed", D, BOTH,
         "A directive was removed from an element: tools and gateways that acted on it "
         "change behaviour.",
         "Check what the directive did for clients (gateways, code generators, caches)."),
    rule("directive-usage-changed", D, BOTH,
         "An argument of a directive applied to an element was removed or given another "
         "value: tools and gateways that act on it change behaviour.",
         "Check what the directive's arguments do to clients (gateways, code generators, "
         "caches)."),
    rule("directive-usage-argument-added", S, BOTH,
         "A directive applied to an element was given an argument it did not have; the "
         "others are unchanged.", "Check what the new argument does to clients."),
    # --- Federation subgraphs --------------------------------------------------------
    rule("entity-key-removed", B, BOTH,
         "A resolvable @key was removed from an entity of a Federation subgraph, or made "
         "resolvable: false: the router can no longer fetch the entity from this subgraph "
         "by those fields, so query plans that did fail, or the supergraph no longer "
         "composes.",
         "Keep the key (add the new one beside it) until no other subgraph references the "
         "entity by it."),
    rule("entity-key-changed", B, BOTH,
         "An entity's only changed @key names other fields: the router can no longer fetch "
         "the entity from this subgraph by the old ones, which other subgraphs send.",
         "Add the new key beside the old one (@key is repeatable), and remove the old one "
         "when no subgraph references the entity by it."),
    rule("entity-key-added", S, BOTH,
         "A @key was added to a type of a Federation subgraph (or became resolvable): the "
         "router can fetch the entity from this subgraph by it.", _NOTHING, addition=True),
    rule("inaccessible-added", B, BOTH,
         "An existing element of a Federation subgraph became @inaccessible: it leaves the "
         "supergraph's API, so queries that select it or pass it fail validation.",
         "Deprecate the element first, and hide it when no client uses it."),
    rule("inaccessible-removed", S, BOTH,
         "An element of a Federation subgraph is no longer @inaccessible: it joins the "
         "supergraph's API.", _NOTHING, addition=True),
    rule("input-one-of-added", B, REQ,
         "An input object became @oneOf: inputs that set several fields (or none) fail.",
         "Add a new @oneOf input instead of constraining an existing one."),
    rule("input-one-of-removed", S, REQ,
         "An input object is no longer @oneOf: every input that was valid still is.",
         _NOTHING),
    rule("field-one-of-added", B, REQ,
         "A field became @oneOf (the OneOf fields proposal): queries must now pass exactly "
         "one of its arguments, so those that pass none or several fail.",
         "Add a new field that takes one of the arguments instead."),
    rule("field-one-of-removed", S, REQ,
         "A field is no longer @oneOf: every query that was valid still is.", _NOTHING),
])
