"""The GraphQL lint rules on mutations: one input object, a payload type, typed user
errors, and idempotency keys where money moves.

Each test changes the clean schema of test_lint in one place and expects the rule's
finding at the changed mutation or payload, or none for the accepted alternatives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.kinds.graphql.lint.mutations import moves_money
from tests.kinds.graphql.test_lint import changed, line_of, lint_text, located

# --- mutations -------------------------------------------------------------------------

PLACE = 'placeOrder("""The order\'s details.""" input: PlaceOrderInput!)'


@pytest.mark.parametrize(("signature", "says"), [
    ('placeOrder("""Lines.""" lines: [OrderLineInput!]!, """A note.""" note: String)',
     "takes 2 arguments (lines, note), not one input object"),
    ('placeOrder("""The SKU.""" sku: String!)', "takes sku: String!, not an input object"),
    ('placeOrder("""Details.""" input: PlaceOrderInput)',
     "which may be null; make it PlaceOrderInput!"),
    ('placeOrder("""Details.""" order: PlaceOrderInput!)', "as order, not as input"),
    ('placeOrder("""Details.""" input: [PlaceOrderInput!]!)', "not an input object"),
])
def test_mutations_take_one_input_object(tmp_path: Path, signature: str, says: str) -> None:
    text = changed((PLACE, signature))
    found = lint_text(tmp_path, text, "mutation-input-object")
    assert [(f.location.pointer, f.location.line) for f in found] == [
        ("/Mutation/placeOrder", line_of(text, "placeOrder("))]
    assert says in found[0].message, found[0].message


def test_a_mutation_without_arguments_needs_no_input(tmp_path: Path) -> None:
    text = changed(("  \"\"\"Pay for an order.\"\"\"",
                    "  \"\"\"Start over.\"\"\"\n  reset: PlaceOrderPayload!\n"
                    "  \"\"\"Pay for an order.\"\"\""))
    assert lint_text(tmp_path, text, "mutation-input-object") == []


@pytest.mark.parametrize(("result", "says"), [
    ("Boolean!", "returns Boolean!, a scalar, not a payload object"),
    ("OrderStatus", "returns OrderStatus, an enum"),
    ("Order!", "returns the entity Order itself"),
    ("[PlaceOrderPayload!]!", "returns a list"),
])
def test_mutations_return_a_payload_type(tmp_path: Path, result: str, says: str) -> None:
    text = changed((f"{PLACE}: PlaceOrderPayload!", f"{PLACE}: {result}"))
    found = lint_text(tmp_path, text, "mutation-payload-type")
    assert [f.location.pointer for f in found] == ["/Mutation/placeOrder"]
    assert says in found[0].message, found[0].message
    # mutation-user-errors does not repeat what this rule says
    assert lint_text(tmp_path, text, "mutation-user-errors") == []


UNION = '''
"""The product is out of stock."""
type OutOfStockError {
  """The SKU concerned."""
  sku: String!
}

"""An order placed, or why not."""
union PlaceOrderResult = PlaceOrderPayload | OutOfStockError
'''


def test_a_result_union_with_error_members_is_a_payload_with_user_errors(
        tmp_path: Path) -> None:
    text = changed((f"{PLACE}: PlaceOrderPayload!", f"{PLACE}: PlaceOrderResult!")) + UNION
    assert lint_text(tmp_path, text) == []
    no_error = text.replace("| OutOfStockError", "| PayOrderPayload")
    found = lint_text(tmp_path, no_error, "mutation-user-errors")
    assert [f.location.pointer for f in found] == ["/PlaceOrderResult"]
    assert "none of its members is an error type" in found[0].message


@pytest.mark.parametrize(("errors", "says"), [
    ("", "it has no userErrors field"),
    ("  \"\"\"Errors.\"\"\"\n  errors: [String!]!\n", "its errors field is [String!]!"),
    ("  \"\"\"Errors.\"\"\"\n  userErrors: UserError\n", "its userErrors field is UserError"),
])
def test_payloads_carry_typed_user_errors(tmp_path: Path, errors: str, says: str) -> None:
    text = changed(("  \"\"\"What the user must correct.\"\"\"\n  userErrors: [UserError!]!\n",
                    errors))
    found = lint_text(tmp_path, text, "mutation-user-errors")
    assert [(f.location.pointer, f.location.line) for f in found] == [
        ("/PlaceOrderPayload", line_of(text, "type PlaceOrderPayload"))]
    assert says in found[0].message, found[0].message


def test_named_error_lists_count_as_user_errors(tmp_path: Path) -> None:
    text = changed(("  userErrors: [UserError!]!\n", "  orderErrors: [UserError!]!\n"))
    assert lint_text(tmp_path, text, "mutation-user-errors") == []


@pytest.mark.parametrize(("name", "inputs", "money"), [
    ("payOrder", set(), True),
    ("createPayment", set(), True),
    ("refundCharge", set(), True),
    ("createPayout", set(), True),
    ("transferFunds", set(), True),
    ("captureAuthorization", {"amountcents"}, True),
    ("transferIssue", {"issueid", "repositoryid"}, False),
    ("captureScreenshot", {"url"}, False),
    ("refundCreate", set(), True),
    ("orderCapture", {"amount", "id"}, True),
    ("paymentCreate", set(), True),
    ("updatePaymentMethod", set(), False),
    ("createSponsorsTier", {"amount"}, False),  # defines a price, moves no money
    ("chargeCard", set(), True),
    ("updateChargeSettings", set(), False),
])
def test_money_moving_mutations(name: str, inputs: set[str], money: bool) -> None:
    assert moves_money(name, inputs) is money


@pytest.mark.parametrize(("key", "fires"), [
    ("", True),
    ("  \"\"\"The Relay retry id.\"\"\"\n  clientMutationId: String\n", False),
    ("  \"\"\"Dedup.\"\"\"\n  requestId: ID!\n", False),
])
def test_money_moving_mutations_take_an_idempotency_key(tmp_path: Path, key: str,
                                                         fires: bool) -> None:
    text = changed(("  \"\"\"Set once per payment: a retry with the same key pays once.\"\"\"\n"
                    "  idempotencyKey: String!\n", key))
    expected = [("/Mutation/payOrder", line_of(text, "payOrder("))] if fires else []
    assert located(tmp_path, text, "money-mutation-idempotency-key") == expected


def test_an_idempotency_key_may_be_an_argument(tmp_path: Path) -> None:
    text = changed(("  \"\"\"Set once per payment: a retry with the same key pays once.\"\"\"\n"
                    "  idempotencyKey: String!\n", ""),
                   ('payOrder("""The payment.""" input: PayOrderInput!)',
                    'refund("""The order.""" orderId: ID!, """Dedup.""" idempotencyKey: '
                    'String!)'))
    assert lint_text(tmp_path, text, "money-mutation-idempotency-key") == []
    assert [f.location.pointer for f in lint_text(tmp_path, text, "mutation-input-object")] == [
        "/Mutation/refund"]
