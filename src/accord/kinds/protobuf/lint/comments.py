"""Comments: every public element is documented where it is declared (AIP-192).

A comment is the leading or trailing comment protoc attaches to the element; a comment
separated from the element by a blank line is detached and does not count, and nor do
lines that only hold a linter directive (``buf:lint:ignore ...``). The zero value of an
enum named ``*_UNSPECIFIED`` needs no comment: its name says what it means. A proto2
group's comment belongs to its message, so the group's field needs none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import NAME, Node, hit, is_group, of_kind, rule, text_of
from accord.kinds.protobuf.model import ProtoModel
from accord.lint.rule import Check, Hit, LintOptions

_DIRECTIVE = re.compile(r"^\s*(buf:lint:ignore|@exclude|protolint:disable)\b.*$",
                        re.MULTILINE)


def documented(model: ProtoModel, node: Node) -> bool:
    text = _DIRECTIVE.sub("", text_of(model, node))
    return bool(re.search(r"\w", text))


def _exempt(node: Node) -> bool:
    if is_group(node):
        return True  # protoc attaches a group's comment to its message
    return node.kind == "enum value" and node.proto.number == 0 \
        and node.name.endswith("_UNSPECIFIED")


def _undocumented(kind: str) -> Check:
    def check(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
        for node in of_kind(model, kind):
            if not _exempt(node) and not documented(model, node):
                yield hit(model, node, f"{node.label()} has no comment", NAME)

    check.__name__ = f"{kind.replace(' ', '_')}_comments"
    return check


_WHY = ("the comment is the API's documentation, shown by generated clients, reference "
        "docs and IDE tooltips")

service_comments = rule(
    "comment-service", Severity.WARN,
    f"Every service has a comment saying what it offers and to whom: {_WHY}.",
    "write a // comment above the service: what it manages, who calls it, its defaults "
    "(deadlines, authentication)")(_undocumented("service"))

rpc_comments = rule(
    "comment-rpc", Severity.WARN,
    f"Every RPC has a comment saying what it does, its effects and its errors: {_WHY}.",
    "write a // comment above the rpc: what it does, what it changes, which status codes "
    "it returns and when")(_undocumented("rpc"))

message_comments = rule(
    "comment-message", Severity.WARN,
    f"Every message has a comment saying what it represents: {_WHY}.",
    "write a // comment above the message")(_undocumented("message"))

enum_comments = rule(
    "comment-enum", Severity.WARN,
    f"Every enum has a comment saying what it classifies: {_WHY}.",
    "write a // comment above the enum")(_undocumented("enum"))

field_comments = rule(
    "comment-field", Severity.INFO,
    f"Every field has a comment giving its meaning, unit, format and whether it is "
    f"required: {_WHY}.",
    "write a // comment above the field (or after it on the same line)")(
    _undocumented("field"))

enum_value_comments = rule(
    "comment-enum-value", Severity.INFO,
    f"Every enum value (but the *_UNSPECIFIED zero value) has a comment saying what it "
    f"means: {_WHY}.",
    "write a // comment above the value (or after it on the same line)")(
    _undocumented("enum value"))
