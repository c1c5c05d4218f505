"""Comparing Federation subgraphs and AppSync schemas: the platform's definitions are
never compared, ``@key`` and ``@inaccessible`` have levels of their own, the other
Federation directives are directive usages, and renamed imports are one directive."""

from __future__ import annotations

from pathlib import Path

from accord.core.change import Level
from tests.kinds.graphql.support import diff, pairs

LINK = ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: '
        '["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", '
        '"@override", "@tag"])\n')
SUBGRAPH = LINK + '''\
type Product @key(fields: "id") {
  id: ID!
  sku: String!
  name: String! @shareable
  weight: Int @external
  shippingEstimate: Int @requires(fields: "weight")
}
type Query { product(id: ID!): Product }
'''


def edit(*edits: tuple[str, str], text: str = SUBGRAPH) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def levels(tmp_path: Path, old: str, new: str) -> list[tuple[str, str | None, Level]]:
    return [(c.rule, c.operation, c.level) for c in diff(tmp_path, old, new)]


def test_an_unchanged_subgraph_has_no_changes(tmp_path: Path) -> None:
    assert diff(tmp_path, SUBGRAPH, SUBGRAPH) == []


def test_a_key_removed_is_breaking(tmp_path: Path) -> None:
    new = edit(('type Product @key(fields: "id") {', "type Product {"))
    changes = diff(tmp_path, SUBGRAPH, new)
    assert [(c.rule, c.operation, c.level) for c in changes] == [
        ("entity-key-removed", "Product", Level.BREAKING)]
    assert changes[0].location.file == str(tmp_path / "base.graphql")
    assert changes[0].location.line == 2
    assert changes[0].hint


def test_a_key_given_other_fields_is_breaking(tmp_path: Path) -> None:
    new = edit(('@key(fields: "id")', '@key(fields: "sku")'))
    changes = diff(tmp_path, SUBGRAPH, new)
    assert pairs(changes) == [("entity-key-changed", "Product")]
    assert changes[0].level == Level.BREAKING
    assert '"id"' in changes[0].message and '"sku"' in changes[0].message


def test_a_key_made_unresolvable_is_breaking(tmp_path: Path) -> None:
    new = edit(('@key(fields: "id")', '@key(fields: "id", resolvable: false)'))
    assert levels(tmp_path, SUBGRAPH, new) == [
        ("entity-key-removed", "Product", Level.BREAKING)]
    assert levels(tmp_path, new, SUBGRAPH) == [("entity-key-added", "Product", Level.SAFE)]


def test_a_key_added_beside_another_is_safe(tmp_path: Path) -> None:
    new = edit(('@key(fields: "id")', '@key(fields: "id") @key(fields: "sku")'))
    assert levels(tmp_path, SUBGRAPH, new) == [("entity-key-added", "Product", Level.SAFE)]
    assert levels(tmp_path, new, SUBGRAPH) == [
        ("entity-key-removed", "Product", Level.BREAKING)]


def test_key_fields_compare_as_a_selection_not_as_text(tmp_path: Path) -> None:
    old = edit(('@key(fields: "id")', '@key(fields: "id sku")'))
    new = edit(('@key(fields: "id")', '@key(fields: "  sku,\\n id ")'))
    assert diff(tmp_path, old, new) == []


def test_a_type_that_becomes_an_entity_is_safe(tmp_path: Path) -> None:
    old = edit(('type Product @key(fields: "id") {', "type Product {"))
    assert levels(tmp_path, old, SUBGRAPH) == [("entity-key-added", "Product", Level.SAFE)]


def test_inaccessible_added_is_breaking_and_removed_safe(tmp_path: Path) -> None:
    new = edit(("  sku: String!\n", "  sku: String! @inaccessible\n"))
    assert levels(tmp_path, SUBGRAPH, new) == [
        ("inaccessible-added", "Product.sku", Level.BREAKING)]
    assert levels(tmp_path, new, SUBGRAPH) == [
        ("inaccessible-removed", "Product.sku", Level.SAFE)]
    on_argument = edit(("product(id: ID!)", "product(id: ID! @inaccessible)"))
    assert levels(tmp_path, SUBGRAPH, on_argument) == [
        ("inaccessible-added", "Query.product(id:)", Level.BREAKING)]


def test_a_new_element_that_is_inaccessible_is_only_added(tmp_path: Path) -> None:
    new = edit(("  sku: String!\n", "  sku: String!\n  cost: Int @inaccessible\n"))
    assert pairs(diff(tmp_path, SUBGRAPH, new)) == [("field-added", "Product.cost")]


def test_the_other_federation_directives_are_dangerous_usages(tmp_path: Path) -> None:
    new = edit(("name: String! @shareable", "name: String!"),
               ("weight: Int @external", "weight: Int"),
               ('@requires(fields: "weight")', '@requires(fields: "sku")'),
               ("  sku: String!\n", '  sku: String! @override(from: "legacy")\n'))
    assert sorted(levels(tmp_path, SUBGRAPH, new)) == [
        ("directive-usage-added", "Product.sku", Level.DANGEROUS),
        ("directive-usage-changed", "Product.shippingEstimate", Level.DANGEROUS),
        ("directive-usage-removed", "Product.name", Level.DANGEROUS),
        ("directive-usage-removed", "Product.weight", Level.DANGEROUS)]


def test_a_renamed_import_is_the_same_directive(tmp_path: Path) -> None:
    renamed = edit(('["@key", ', '[{name: "@key", as: "@primaryKey"}, '),
                   ('@key(fields: "id")', '@primaryKey(fields: "id")'),
                   ('"@shareable", ', ""), ("@shareable", "@federation__shareable"))
    changes = diff(tmp_path, SUBGRAPH, renamed)
    assert pairs(changes) == [("directive-usage-changed", "schema")]  # the @link's import
    moved = edit(('@primaryKey(fields: "id")', '@primaryKey(fields: "sku")'), text=renamed)
    (key,) = [c for c in diff(tmp_path, SUBGRAPH, moved) if c.rule == "entity-key-changed"]
    assert key.message.startswith('The key of Product changed from @key(fields: "id") to '
                                  '@primaryKey(fields: "sku")')


def test_the_platform_definitions_never_show_in_a_diff(tmp_path: Path) -> None:
    """A new link version brings other definitions (2.5's @authenticated, FieldSet
    named otherwise): only the @link's own change is reported."""
    newer = edit(("v2.3", "v2.9"), ('"@key", ', ""),
                 ('@key(fields: "id")', '@federation__key(fields: "id")'))
    changes = diff(tmp_path, SUBGRAPH, newer)
    assert pairs(changes) == [("directive-usage-changed", "schema")]
    assert all(c.location.file != "<platform definitions>" for c in changes)


V1 = '''\
extend type Query { topProducts: [Product] }
type Product @key(fields: "id") {
  id: ID!
  sku: String!
  name: String!
  weight: Int @external
  shippingEstimate: Int @requires(fields: "weight")
}
'''


def test_a_migration_from_federation_1_reports_only_the_uses_that_changed(
        tmp_path: Path) -> None:
    v2 = (LINK + V1.replace("extend type Query", "type Query")
          .replace("name: String!", "name: String! @shareable"))
    changes = diff(tmp_path, V1, v2)
    assert pairs(changes) == [("directive-usage-added", "schema"),
                              ("directive-usage-added", "Product.name")]
    assert all(c.location.file == str(tmp_path / "revision.graphql") for c in changes)


def test_a_federation_1_dump_with_its_own_definitions_compares_with_federation_2(
        tmp_path: Path) -> None:
    dump = V1 + ("scalar _FieldSet\ndirective @external on FIELD_DEFINITION\n"
                 "directive @key(fields: _FieldSet!) repeatable on OBJECT | INTERFACE\n"
                 "directive @requires(fields: _FieldSet!) on FIELD_DEFINITION\n")
    v2 = LINK + V1.replace("extend type Query", "type Query")
    assert pairs(diff(tmp_path, dump, v2)) == [("directive-usage-added", "schema")]


def test_appsync_definitions_are_not_compared_but_their_uses_are(tmp_path: Path) -> None:
    old = "type Query { at: AWSDateTime @aws_iam }\n"
    new = "type Query { at: AWSTimestamp @aws_api_key }\n"
    assert sorted(pairs(diff(tmp_path, old, new))) == [
        ("directive-usage-added", "Query.at"), ("directive-usage-removed", "Query.at"),
        ("field-type-changed", "Query.at")]


def test_what_a_subgraph_library_adds_is_not_compared(tmp_path: Path) -> None:
    """A subgraph printed with its router fields (``_entities``, ``_service``) against
    the same subgraph as written."""
    printed = edit(("type Query { product(id: ID!): Product }", '''\
scalar _Any
union _Entity = Product
type _Service { sdl: String }
type Query {
  product(id: ID!): Product
  _entities(representations: [_Any!]!): [_Entity]!
  _service: _Service!
}'''))
    assert diff(tmp_path, printed, SUBGRAPH) == []
    with_review = printed.replace("union _Entity = Product", "union _Entity = Product | Review")
    with_review += 'type Review @key(fields: "id") { id: ID! }\n'
    assert pairs(diff(tmp_path, printed, with_review)) == [("type-added", "Review")]
