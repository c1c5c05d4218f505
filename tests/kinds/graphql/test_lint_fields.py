"""The GraphQL lint rules, part two: states, ids, deprecations, descriptions, naming.

Each test changes the clean schema of test_lint in one place and expects the rule's
finding at the changed element, or none for the alternatives the rule accepts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.kinds.graphql.lint.naming import camel, pascal, upper_snake
from tests.kinds.graphql.test_lint import CLEAN, changed, line_of, lint_text, located

ORDER_LINE = "  \"\"\"How many items.\"\"\"\n  quantity: Int!\n}"


def with_line_field(sdl: str, description: str = "A field.") -> str:
    """The clean schema with ``sdl`` added to OrderLine (described)."""
    return changed((ORDER_LINE, f"{ORDER_LINE[:-1]}  \"\"\"{description}\"\"\"\n  {sdl}\n}}"))


# --- state-field-enum ------------------------------------------------------------------


@pytest.mark.parametrize(("sdl", "pointer"), [
    ("status: String!", "/OrderLine/status"),
    ("state: String", "/OrderLine/state"),
    ("kind: [String!]", "/OrderLine/kind"),
    ("type: String", "/OrderLine/type"),
    ("fulfillmentStatus: String!", "/OrderLine/fulfillmentStatus"),
    ("payment_state: String", "/OrderLine/payment_state"),
])
def test_states_typed_string_should_be_enums(tmp_path: Path, sdl: str, pointer: str) -> None:
    text = with_line_field(sdl)
    assert located(tmp_path, text, "state-field-enum") == [(pointer, line_of(text, sdl))]


@pytest.mark.parametrize("sdl", [
    "statusMessage: String", "contentType: String!", "status: OrderStatus!",
    "stateCode: String", "types: Int",
])
def test_other_strings_and_enum_states_are_fine(tmp_path: Path, sdl: str) -> None:
    assert lint_text(tmp_path, with_line_field(sdl), "state-field-enum") == []


def test_state_arguments_and_input_fields_are_checked(tmp_path: Path) -> None:
    text = changed(("orders(first: Int,", "orders(status: String, first: Int,"),
                   ("  quantity: Int!\n}\n\n\"\"\"An error",
                    "  quantity: Int!\n  \"\"\"Gift or not.\"\"\"\n  lineStatus: String\n}\n\n"
                    "\"\"\"An error"))
    assert located(tmp_path, text, "state-field-enum") == [
        ("/Query/orders/status", line_of(text, "orders(status")),
        ("/OrderLineInput/lineStatus", line_of(text, "lineStatus: String"))]


# --- id-field-type ---------------------------------------------------------------------


@pytest.mark.parametrize(("sdl", "fires"), [
    ("id: String!", True), ("id: ID", True), ("id: Int!", True), ("id: ID!", False),
    ("orderId: String", False),
])
def test_ids_are_non_null_ids(tmp_path: Path, sdl: str, fires: bool) -> None:
    text = with_line_field(sdl)
    expected = [("/OrderLine/id", line_of(text, sdl, "type OrderLine"))] if fires else []
    assert located(tmp_path, text, "id-field-type") == expected


def test_input_ids_may_be_optional(tmp_path: Path) -> None:
    text = changed(("  \"\"\"The product's SKU.\"\"\"\n  sku: String!\n  \"\"\"How many items."
                    "\"\"\"\n  quantity: Int!\n}\n\n\"\"\"An error",
                    "  \"\"\"The product's SKU.\"\"\"\n  sku: String!\n  \"\"\"How many items."
                    "\"\"\"\n  quantity: Int!\n  \"\"\"To update a line.\"\"\"\n  id: ID\n}\n\n"
                    "\"\"\"An error"))
    assert lint_text(tmp_path, text, "id-field-type") == []


# --- deprecated-reason -----------------------------------------------------------------


@pytest.mark.parametrize("directive", [
    "@deprecated", "@deprecated(reason: \"No longer supported\")", "@deprecated(reason: \"\")"])
def test_deprecations_give_a_reason(tmp_path: Path, directive: str) -> None:
    text = changed(("state: OrderStatus @deprecated(reason: \"Use `status`.\")",
                    f"state: OrderStatus {directive}"),
                   ("  SHIPPED\n", f"  SHIPPED\n  SENT {directive}\n"),
                   ("before: String)", f"before: String {directive})"))
    found = lint_text(tmp_path, text, "deprecated-reason")
    assert [(f.location.pointer, f.location.line, f.location.column) for f in found] == [
        ("/OrderStatus/SENT", line_of(text, "SENT @"), 8),
        ("/Order/state", line_of(text, "state: OrderStatus @"), 22),
        ("/Query/orders/before", line_of(text, "before: String @"),
         line_of_column(text, "before: String @") + len("before: String ")),
    ]
    assert found[0].message == "OrderStatus.SENT is deprecated without a reason"


def line_of_column(text: str, needle: str) -> int:
    """The 1-based column ``needle`` starts at, on its line."""
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(needle) + 1


def test_a_reason_that_says_what_to_use_is_enough(tmp_path: Path) -> None:
    text = changed(("  SHIPPED\n", "  SHIPPED\n  SENT @deprecated(reason: \"Use SHIPPED.\")\n"))
    assert lint_text(tmp_path, text) == []


# --- descriptions ----------------------------------------------------------------------


def test_types_have_descriptions(tmp_path: Path) -> None:
    text = changed(("\"\"\"One line of an order.\"\"\"\n", ""),
                   ("\"\"\"The root of every read.\"\"\"\n", "scalar DateTime\n\n"))
    found = lint_text(tmp_path, text, "type-description")
    assert [(f.location.pointer, f.location.line, f.message) for f in found] == [
        ("/OrderLine", line_of(text, "type OrderLine"), "object OrderLine has no description"),
        ("/DateTime", line_of(text, "scalar DateTime"), "scalar DateTime has no description"),
        ("/Query", line_of(text, "type Query"), "object Query has no description"),
    ]


def test_fields_and_input_fields_have_descriptions(tmp_path: Path) -> None:
    text = changed(("  \"\"\"The product's SKU.\"\"\"\n", ""),
                   ("  \"\"\"How many items.\"\"\"\n  quantity: Int!\n}\n\n\"\"\"An error",
                    "  quantity: Int!\n}\n\n\"\"\"An error"))
    found = lint_text(tmp_path, text, "field-description")
    assert [(f.location.pointer, f.location.line, f.message) for f in found] == [
        ("/OrderLine/sku", line_of(text, "sku: String!"), "field OrderLine.sku has no "
         "description"),
        ("/OrderLineInput/quantity", line_of(text, "quantity: Int!", "input OrderLineInput"),
         "input field OrderLineInput.quantity has no description"),
    ]


def test_implementations_inherit_the_interface_field_description(tmp_path: Path) -> None:
    assert "type Order implements Node {\n  id: ID!" in CLEAN  # Order.id is undescribed
    text = changed(("  \"\"\"The object's global id.\"\"\"\n", ""))
    assert located(tmp_path, text, "field-description") == [
        ("/Node/id", line_of(text, "id: ID!")), ("/Order/id", line_of(text, "id: ID!", "type "
                                                                        "Order"))]


def test_mutation_arguments_have_descriptions(tmp_path: Path) -> None:
    text = changed(('placeOrder("""The order\'s details.""" input', "placeOrder(input"))
    assert located(tmp_path, text, "mutation-argument-description") == [
        ("/Mutation/placeOrder/input", line_of(text, "placeOrder(input"))]
    # Arguments of queries are not required to have one (Query.node(id:) has none).
    assert "node(id: ID!)" in CLEAN


# --- naming ----------------------------------------------------------------------------


def test_type_names_are_upper_camel_case(tmp_path: Path) -> None:
    text = changed(("type OrderLine {", "type Order_line {"), ("[OrderLine!]!", "[Order_line!]!"))
    found = lint_text(tmp_path, text, "type-name-pascal-case")
    assert [(f.location.pointer, f.hint) for f in found] == [("/Order_line",
                                                              "rename it OrderLine")]


def test_field_and_argument_names_are_lower_camel_case(tmp_path: Path) -> None:
    text = changed(("  quantity: Int!\n}", "  Quantity: Int!\n}"),
                   ("orders(first: Int,", "orders(page_size: Int, first: Int,"))
    found = lint_text(tmp_path, text, "field-name-camel-case")
    assert [(f.location.pointer, f.message, f.hint) for f in found] == [
        ("/OrderLine/Quantity", "field OrderLine.Quantity is not lowerCamelCase",
         "rename it quantity"),
        ("/Query/orders/page_size", "argument Query.orders(page_size:) is not lowerCamelCase",
         "rename it pageSize"),
    ]


def test_enum_values_are_upper_snake_case(tmp_path: Path) -> None:
    text = changed(("  SHIPPED\n", "  SHIPPED\n  \"\"\"Gone.\"\"\"\n  inTransit\n"))
    found = lint_text(tmp_path, text, "enum-value-upper-snake")
    assert [(f.location.pointer, f.location.line, f.hint) for f in found] == [
        ("/OrderStatus/inTransit", line_of(text, "inTransit"), "rename it IN_TRANSIT")]


def test_tooling_names_are_left_alone(tmp_path: Path) -> None:
    text = changed(("  \"\"\"The object with this id.\"\"\"",
                    "  \"\"\"Federation.\"\"\"\n  _service: _Service!\n"
                    "  \"\"\"The object with this id.\"\"\""),
                   ("\"\"\"The root of every read.\"\"\"",
                    "\"\"\"Federation.\"\"\"\ntype _Service {\n  \"\"\"SDL.\"\"\"\n  sdl: String\n}"
                    "\n\n\"\"\"The root of every read.\"\"\""))
    assert lint_text(tmp_path, text) == []


@pytest.mark.parametrize(("convert", "name", "expected"), [
    (pascal, "order_line", "OrderLine"), (pascal, "orderLine", "OrderLine"),
    (camel, "page_size", "pageSize"), (camel, "URL", "url"), (camel, "Quantity", "quantity"),
    (camel, "HTML_url", "htmlUrl"),
    (upper_snake, "inTransit", "IN_TRANSIT"), (upper_snake, "in_transit", "IN_TRANSIT"),
    (upper_snake, "Shipped", "SHIPPED"),
])
def test_suggested_names(convert: object, name: str, expected: str) -> None:
    assert callable(convert) and convert(name) == expected
