"""RPCs: one request and one response message per RPC, idempotency keys on RPCs that
create or move money, and documented deadlines.

A message of its own per RPC (``CreateInvoiceRequest``) can gain fields without
touching any other RPC; a shared message or ``google.protobuf.Empty`` cannot. Google's
AIPs allow three exceptions for responses, accepted here: the resource itself for
methods named after it (``GetInvoice`` returns ``Invoice``: AIP-131/133/134/136),
``google.longrunning.Operation`` for long-running methods (AIP-151), and
``google.protobuf.Empty`` for ``Delete*`` methods (AIP-135).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import (
    FIELD_TYPE_STRING,
    METHOD_INPUT,
    METHOD_OUTPUT,
    NAME,
    Node,
    full,
    hit,
    of_kind,
    rule,
    short,
    starts_with_word,
    text_of,
    upper_camel,
)
from accord.kinds.protobuf.model import ProtoModel
from accord.lint.rule import Hit, LintOptions

EMPTY = "google.protobuf.Empty"
OPERATION = "google.longrunning.Operation"


def _names(rpc: Node, suffix: str) -> list[str]:
    """The accepted names of the RPC's own request or response message (an RPC named
    against the casing rule counts by its UpperCamelCase form)."""
    service = rpc.parent.name if rpc.parent is not None else ""
    services = [service, service[:-len("Service")]] if service.endswith("Service") \
        else [service]
    names = []
    for name in dict.fromkeys((upper_camel(rpc.name), rpc.name)):
        names += [f"{name}{suffix}", *(f"{s}{name}{suffix}" for s in services)]
    return names


def _users(model: ProtoModel) -> dict[str, list[tuple[str, Node]]]:
    """Message full name -> the RPCs that use it, each with ``request``/``response``."""
    users: dict[str, list[tuple[str, Node]]] = defaultdict(list)
    for rpc in of_kind(model, "rpc"):
        users[full(rpc.proto.input_type)].append(("request", rpc))
        users[full(rpc.proto.output_type)].append(("response", rpc))
    return users


def _shared(users: dict[str, list[tuple[str, Node]]], rpc: Node, role: str,
            message: str) -> str | None:
    """A description of another use of ``message`` than ``rpc``'s ``role``, if any."""
    for other_role, other in users[message]:
        if other != rpc or other_role != role:
            return f"{other_role} of rpc '{other.full_name}'"
    return None


@rule("rpc-request-message", Severity.WARN,
      "Every RPC takes a request message of its own, named <Rpc>Request (or "
      "<Service><Rpc>Request) and used by no other RPC: fields can then be added to one "
      "RPC's input without changing another's, and google.protobuf.Empty or a shared "
      "message leaves no room to grow.",
      "declare `message <Rpc>Request { ... }` for the RPC (empty for now if need be) and "
      "take it as the request")
def request_message(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    users = _users(model)
    for rpc in of_kind(model, "rpc"):
        message = full(rpc.proto.input_type)
        wanted = _names(rpc, "Request")
        if message == EMPTY:
            yield hit(model, rpc, f"rpc '{rpc.full_name}' takes {EMPTY} as its request",
                      METHOD_INPUT, hint=f"Declare message {wanted[0]} and take it instead.")
        elif short(message) not in wanted:
            yield hit(model, rpc, f"the request of rpc '{rpc.full_name}' is "
                      f"{short(message)}, not {wanted[0]}", METHOD_INPUT,
                      hint=f"Declare message {wanted[0]} (it may hold the {short(message)} "
                      "as a field) and take it instead.")
        elif (other := _shared(users, rpc, "request", message)) is not None:
            yield hit(model, rpc, f"the request {short(message)} of rpc '{rpc.full_name}' "
                      f"is also the {other}", METHOD_INPUT)


def _resource(rpc: Node, message: str) -> bool:
    """True when the RPC is named <Verb><Resource> and returns the resource."""
    name = short(message)
    if len(rpc.name) <= len(name) or not rpc.name.endswith(name):
        return False
    before = rpc.name[-len(name) - 1]
    return before.islower() or before.isdigit()


@rule("rpc-response-message", Severity.WARN,
      "Every RPC returns a response message of its own, named <Rpc>Response (or "
      "<Service><Rpc>Response) and used by no other RPC, so that its output can grow "
      "alone. Accepted as well, after Google's AIPs: the resource an RPC is named after "
      "(GetInvoice returns Invoice), google.longrunning.Operation, and "
      "google.protobuf.Empty for Delete RPCs.",
      "declare `message <Rpc>Response { ... }` for the RPC and return it")
def response_message(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    users = _users(model)
    for rpc in of_kind(model, "rpc"):
        message = full(rpc.proto.output_type)
        wanted = _names(rpc, "Response")
        if message == OPERATION:
            continue
        if message == EMPTY:
            if not starts_with_word(rpc.name, ("Delete",)):
                yield hit(model, rpc, f"rpc '{rpc.full_name}' returns {EMPTY}",
                          METHOD_OUTPUT,
                          hint=f"Declare message {wanted[0]} and return it instead.")
            continue
        if short(message) in wanted:
            if (other := _shared(users, rpc, "response", message)) is not None:
                yield hit(model, rpc, f"the response {short(message)} of rpc "
                          f"'{rpc.full_name}' is also the {other}", METHOD_OUTPUT)
            continue
        if _resource(rpc, message):
            continue
        yield hit(model, rpc, f"the response of rpc '{rpc.full_name}' is {short(message)}, "
                  f"not {wanted[0]}", METHOD_OUTPUT,
                  hint=f"Declare message {wanted[0]} and return it instead.")


#: First words of RPCs that create something or move money: a retry must not repeat them.
CREATE_VERBS = ("Create", "Charge", "Pay", "Transfer", "Refund")
IDEMPOTENCY_FIELDS = ("request_id", "idempotency_key")


@rule("rpc-idempotency-key", Severity.WARN,
      "RPCs that create something or move money (Create*, Charge*, Pay*, Transfer*, "
      "Refund*) take an idempotency key: a string request_id or idempotency_key field of "
      "the request (AIP-155). A client that retries after a timeout cannot tell whether "
      "the first call took effect; with the key, the server answers the retry with the "
      "first result instead of creating or charging twice.",
      "add `string request_id = N;` to the request, documented as a client-generated "
      "UUID that the server deduplicates by")
def idempotency(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for rpc in of_kind(model, "rpc"):
        verb = starts_with_word(rpc.name, CREATE_VERBS)
        if verb is None:
            continue
        request = model.messages.get(full(rpc.proto.input_type))
        fields = {f.name: f for f in request.descriptor.field} if request is not None else {}
        found = [fields[n] for n in IDEMPOTENCY_FIELDS if n in fields]
        if any(f.type == FIELD_TYPE_STRING for f in found):
            continue
        what = (f"its {found[0].name} is not a string" if found else
                f"its request {short(rpc.proto.input_type)} has no request_id or "
                "idempotency_key field")
        yield hit(model, rpc, f"rpc '{rpc.full_name}' ({verb}) takes no idempotency key: "
                  f"{what}", NAME)


DEADLINE = re.compile(r"\b(deadlines?|time-?outs?|time out|times out)\b", re.IGNORECASE)


@rule("rpc-deadline-documented", Severity.INFO,
      "A service says which deadline its clients should set: gRPC calls have no deadline "
      "by default, so a client that sets none waits forever on a stuck server. Either the "
      "service's comment gives a default deadline (or timeout) for its RPCs, or each RPC's "
      "comment gives its own; one finding per service lists the RPCs that say nothing.",
      "say in the service's comment which deadline clients should set (e.g. 'Clients set "
      "a 5 s deadline; ListInvoices may take up to 30 s')")
def deadlines(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    by_service: dict[Node, list[Node]] = defaultdict(list)
    for rpc in of_kind(model, "rpc"):
        if rpc.parent is not None:
            by_service[rpc.parent].append(rpc)
    for service, rpcs in by_service.items():
        if DEADLINE.search(text_of(model, service)):
            continue
        silent = [r.name for r in rpcs if not DEADLINE.search(text_of(model, r))]
        if not silent:
            continue
        shown = ", ".join(silent[:5]) + (", ..." if len(silent) > 5 else "")
        yield hit(model, service, f"{service.label()} documents no default deadline, and "
                  f"{len(silent)} of {len(rpcs)} RPCs say nothing about deadlines: {shown}",
                  NAME)
