"""The Protobuf lint rules: the clean contract passes every rule; each rule fires on a
mutation of it, at the line of the element it names, and accepts the alternatives it
documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.kinds.protobuf.lint import lint_rules
from accord.kinds.protobuf.lint.base import lower_snake, upper_camel, upper_snake
from accord.kinds.protobuf.lint.packages import versioned
from accord.lint import RECOMMENDED, LintRun
from tests.kinds.protobuf.lint_support import CLEAN, CLEAN_NAME, lint_clean, lint_files, mutate


def test_the_clean_contract_passes_every_rule(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path)
    assert linted.findings == []


def test_the_rules_are_listed_once_with_sentences() -> None:
    rules = lint_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)) == 26
    assert all(r.description.endswith(".") and r.hint.endswith(".") for r in rules)


#: (rule, edits of the clean contract, a text on the line the finding points at, a part
#: of its message[, the other rules the edits trip]). Each case makes exactly one finding
#: of its rule.
CASES: list[tuple[Any, ...]] = [
    ("package-directory-match", [("package billing.v1;", "package billing.v2;")],
     "package billing.v2;", "is not in a directory billing/v2/"),
    ("field-name-lower-snake", [("int64 total_minor = 4;", "int64 totalMinor = 4;")],
     "totalMinor", "field 'billing.v1.Invoice.totalMinor' is not lower_snake_case"),
    ("field-name-lower-snake", [("oneof settlement {", "oneof Settlement {")],
     "oneof Settlement", "oneof 'billing.v1.Invoice.Settlement'"),
    ("message-name-upper-camel", [("message Line {", "message line_item {"),
                                  ("repeated Line lines", "repeated line_item lines")],
     "message line_item {", "message 'billing.v1.Invoice.line_item' is not UpperCamelCase"),
    ("enum-name-upper-camel", [("enum InvoiceState {", "enum invoiceState {"),
                               ("  InvoiceState state", "  invoiceState state"),
                               ("repeated InvoiceState", "repeated invoiceState")],
     "enum invoiceState {", "enum 'billing.v1.invoiceState' is not UpperCamelCase"),
    ("enum-value-upper-snake", [("INVOICE_STATE_ISSUED = 2;", "INVOICE_STATE_Issued = 2;")],
     "INVOICE_STATE_Issued", "enum value 'billing.v1.INVOICE_STATE_Issued' is not "
     "UPPER_SNAKE_CASE"),
    ("service-name-upper-camel", [("service InvoiceService {", "service invoice_Service {")],
     "service invoice_Service", "service 'billing.v1.invoice_Service' is not UpperCamelCase"),
    ("rpc-name-upper-camel", [("rpc GetInvoice(", "rpc getInvoice(")],
     "rpc getInvoice(", "rpc 'billing.v1.InvoiceService.getInvoice' is not UpperCamelCase"),
    ("service-name-suffix", [("service InvoiceService {", "service Invoices {")],
     "service Invoices {", "service 'billing.v1.Invoices' does not end in Service"),
    ("enum-zero-value-unspecified",
     [("INVOICE_STATE_UNSPECIFIED = 0;", "// Not known.\n  INVOICE_STATE_UNKNOWN = 0;")],
     "INVOICE_STATE_UNKNOWN = 0;", "the zero value of enum 'billing.v1.InvoiceState' is "
     "INVOICE_STATE_UNKNOWN, not INVOICE_STATE_UNSPECIFIED"),
    ("enum-value-prefix", [("INVOICE_STATE_DRAFT = 1;", "DRAFT = 1;"),
                           ("INVOICE_STATE_ISSUED = 2;", "ISSUED = 2;")],
     "enum InvoiceState {", "2 of 3 values of enum 'billing.v1.InvoiceState' do not start "
     "with INVOICE_STATE_: DRAFT, ISSUED"),
    ("rpc-request-message", [("rpc GetInvoice(GetInvoiceRequest)", "rpc GetInvoice(Invoice)")],
     "rpc GetInvoice(Invoice)", "the request of rpc 'billing.v1.InvoiceService.GetInvoice' "
     "is Invoice, not GetInvoiceRequest"),
    ("rpc-request-message",
     [("rpc WatchInvoices(WatchInvoicesRequest)", "rpc WatchInvoices(google.protobuf.Empty)")],
     "rpc WatchInvoices(", "rpc 'billing.v1.InvoiceService.WatchInvoices' takes "
     "google.protobuf.Empty as its request"),
    ("rpc-response-message",
     [("returns (CreateInvoiceResponse)", "returns (google.protobuf.Empty)")],
     "rpc CreateInvoice(", "rpc 'billing.v1.InvoiceService.CreateInvoice' returns "
     "google.protobuf.Empty"),
    ("rpc-response-message",
     [("returns (ChargeInvoiceResponse)", "returns (Invoice.Line)")],
     "rpc ChargeInvoice(", "the response of rpc 'billing.v1.InvoiceService.ChargeInvoice' "
     "is Line, not ChargeInvoiceResponse"),
    ("rpc-idempotency-key", [("string request_id = 1;", "string client_ref = 1;")],
     "rpc CreateInvoice(", "rpc 'billing.v1.InvoiceService.CreateInvoice' (Create) takes "
     "no idempotency key: its request CreateInvoiceRequest has no request_id or "
     "idempotency_key field"),
    ("rpc-idempotency-key", [("string idempotency_key = 2;", "bytes idempotency_key = 2;")],
     "rpc ChargeInvoice(", "(Charge) takes no idempotency key: its idempotency_key is not "
     "a string"),
    ("rpc-deadline-documented", [("Clients set a 5 s deadline on every call;", "")],
     "service InvoiceService {", "service 'billing.v1.InvoiceService' documents no default "
     "deadline, and 5 of 5 RPCs say nothing about deadlines: CreateInvoice, GetInvoice, "
     "DeleteInvoice, ChargeInvoice, WatchInvoices"),
    ("field-numbers-reserved", [("  reserved 3;\n  reserved \"old_total\";", "")],
     "message Invoice {", "message 'billing.v1.Invoice' leaves field numbers 3 unused and "
     "not reserved"),
    ("reserved-names-valid", [('reserved "old_total";', 'reserved "oldTotal";')],
     'reserved "oldTotal";', "reserved name 'oldTotal' of message 'billing.v1.Invoice' is "
     "not lower_snake_case"),
    ("reserved-names-valid", [('reserved "INVOICE_STATE_VOID";', 'reserved "void state";')],
     'reserved "void state";', "reserved name 'void state' of enum 'billing.v1.InvoiceState' "
     "is not a valid identifier"),
    ("errors-as-status", [("string payment_id = 1;", "string error_message = 1;")],
     "string error_message = 1;", "the response ChargeInvoiceResponse of rpc "
     "'billing.v1.InvoiceService.ChargeInvoice' reports its outcome in field "
     "'error_message'"),
    ("errors-as-status", [("string payment_id = 1;", "bool success = 1;")],
     "bool success = 1;", "reports its outcome in field 'success'"),
    ("comment-service", [("// WatchInvoices streams until the client cancels.\n", "\n")],
     "service InvoiceService {", "service 'billing.v1.InvoiceService' has no comment",
     # A comment detached by a blank line documents neither the service nor its deadline.
     {"rpc-deadline-documented"}),
    ("comment-rpc", [("  // Returns one invoice, or NOT_FOUND.\n", "")],
     "rpc GetInvoice(", "rpc 'billing.v1.InvoiceService.GetInvoice' has no comment"),
    ("comment-message", [("// The input of GetInvoice.\n", "")],
     "message GetInvoiceRequest {", "message 'billing.v1.GetInvoiceRequest' has no comment"),
    ("comment-enum", [("// The lifecycle of an invoice.\n", "// buf:lint:ignore X\n")],
     "enum InvoiceState {", "enum 'billing.v1.InvoiceState' has no comment"),
    ("comment-field", [("    // The id of the bank transfer.\n", "")],
     "string transfer_id = 9;", "field 'billing.v1.Invoice.transfer_id' has no comment"),
    ("comment-enum-value", [("  // Sent to the customer.\n", "")],
     "INVOICE_STATE_ISSUED = 2;", "enum value 'billing.v1.INVOICE_STATE_ISSUED' has no "
     "comment"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_fires_at_the_element(tmp_path: Path, case: tuple[Any, ...]) -> None:
    rule, edits, needle, message, *rest = case
    also: set[str] = rest[0] if rest else set()
    linted = lint_clean(tmp_path, *edits)
    found = linted.of(rule)
    assert len(found) == 1, found
    assert message in found[0].message
    assert linted.at(rule) == [(CLEAN_NAME, linted.line(needle))]
    # The mutation breaks nothing else that the case does not name.
    assert {f.rule for f in linted.findings} == {rule, *also}, linted.findings


def test_every_rule_has_a_positive_case() -> None:
    assert {r.id for r in lint_rules()} - {c[0] for c in CASES} == {
        "package-defined", "package-versioned", "field-not-required"}


# --- packages ----------------------------------------------------------------------------


@pytest.mark.parametrize("package", [
    "billing.v1", "billing.v1beta1", "billing.v2alpha", "billing.v1p1beta1", "billing.v1test",
    "acme.billing.v10"])
def test_versioned_packages(package: str) -> None:
    assert versioned(package)


@pytest.mark.parametrize("package", [
    "billing", "v1", "billing.v0", "billing.version1", "billing.v1.invoices", "billing.V1",
    "billing.v1gamma"])
def test_packages_without_a_version(package: str) -> None:
    assert not versioned(package)


def test_package_defined(tmp_path: Path) -> None:
    text = mutate(CLEAN, ("package billing.v1;\n", ""))
    linted = lint_files(tmp_path, {"invoice.proto": text})
    found = linted.of("package-defined")
    assert [f.message for f in found] == [f"file '{found[0].location.file}' declares no "
                                          "package"]
    assert found[0].location.file.endswith("/contract/invoice.proto")
    # No package: nothing to version or to match a directory against.
    assert not linted.of("package-versioned") and not linted.of("package-directory-match")
    assert not lint_clean(tmp_path / "again").of("package-defined")


def test_package_versioned(tmp_path: Path) -> None:
    text = mutate(CLEAN, ("package billing.v1;", "package billing;"))
    linted = lint_files(tmp_path, {"billing/invoice.proto": text})
    assert [(f.rule, f.message, f.hint) for f in linted.findings] == [
        ("package-versioned", "package 'billing' has no version as its last component",
         "Rename it to billing.v1 (or the version it is at).")]
    assert linted.at("package-versioned") == [
        ("billing/invoice.proto", linted.line("package billing;", "billing/invoice.proto"))]


def test_package_directory_may_sit_below_the_contract_root(tmp_path: Path) -> None:
    linted = lint_files(tmp_path, {f"proto/acme/{CLEAN_NAME}": CLEAN})
    assert linted.findings == []


def test_a_file_at_the_root_is_not_checked_against_its_package(tmp_path: Path) -> None:
    linted = lint_files(tmp_path, {"invoice.proto": CLEAN})
    assert linted.findings == []


# --- naming ------------------------------------------------------------------------------


def test_name_conversions() -> None:
    assert upper_snake("PaymentState") == "PAYMENT_STATE"
    assert upper_snake("HTTPMethod") == "HTTP_METHOD"
    assert upper_snake("Ipv4Type") == "IPV4_TYPE"
    assert lower_snake("displayName") == "display_name"
    assert upper_camel("payment_state") == "PaymentState"
    assert upper_camel("invoice_Service") == "InvoiceService"


def test_naming_hints_give_the_new_name(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path, ("int64 total_minor = 4;", "int64 totalMinor = 4;"),
                        ("service InvoiceService {", "service Invoices {"))
    hints = {f.rule: f.hint for f in linted.findings}
    assert hints["field-name-lower-snake"] == "Rename it to total_minor."
    assert hints["service-name-suffix"] == "Rename it to InvoicesService."


def test_map_entries_and_synthetic_oneofs_are_not_elements(tmp_path: Path) -> None:
    # The clean contract has a map (a compiler-made LabelsEntry message) and a proto3
    # optional (a compiler-made _note oneof): neither is named, nor needs a comment.
    assert "map<string, string> labels" in CLEAN and "optional string note" in CLEAN
    assert lint_clean(tmp_path).findings == []


# --- enums -------------------------------------------------------------------------------


def test_a_proto2_enum_without_zero_value(tmp_path: Path) -> None:
    text = """
        syntax = "proto2";
        package shop.v1;
        // A size.
        enum Size {
          // Small.
          SIZE_SMALL = 1;
          // Large.
          SIZE_LARGE = 2;
        }
        """
    linted = lint_files(tmp_path, {"shop/v1/size.proto": text})
    assert [f.message for f in linted.findings] == [
        "enum 'shop.v1.Size' has no zero value, so an unset field reads as SIZE_SMALL"]
    assert linted.findings[0].hint == "Add SIZE_UNSPECIFIED = 0 as the first value."


def test_a_wrong_zero_value_is_reported_once(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path, ("INVOICE_STATE_UNSPECIFIED = 0;", "// Unknown.\n  UNKNOWN = 0;"))
    assert [f.rule for f in linted.findings] == ["enum-zero-value-unspecified"]


def test_nested_enums_are_prefixed_with_their_own_name(tmp_path: Path) -> None:
    text = """
        syntax = "proto3";
        package shop.v1;
        // An order.
        message Order {
          // Its state.
          enum State {
            STATE_UNSPECIFIED = 0;
            // Open.
            STATE_OPEN = 1;
          }
          // The order's state.
          State state = 1;
        }
        """
    assert lint_files(tmp_path, {"shop/v1/order.proto": text}).findings == []


# --- RPCs --------------------------------------------------------------------------------


def test_response_exceptions_from_the_aips(tmp_path: Path) -> None:
    # GetInvoice returns the resource and DeleteInvoice Empty in the clean contract;
    # a long-running method returns google.longrunning.Operation.
    linted = lint_clean(
        tmp_path,
        ('import "google/rpc/status.proto";',
         'import "google/rpc/status.proto";\nimport "google/longrunning/operations.proto";'),
        ("returns (ChargeInvoiceResponse)", "returns (google.longrunning.Operation)"),
        ("// The output of ChargeInvoice.\nmessage ChargeInvoiceResponse",
         "// The result of a charge.\nmessage ChargeResult"))
    assert linted.findings == []


def test_service_prefixed_request_and_response_names(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path, ("(GetInvoiceRequest)", "(InvoiceServiceGetInvoiceRequest)"),
                        ("message GetInvoiceRequest", "message InvoiceServiceGetInvoiceRequest"),
                        ("(ChargeInvoiceResponse)", "(InvoiceChargeInvoiceResponse)"),
                        ("message ChargeInvoiceResponse", "message InvoiceChargeInvoiceResponse"))
    assert linted.findings == []


def test_a_shared_request_names_the_other_rpc(tmp_path: Path) -> None:
    text = mutate(CLEAN, ("  // Returns one invoice, or NOT_FOUND.\n",
                          "  // Returns one invoice, or NOT_FOUND.\n"
                          "  rpc GetInvoice2(GetInvoiceRequest) returns (Invoice);\n"
                          "  // Same as GetInvoice.\n"))
    found = lint_files(tmp_path, {CLEAN_NAME: text}).of("rpc-request-message")
    assert [f.message for f in found] == [
        "the request of rpc 'billing.v1.InvoiceService.GetInvoice2' is GetInvoiceRequest, "
        "not GetInvoice2Request",
        "the request GetInvoiceRequest of rpc 'billing.v1.InvoiceService.GetInvoice' is also "
        "the request of rpc 'billing.v1.InvoiceService.GetInvoice2'"]


def test_a_shared_response_is_reported(tmp_path: Path) -> None:
    text = mutate(CLEAN, ("returns (stream WatchInvoicesResponse)",
                          "returns (stream CreateInvoiceResponse)"))
    found = lint_files(tmp_path, {CLEAN_NAME: text}).of("rpc-response-message")
    assert [f.message for f in found] == [
        "the response CreateInvoiceResponse of rpc 'billing.v1.InvoiceService.CreateInvoice' "
        "is also the response of rpc 'billing.v1.InvoiceService.WatchInvoices'",
        "the response of rpc 'billing.v1.InvoiceService.WatchInvoices' is "
        "CreateInvoiceResponse, not WatchInvoicesResponse"]


@pytest.mark.parametrize(("rpc", "flagged"), [
    ("CreateInvoice", True), ("PayInvoice", True), ("TransferFunds", True),
    ("RefundCharge", True), ("Charge", True), ("Created", False), ("Payment", False),
    ("CreatedInvoices", False), ("GetCharge", False)])
def test_which_rpcs_need_an_idempotency_key(tmp_path: Path, rpc: str, flagged: bool) -> None:
    text = f"""
        syntax = "proto3";
        package shop.v1;
        // Shop. Clients set a 2 s deadline.
        service ShopService {{
          // Does it.
          rpc {rpc}({rpc}Request) returns ({rpc}Response);
        }}
        // In.
        message {rpc}Request {{
          // The amount.
          int64 amount = 1;
        }}
        // Out.
        message {rpc}Response {{
          // The id.
          string id = 1;
        }}
        """
    linted = lint_files(tmp_path, {"shop/v1/shop.proto": text})
    assert [f.rule for f in linted.findings] == (["rpc-idempotency-key"] if flagged else [])


def test_an_rpc_comment_can_document_its_own_deadline(tmp_path: Path) -> None:
    text = mutate(CLEAN, ("Clients set a 5 s deadline on every call;", ""))
    text = text.replace("  // ", "  // Set a 2 s timeout. ")
    assert lint_files(tmp_path, {CLEAN_NAME: text}).of("rpc-deadline-documented") == []


def test_a_deadline_finding_lists_only_silent_rpcs(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path, ("Clients set a 5 s deadline on every call;", ""),
                        ("// Returns one invoice, or NOT_FOUND.",
                         "// Returns one invoice, or NOT_FOUND; times out after 1 s."))
    assert [f.message for f in linted.of("rpc-deadline-documented")] == [
        "service 'billing.v1.InvoiceService' documents no default deadline, and 4 of 5 RPCs "
        "say nothing about deadlines: CreateInvoice, DeleteInvoice, ChargeInvoice, "
        "WatchInvoices"]


# --- fields ------------------------------------------------------------------------------


def test_gaps_are_listed_as_ranges(tmp_path: Path) -> None:
    text = """
        syntax = "proto2";
        package shop.v1;
        // An item.
        message Item {
          reserved 2;
          extensions 100 to 199;
          // A.
          optional string a = 1;
          // C.
          optional string c = 5;
          // D.
          optional string d = 9;
          // E.
          optional string e = 300;
        }
        """
    found = lint_files(tmp_path, {"shop/v1/item.proto": text}).of("field-numbers-reserved")
    assert [f.message for f in found] == [
        "message 'shop.v1.Item' leaves field numbers 3 to 4, 6 to 8, 10 to 99, 200 to 299 "
        "unused and not reserved"]
    assert found[0].hint == ("Add `reserved 3 to 4, 6 to 8, 10 to 99, 200 to 299;` (and "
                             "reserve the names of the fields that had these numbers).")


def test_enum_number_gaps_are_not_checked(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path, ("INVOICE_STATE_ISSUED = 2;", "INVOICE_STATE_ISSUED = 7;"))
    assert linted.findings == []


@pytest.mark.parametrize(("syntax", "field"), [
    ('syntax = "proto2";', "required string id = 1;"),
    ('edition = "2023";', "string id = 1 [features.field_presence = LEGACY_REQUIRED];")])
def test_required_fields(tmp_path: Path, syntax: str, field: str) -> None:
    text = f"""
        {syntax}
        package shop.v1;
        // An item.
        message Item {{
          // Its id.
          {field}
          // Its name.
          optional string name = 2;
        }}
        """.replace("optional string name", "string name" if "edition" in syntax
                    else "optional string name")
    linted = lint_files(tmp_path, {"shop/v1/item.proto": text})
    assert [(f.rule, f.message) for f in linted.findings] == [
        ("field-not-required", "field 'shop.v1.Item.id' is required")]
    assert linted.at("field-not-required") == [("shop/v1/item.proto", linted.line(
        "string id = 1", "shop/v1/item.proto"))]


def test_editions_required_by_a_file_default(tmp_path: Path) -> None:
    text = """
        edition = "2023";
        package shop.v1;
        option features.field_presence = EXPLICIT;
        // An item.
        message Item {
          // Its id.
          string id = 1;
        }
        """
    assert lint_files(tmp_path, {"shop/v1/item.proto": text}).findings == []


def test_outcome_fields_of_other_messages_are_not_checked(tmp_path: Path) -> None:
    # 'errors' of ChargeInvoiceResponse is a google.rpc.Status list: accepted. A request
    # may carry a field named error.
    linted = lint_clean(tmp_path, ("// The id of the invoice.\n  string id = 1;\n}\n\n"
                                   "// The input of DeleteInvoice.",
                                   "// The id of the invoice.\n  string id = 1;\n"
                                   "  // Why.\n  string error = 2;\n}\n\n"
                                   "// The input of DeleteInvoice."))
    assert linted.findings == []


# --- comments ----------------------------------------------------------------------------


def test_trailing_comments_count_and_detached_do_not(tmp_path: Path) -> None:
    linted = lint_clean(tmp_path,
                        ("    // What was sold.\n    string description = 1;",
                         "    string description = 1;  // What was sold."),
                        ("// The input of GetInvoice.\nmessage", "// The input.\n\nmessage"))
    assert [(f.rule, f.message) for f in linted.findings] == [
        ("comment-message", "message 'billing.v1.GetInvoiceRequest' has no comment")]


def test_the_unspecified_zero_value_needs_no_comment(tmp_path: Path) -> None:
    assert "  INVOICE_STATE_UNSPECIFIED = 0;" in CLEAN  # no comment in the clean contract
    linted = lint_clean(tmp_path, ("INVOICE_STATE_UNSPECIFIED = 0;", "INVOICE_STATE_NONE = 0;"))
    assert sorted(f.rule for f in linted.findings) == ["comment-enum-value",
                                                       "enum-zero-value-unspecified"]


# --- rulesets and imports ----------------------------------------------------------------


def test_info_rules_run_at_info_in_the_recommended_ruleset(tmp_path: Path) -> None:
    edits = (("    // The id of the bank transfer.\n", ""),
             ("Clients set a 5 s deadline on every call;", ""))
    strict = lint_clean(tmp_path, *edits)
    assert {(f.rule, str(f.severity)) for f in strict.findings} == {
        ("comment-field", "warn"), ("rpc-deadline-documented", "warn")}
    text = mutate(CLEAN, *edits)
    rec = lint_files(tmp_path / "r", {CLEAN_NAME: text}, LintRun(ruleset=RECOMMENDED))
    assert {(f.rule, str(f.severity)) for f in rec.findings} == {
        ("comment-field", "info"), ("rpc-deadline-documented", "info")}


def test_imported_files_are_not_linted(tmp_path: Path) -> None:
    # google/rpc/status.proto (an import) has an unversioned package and no comments.
    linted = lint_clean(tmp_path)
    assert linted.findings == [] and "google/rpc/status.proto" in CLEAN


def test_proto2_groups_and_extensions(tmp_path: Path) -> None:
    text = """
        syntax = "proto2";
        package shop.v1;
        // A search result page.
        message Page {
          // One result (a group: its field is the lower-cased group name).
          repeated group Result = 1 {
            // Where it is.
            optional string url = 1;
          }
          extensions 100 to max;
        }
        // Extra data.
        extend Page {
          // An extension field.
          optional string extra = 100;
        }
        """
    assert lint_files(tmp_path, {"shop/v1/page.proto": text}).findings == []
