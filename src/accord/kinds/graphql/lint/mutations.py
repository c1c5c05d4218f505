"""Mutations, Relay and Shopify style: one input object in, a payload type out, user
errors as typed data in the payload, and an idempotency key where a retry would move
money twice.

A payload is the mutation's own object type (``CreateUserPayload``), so fields can be
added to it later (the changed entity, user errors, ...); a scalar result
(``Boolean``) or the bare entity cannot grow. Errors that the user can fix (a taken
name, an amount over the limit) are data in the payload, ``userErrors: [UserError!]!``
with a message and the input field they concern, or a member of a result union
(``CreateUserResult = CreateUserSuccess | NameTaken``); the response's top-level
``errors`` is for what the client cannot fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

from accord.core.finding import Severity
from accord.kinds.graphql.lint.base import (
    Coordinate,
    is_entity,
    is_list,
    member_where,
    mutations,
    named,
    normalise,
    rule,
    schema_of,
    type_where,
    words,
)
from accord.kinds.graphql.model import GraphQLModel
from accord.lint.rule import Hit, LintOptions

_PAYLOAD_SUFFIXES = ("Payload", "Result", "Response", "Output")
_ERROR_FIELD = re.compile(r"^(errors|userErrors|[a-z][A-Za-z0-9]*Errors)$")
_ERROR_MEMBER = re.compile(r"(Error|Errors|Problem|Failure|Rejection|Invalid)$")


def _coordinate(schema: GraphQLSchema, mutation: str) -> Coordinate:
    root = schema.mutation_type
    return Coordinate(root.name if root is not None else "Mutation", mutation)


def _input_problem(field: GraphQLField) -> str | None:
    args = field.args
    if not args:
        return None
    if len(args) > 1:
        return f"takes {len(args)} arguments ({', '.join(args)}), not one input object"
    name, arg = next(iter(args.items()))
    if not isinstance(named(arg.type), GraphQLInputObjectType) or is_list(arg.type):
        return f"takes {name}: {arg.type}, not an input object"
    if not isinstance(arg.type, GraphQLNonNull):
        return f"takes {name}: {arg.type}, which may be null; make it {arg.type}!"
    if name != "input":
        return f"takes its input object as {name}, not as input"
    return None


@rule("mutation-input-object", Severity.WARN,
      "A mutation takes one argument, input: <Mutation>Input!, a non-null input object: "
      "clients send one variable, and fields can be added to the input object later "
      "without changing the mutation's signature (Relay's input-object mutations).",
      "move the arguments into an input object: createUser(input: CreateUserInput!)")
def input_object(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for name, field in mutations(schema):
        problem = _input_problem(field)
        if problem is not None:
            coordinate = _coordinate(schema, name)
            yield Hit(f"mutation {name} {problem}", member_where(model, coordinate, field))


def is_bare_entity(of: GraphQLNamedType) -> bool:
    return (isinstance(of, GraphQLObjectType | GraphQLInterfaceType) and is_entity(of)
            and not of.name.endswith(_PAYLOAD_SUFFIXES))


def _payload_problem(field: GraphQLField) -> str | None:
    of = named(field.type)
    if is_list(field.type):
        return f"returns a list ({field.type}), not a payload object"
    if not isinstance(of, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
        what = "an enum" if isinstance(of, GraphQLEnumType) else "a scalar"
        return f"returns {field.type}, {what}, not a payload object"
    if is_bare_entity(of):
        return f"returns the entity {of.name} itself, not a payload object"
    return None


@rule("mutation-payload-type", Severity.WARN,
      "A mutation returns its own payload object type (CreateUserPayload { user: User, "
      "userErrors: [UserError!]! }) or a result union, not a scalar such as Boolean, not "
      "a list, and not the bare entity: a payload can carry the changed entities and the "
      "user errors, and gain fields later without breaking clients.",
      "return a payload type, as in createUser(input: CreateUserInput!): CreateUserPayload! "
      "with type CreateUserPayload { user: User, userErrors: [UserError!]! }")
def payload_type(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for name, field in mutations(schema):
        problem = _payload_problem(field)
        if problem is not None:
            coordinate = _coordinate(schema, name)
            yield Hit(f"mutation {name} {problem}", member_where(model, coordinate, field))


def _typed_errors(field: GraphQLField) -> bool:
    return is_list(field.type) and isinstance(
        named(field.type), GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)


def _errors_problem(payload: GraphQLNamedType) -> str | None:
    if isinstance(payload, GraphQLUnionType):
        if any(_ERROR_MEMBER.search(member.name) for member in payload.types):
            return None
        return "none of its members is an error type (named *Error or *Problem)"
    if not isinstance(payload, GraphQLObjectType | GraphQLInterfaceType):
        return None
    found = [(n, f) for n, f in payload.fields.items() if _ERROR_FIELD.match(n)]
    if any(_typed_errors(f) for _, f in found):
        return None
    if found:
        name, field = found[0]
        return f"its {name} field is {field.type}, not a list of error objects"
    return "it has no userErrors field"


@rule("mutation-user-errors", Severity.WARN,
      "A mutation's payload carries the errors its user can fix as typed data: a "
      "userErrors (or errors, or *Errors) field that lists error objects (message, the "
      "input field concerned, a code), or error members of a result union. Clients then "
      "show them next to the input; the response's top-level errors are for failures "
      "the client cannot fix.",
      "add userErrors: [UserError!]! to the payload, with type UserError { message: "
      "String!, field: [String!], code: UserErrorCode }")
def user_errors(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for name, field in mutations(schema):
        payload = named(field.type)
        if is_list(field.type) or is_bare_entity(payload):
            continue  # mutation-payload-type reports these
        problem = _errors_problem(payload)
        if problem is not None:
            yield Hit(f"the payload {payload.name} of mutation {name} carries no typed user "
                      f"errors: {problem}", type_where(model, payload))


# --- idempotency -------------------------------------------------------------------------

#: Verbs that move money by themselves (payOrder, refundCreate, chargeCard).
_MONEY_VERBS = frozenset({
    "pay", "repay", "prepay", "charge", "refund", "purchase", "buy", "withdraw", "deposit",
    "disburse", "remit", "donate", "checkout", "payout",
})
#: Verbs that make a money movement named after them (createPayment, payoutCreate).
_DOING_VERBS = frozenset({"create", "make", "submit", "execute", "process", "confirm",
                          "initiate", "issue", "complete", "send", "post", "add"})
_MONEY_THINGS = frozenset({
    "payment", "payments", "charge", "charges", "refund", "refunds", "payout", "payouts",
    "purchase", "purchases", "withdrawal", "withdrawals", "deposit", "deposits", "donation",
    "donations", "disbursement", "disbursements", "remittance", "remittances",
})
#: Verbs that move money when it is named (transferFunds) or the input carries an
#: amount (captureAuthorization(input: {amountCents, ...})); transferIssue moves none.
_MOVE_VERBS = frozenset({"transfer", "capture", "send", "settle", "wire", "authorize",
                         "authorise", "topup"})
_MONEY_NOUNS = frozenset({"money", "funds", "fund", "balance", "amount", "cash", "credit",
                          "credits", "wallet"}) | _MONEY_THINGS
_AMOUNT = re.compile(r"^(amount|[a-z0-9]*amount|amount[a-z0-9]+|money|funds|cents|total)$")
#: Fields a client sets so that a retried request is recognised and applied once.
_KEYS = frozenset({"idempotencykey", "idempotencytoken", "idempotencyid", "clientmutationid",
                   "requestid", "clientrequestid", "deduplicationkey", "deduplicationid",
                   "dedupkey", "dedupekey", "dedupid", "uniquekey", "clienttoken"})


def _input_names(field: GraphQLField) -> set[str]:
    """The normalised names of a mutation's arguments and of its input objects' fields."""
    names = set()
    for arg_name, arg in field.args.items():
        names.add(normalise(arg_name))
        of = named(arg.type)
        if isinstance(of, GraphQLInputObjectType):
            names.update(normalise(n) for n in of.fields)
    return names


def moves_money(name: str, inputs: set[str]) -> bool:
    """True when a mutation's name (verb first, createPayment, or last, paymentCreate)
    or its name and inputs (the normalised names of its arguments and input fields)
    say that it moves money."""
    found = words(name)
    if not found:
        return False
    verbs, named_words = {found[0], found[-1]}, set(found)
    if verbs & _MONEY_VERBS:
        return True
    if verbs & _DOING_VERBS and named_words & _MONEY_THINGS:
        return True
    return bool(verbs & _MOVE_VERBS) and bool(
        named_words & _MONEY_NOUNS or any(_AMOUNT.match(n) for n in inputs))


@rule("money-mutation-idempotency-key", Severity.WARN,
      "A mutation that moves money (pay, charge, refund, payout, purchase, a transfer "
      "or capture of an amount, ...) takes an idempotency key (idempotencyKey, or "
      "clientMutationId) in its input: a client that retries after a timeout must not "
      "charge or pay twice.",
      "add idempotencyKey: String! to the input object, and have the server store it with "
      "the result and replay that result for a retried key")
def idempotency_key(model: GraphQLModel, options: LintOptions) -> Iterator[Hit]:
    schema = schema_of(model)
    if schema is None:
        return
    for name, field in mutations(schema):
        inputs = _input_names(field)
        if not moves_money(name, inputs) or inputs & _KEYS:
            continue
        coordinate = _coordinate(schema, name)
        yield Hit(f"mutation {name} moves money but its input has no idempotency key",
                  member_where(model, coordinate, field))
