"""The GraphQL lint rules, part one: validity and connections.

A clean schema passes every rule (the strict ruleset); each test changes it in one
place and expects the rule's finding at the changed element (its pointer is the
element's schema coordinate, its line the line written), or no finding for the
alternatives the rule documents. The helpers here serve the other test_lint modules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core import Finding
from accord.kinds.graphql import GraphQLKind
from accord.lint import RECOMMENDED, STRICT, IgnoreEntry, LintRun, LintSettings, lint

KIND = GraphQLKind()

CLEAN = '''\
"""An object with a global id."""
interface Node {
  """The object's global id."""
  id: ID!
}

"""Where an order is in its life."""
enum OrderStatus {
  PENDING
  PAID
  SHIPPED
}

"""A customer's order."""
type Order implements Node {
  id: ID!
  """Where the order is in its life."""
  status: OrderStatus!
  """The total in cents."""
  totalCents: Int!
  """The order's lines (a few at most)."""
  lines: [OrderLine!]!
  """The former name of status."""
  state: OrderStatus @deprecated(reason: "Use `status`.")
}

"""One line of an order."""
type OrderLine {
  """The product's SKU."""
  sku: String!
  """How many items."""
  quantity: Int!
}

"""A page of orders."""
type OrderConnection {
  """The orders of the page, with their cursors."""
  edges: [OrderEdge!]!
  """The orders of the page."""
  nodes: [Order!]!
  """Where the page is in the list."""
  pageInfo: PageInfo!
}

"""An order and its cursor."""
type OrderEdge {
  """Where the order is in the list."""
  cursor: String!
  """The order."""
  node: Order!
}

"""Where a page is in its list."""
type PageInfo {
  """Whether a page follows."""
  hasNextPage: Boolean!
  """Whether a page precedes."""
  hasPreviousPage: Boolean!
  """The cursor of the page's first element."""
  startCursor: String
  """The cursor of the page's last element."""
  endCursor: String
}

"""The root of every read."""
type Query {
  """The object with this id."""
  node(id: ID!): Node
  """The customer's orders, newest first."""
  orders(first: Int, after: String, last: Int, before: String): OrderConnection!
}

"""The details of a new order."""
input PlaceOrderInput {
  """The lines to order."""
  lines: [OrderLineInput!]!
}

"""One line to order."""
input OrderLineInput {
  """The product's SKU."""
  sku: String!
  """How many items."""
  quantity: Int!
}

"""An error the user can correct."""
type UserError {
  """What is wrong."""
  message: String!
  """The path to the input field concerned."""
  field: [String!]
}

"""The order placed, or why it was not."""
type PlaceOrderPayload {
  """The new order; null when userErrors says why there is none."""
  order: Order
  """What the user must correct."""
  userErrors: [UserError!]!
}

"""A payment for an order."""
input PayOrderInput {
  """The order to pay."""
  orderId: ID!
  """The amount in cents."""
  amountCents: Int!
  """Set once per payment: a retry with the same key pays once."""
  idempotencyKey: String!
}

"""The payment's result."""
type PayOrderPayload {
  """The paid order."""
  order: Order
  """What the user must correct."""
  userErrors: [UserError!]!
}

"""The root of every change."""
type Mutation {
  """Place an order."""
  placeOrder("""The order's details.""" input: PlaceOrderInput!): PlaceOrderPayload!
  """Pay for an order."""
  payOrder("""The payment.""" input: PayOrderInput!): PayOrderPayload!
}
'''


def changed(*edits: tuple[str, str], text: str = CLEAN) -> str:
    """``text`` with each (old, new) replaced once; each old must occur."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def lint_text(tmp_path: Path, text: str, rule: str | None = None, *,
              ruleset: str = STRICT, name: str = "schema.graphql") -> list[Finding]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = lint(KIND.load_lenient(path), KIND.lint_rules(), LintRun(ruleset=ruleset))
    return [f for f in report.findings if rule is None or f.rule == rule]


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first ``needle`` after the first ``after``."""
    lines = text.splitlines()
    start = next(i for i, t in enumerate(lines) if after in t) if after else 0
    return next(i for i, t in enumerate(lines[start:], start + 1) if needle in t)


def located(tmp_path: Path, text: str, rule: str) -> list[tuple[str, int | None]]:
    """(pointer, line) of each finding of ``rule``; each finding names the file."""
    found = lint_text(tmp_path, text, rule)
    assert all(f.location.file == str(tmp_path / "schema.graphql") for f in found)
    return [(f.location.pointer, f.location.line) for f in found]


def test_the_clean_schema_passes_every_rule(tmp_path: Path) -> None:
    assert lint_text(tmp_path, CLEAN) == []


def test_every_rule_has_a_sentence_and_a_hint() -> None:
    rules = KIND.lint_rules()
    assert len({r.id for r in rules}) == len(rules) >= 19
    assert all(r.description.endswith(".") and r.hint for r in rules)


# --- validity ------------------------------------------------------------------------


def test_a_field_defined_twice_is_an_error_at_the_repeat(tmp_path: Path) -> None:
    text = changed(("  quantity: Int!\n}", "  quantity: Int!\n  quantity: Int\n}"))
    found = lint_text(tmp_path, text, "graphql-schema-valid")
    assert [(f.severity, f.location.pointer, f.location.line) for f in found] == [
        ("error", "/OrderLine/quantity", line_of(text, "quantity: Int", "type OrderLine") + 1)]
    assert "OrderLine.quantity" in found[0].message and found[0].hint


def test_the_other_rules_still_read_an_invalid_schema(tmp_path: Path) -> None:
    text = changed(("  quantity: Int!\n}", "  quantity: Int!\n  quantity: Int\n"
                    "  \"\"\"Its state.\"\"\"\n  status: String\n}"))
    rules = {f.rule for f in lint_text(tmp_path, text)}
    assert {"graphql-schema-valid", "state-field-enum"} <= rules


def test_unknown_types_are_findings_per_element_not_a_crash(tmp_path: Path) -> None:
    text = changed(("sku: String!\n  \"\"\"How many items.\"\"\"\n  quantity: Int!\n}",
                    "sku: Sku!\n  \"\"\"How many items.\"\"\"\n  quantity: Amount!\n}"))
    found = lint_text(tmp_path, text)
    assert [(f.rule, f.location.pointer) for f in found] == [
        ("graphql-schema-valid", "/OrderLine/sku"), ("graphql-schema-valid", "/OrderLine/quantity")]
    assert "Unknown type 'Sku'" in found[0].message
    assert found[0].location.line == line_of(text, "sku: Sku!")


def test_draft_specification_rules_are_warnings(tmp_path: Path) -> None:
    text = changed(("type Order implements Node {\n  id: ID!",
                    "type Order implements Node {\n  id: ID! @deprecated(reason: \"Use key.\")"))
    found = lint_text(tmp_path, text)
    assert [(f.rule, f.severity, f.location.pointer) for f in found] == [
        ("graphql-schema-draft", "warn", "/Order/id")]
    assert "Node.id is not deprecated" in found[0].message


# --- connections -----------------------------------------------------------------------

QUERY_END = "OrderConnection!\n}"


def with_query_field(sdl: str) -> str:
    return changed((QUERY_END, f"OrderConnection!\n  \"\"\"A list.\"\"\"\n  {sdl}\n}}"))


@pytest.mark.parametrize("sdl", [
    "recent: [Order!]!",
    "recent(first: Int): [Order]",  # a page size without a default: unbounded by default
    "recent(offset: Int, limit: Int): [Node!]!",
])
def test_plain_lists_of_entities_should_be_connections(tmp_path: Path, sdl: str) -> None:
    text = with_query_field(sdl)
    assert located(tmp_path, text, "collection-connection") == [
        ("/Query/recent", line_of(text, sdl))]


@pytest.mark.parametrize("sdl", [
    "recent(first: Int = 5): [Order!]!",  # bounded by a default page size
    "recent(limit: Int!): [Order!]!",  # bounded by a required page size
    "recent(ids: [ID!]!): [Node]!",  # a lookup of the keys given
    "skus: [String!]!",  # no entities
    "lines: [OrderLine!]!",  # values without an identity
])
def test_bounded_lists_and_value_lists_are_fine(tmp_path: Path, sdl: str) -> None:
    assert lint_text(tmp_path, with_query_field(sdl), "collection-connection") == []


def test_lists_in_payloads_and_connections_are_fine(tmp_path: Path) -> None:
    text = changed(("  order: Order\n  \"\"\"What the user must correct.\"\"\"",
                    "  order: Order\n  \"\"\"The orders.\"\"\"\n  orders: [Order!]!\n"
                    "  \"\"\"What the user must correct.\"\"\""))
    assert lint_text(tmp_path, text, "collection-connection") == []  # OrderConnection.nodes too


@pytest.mark.parametrize(("edit", "says"), [
    (("  \"\"\"Where the page is in the list.\"\"\"\n  pageInfo: PageInfo!\n", ""),
     "it has no pageInfo field"),
    (("pageInfo: PageInfo!", "pageInfo: PageInfo"), "pageInfo is PageInfo, not a non-null"),
    (("edges: [OrderEdge!]!", "edges: OrderEdge"), "edges is OrderEdge, not a list of edges"),
    (("  cursor: String!\n", "  at: String!\n"), "its edge type OrderEdge has no cursor field"),
    (("node: Order!\n}", "node: [Order!]!\n}"), "OrderEdge.node is a list ([Order!]!)"),
    (("hasNextPage: Boolean!", "hasNextPage: Boolean"),
     "PageInfo.hasNextPage is Boolean, not Boolean!"),
    (("  endCursor: String\n", "  endCursor: [String]\n"),
     "PageInfo.endCursor is [String], not an opaque string"),
])
def test_connections_follow_the_specification(tmp_path: Path, edit: tuple[str, str],
                                              says: str) -> None:
    text = changed(edit)
    found = lint_text(tmp_path, text, "connection-spec")
    assert [f.location.pointer for f in found] == ["/OrderConnection"]
    assert found[0].location.line == line_of(text, "type OrderConnection")
    assert says in found[0].message, found[0].message


def test_a_connection_must_be_an_object_type(tmp_path: Path) -> None:
    text = changed(("\"\"\"An order and its cursor.\"\"\"",
                    "\"\"\"A pretend connection.\"\"\"\nscalar LegacyConnection\n\n"
                    "\"\"\"An order and its cursor.\"\"\""))
    found = lint_text(tmp_path, text, "connection-spec")
    assert [(f.location.pointer, f.message.endswith("it is not an object type"))
            for f in found] == [("/LegacyConnection", True)]


@pytest.mark.parametrize(("args", "fires"), [
    ("(first: Int)", True),
    ("(first: Int, before: String)", True),
    ("", True),
    ("(first: String, after: String)", True),
    ("(first: Int, after: String)", False),
    ("(last: Int, before: String)", False),
    ("(first: Int = 10, after: Cursor)", False),  # a custom scalar is an opaque cursor
])
def test_connection_fields_take_paging_arguments(tmp_path: Path, args: str,
                                                 fires: bool) -> None:
    text = changed(("orders(first: Int, after: String, last: Int, before: String)",
                    f"orders{args}"), ("\"\"\"The root of every read.\"\"\"",
                                       "\"\"\"An opaque cursor.\"\"\"\nscalar Cursor\n\n"
                                       "\"\"\"The root of every read.\"\"\""))
    expected = [("/Query/orders", line_of(text, f"orders{args}:"))] if fires else []
    assert located(tmp_path, text, "connection-arguments") == expected


def test_strict_only_rules_stay_out_of_the_recommended_ruleset(tmp_path: Path) -> None:
    text = changed(("input OrderLineInput", "input OrderLineData"),
                   ("[OrderLineInput!]!", "[OrderLineData!]!"))
    strict = {f.rule for f in lint_text(tmp_path, text)}
    recommended = {f.rule for f in lint_text(tmp_path, text, ruleset=RECOMMENDED)}
    assert strict == {"input-type-name-suffix"} and recommended == set()


def test_subscriptions_may_push_lists(tmp_path: Path) -> None:
    text = CLEAN + ('\n"""The root of every stream."""\ntype Subscription {\n'
                    '  """Orders as they change."""\n  ordersChanged: [Order!]!\n}\n')
    assert lint_text(tmp_path, text) == []


def test_findings_of_a_schema_in_several_files_name_their_file(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    folder.mkdir()
    (folder / "a.graphql").write_text(CLEAN, encoding="utf-8")
    extension = 'extend type Query {\n  """Recent."""\n  recent: [Order!]!\n}\n'
    (folder / "b.graphql").write_text(extension, encoding="utf-8")
    found = lint(KIND.load_lenient(folder), KIND.lint_rules(), LintRun(ruleset=STRICT)).findings
    assert [(f.rule, f.location.pointer, f.location.file, f.location.line) for f in found] == [
        ("collection-connection", "/Query/recent", str(folder / "b.graphql"), 3)]


def test_an_ignore_entry_for_a_type_covers_its_fields(tmp_path: Path) -> None:
    text = changed(("  sku: String!\n  \"\"\"How many items.\"\"\"\n  quantity: Int!\n}\n\n"
                    "\"\"\"A page",
                    "  sku: String!\n  \"\"\"How many items.\"\"\"\n  quantity: Int!\n"
                    "  \"\"\"A.\"\"\"\n  status: String\n  \"\"\"B.\"\"\"\n  kind: String\n}\n\n"
                    "\"\"\"A page"))
    path = tmp_path / "schema.graphql"
    path.write_text(text, encoding="utf-8")
    settings = LintSettings(ignore=[IgnoreEntry("state-field-enum", "free text upstream",
                                                "/OrderLine")])
    report = lint(KIND.load_lenient(path), KIND.lint_rules(),
                  LintRun(settings=settings, ruleset=STRICT))
    assert len(lint_text(tmp_path, text, "state-field-enum")) == 2
    assert report.findings == ()


def test_changed_since_reports_only_new_findings_though_lines_moved(tmp_path: Path) -> None:
    old = with_query_field("recent: [Order!]!")
    new = changed(("\"\"\"A customer's order.\"\"\"", "\"\"\"A gift.\"\"\"\ntype Gift {\n"
                   "  \"\"\"To whom.\"\"\"\n  kind: String\n}\n\n\"\"\"A customer's order.\"\"\""),
                  text=old)
    (tmp_path / "old.graphql").write_text(old, encoding="utf-8")
    (tmp_path / "new.graphql").write_text(new, encoding="utf-8")
    base = KIND.load_lenient(tmp_path / "old.graphql")
    report = lint(KIND.load_lenient(tmp_path / "new.graphql"), KIND.lint_rules(),
                  LintRun(ruleset=STRICT), base=base)
    # Query.recent moved six lines down but is the same element: only Gift.kind is new.
    assert [(f.rule, f.location.pointer) for f in report.findings] == [
        ("state-field-enum", "/Gift/kind")]
