"""Reading Apollo Federation subgraphs (1 and 2) and AWS AppSync schemas: detection,
the ``federation`` and ``appsync`` options, ``@link`` imports, renames and
namespaces, extend-only types, and the platform's definitions kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.errors import AccordError, ErrorCode
from accord.kinds.graphql import GraphQLKind
from accord.kinds.graphql.model import GraphQLModel
from accord.kinds.graphql.prelude import PRELUDE
from tests.kinds.graphql.support import GITHUB_NEW, write

V2 = '''\
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
                    import: ["@key", "@shareable", "@external", "@requires"])
type Product @key(fields: "id") {
  id: ID!
  name: String! @shareable
  weight: Int @external
  shippingEstimate: Int @requires(fields: "weight")
}
type Query { product(id: ID!): Product }
'''

V1 = '''\
extend type Query {
  topProducts(first: Int = 5): [Product]
}
type Product @key(fields: "upc") {
  upc: String!
  name: String
}
extend type User @key(fields: "id") {
  id: ID! @external
  reviews: [Review] @requires(fields: "id")
}
type Review {
  body: String
  author: User @provides(fields: "id")
}
'''

APPSYNC = '''\
type Post @aws_api_key @aws_cognito_user_pools(cognito_groups: ["Admins"]) {
  id: ID!
  createdAt: AWSDateTime!
  email: AWSEmail @aws_iam
  meta: AWSJSON @aws_oidc @aws_lambda
}
type Query { post(id: ID!): Post @aws_auth(cognito_groups: ["Readers"]) }
type Mutation { addPost(id: ID!): Post }
type Subscription { onAddPost: Post @aws_subscribe(mutations: ["addPost"]) }
'''


def model(tmp_path: Path, text: str, kind: GraphQLKind | None = None) -> GraphQLModel:
    loaded = (kind or GraphQLKind()).load(write(tmp_path, "schema.graphql", text)).model
    assert isinstance(loaded, GraphQLModel)
    return loaded


def configured(**options: object) -> GraphQLKind:
    return GraphQLKind().configure(options)


def test_a_federation_2_subgraph_is_read_with_its_link(tmp_path: Path) -> None:
    platform = model(tmp_path, V2).platform
    assert platform is not None and (platform.federation, platform.minor) == (2, 3)
    assert platform.canonical["key"] == "federation/key"
    # Not imported: available under the namespace only.
    assert platform.canonical["federation__tag"] == "federation/tag"
    assert "tag" not in platform.canonical
    # 2.5's directives are not in 2.3.
    assert "federation__authenticated" not in platform.canonical


def test_the_platform_definitions_are_read_after_the_schema_and_never_its_own(
        tmp_path: Path) -> None:
    defs = model(tmp_path, V2).definitions
    assert defs.types["Product"].directives[0].name == "key"
    assert "key" in defs.directives and "federation__FieldSet" in defs.types
    assert defs.where(defs.directives["key"]).file == PRELUDE
    assert defs.where(defs.types["Product"]).file == str(tmp_path / "schema.graphql")


def test_imports_may_rename_and_the_link_may_name_the_namespace(tmp_path: Path) -> None:
    text = '''\
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", as: "fed",
  import: [{name: "@key", as: "@primaryKey"}, "@shareable", "FieldSet"])
type Product @primaryKey(fields: "id") @fed__authenticated {
  id: ID!
  name: String @shareable @fed__tag(name: "public")
}
type Query { product: Product }
'''
    loaded = model(tmp_path, text)
    platform = loaded.platform
    assert platform is not None
    assert platform.canonical["primaryKey"] == "federation/key"
    assert platform.canonical["fed__tag"] == "federation/tag"
    assert "key" not in platform.canonical and "federation__tag" not in platform.canonical
    defs = loaded.definitions
    assert defs.directives["primaryKey"].args["fields"].type == "FieldSet!"
    assert defs.directives["fed__requiresScopes"].args["scopes"].type == "[[fed__Scope!]!]!"


def test_a_directive_used_without_its_import_is_refused_with_a_hint(tmp_path: Path) -> None:
    text = V2.replace("name: String! @shareable", "name: String! @inaccessible")
    with pytest.raises(AccordError) as caught:
        model(tmp_path, text)
    assert caught.value.message == "unknown directive @inaccessible"
    assert caught.value.hint is not None and "@federation__inaccessible" in caught.value.hint
    assert caught.value.location is not None and caught.value.location.line == 5


def test_a_directive_of_a_later_version_names_that_version(tmp_path: Path) -> None:
    text = V2.replace('"@requires"]', '"@requires", "@authenticated"]').replace(
        "name: String! @shareable", "name: String! @authenticated")
    with pytest.raises(AccordError) as caught:
        model(tmp_path, text)
    assert caught.value.hint is not None and "Federation 2.5" in caught.value.hint
    assert model(tmp_path, text.replace("v2.3", "v2.5")).platform is not None


def test_a_federation_1_subgraph_extends_types_it_does_not_define(tmp_path: Path) -> None:
    loaded = model(tmp_path, V1)
    platform = loaded.platform
    assert platform is not None and platform.federation == 1
    defs = loaded.definitions
    assert set(defs.adopted) == {"Query", "User"}
    assert list(defs.types["User"].fields) == ["id", "reviews"]
    assert defs.root_name("query") == "Query"
    assert {"key", "external", "requires", "provides", "extends"} <= set(defs.directives)
    assert defs.directives["key"].args["fields"].type == "_FieldSet!"


def test_an_extension_of_a_defined_type_is_still_merged(tmp_path: Path) -> None:
    defs = model(tmp_path, V1 + "extend type Review { rating: Int }\n").definitions
    assert list(defs.types["Review"].fields) == ["body", "author", "rating"]
    assert "Review" not in defs.adopted


def test_a_subgraph_that_defines_federation_directives_itself_keeps_them(
        tmp_path: Path) -> None:
    text = V1 + ("scalar _FieldSet\ndirective @key(fields: _FieldSet!) repeatable on OBJECT "
                 "| INTERFACE\n")
    loaded = model(tmp_path, text)
    assert loaded.platform is not None and loaded.platform.federation == 1
    defs = loaded.definitions
    assert defs.where(defs.directives["key"]).file == str(tmp_path / "schema.graphql")
    assert defs.where(defs.directives["external"]).file == PRELUDE
    assert "key" not in loaded.platform.sdl and "@external" in loaded.platform.sdl


def test_appsync_scalars_and_directives_are_read(tmp_path: Path) -> None:
    loaded = model(tmp_path, APPSYNC)
    platform = loaded.platform
    assert platform is not None and platform.appsync and platform.federation is None
    assert loaded.definitions.types["Post"].fields["createdAt"].type == "AWSDateTime!"
    assert {"AWSDate", "AWSTime", "AWSTimestamp", "AWSURL", "AWSPhone",
            "AWSIPAddress"} <= set(loaded.definitions.types)


def test_a_schema_for_no_platform_reads_as_before(tmp_path: Path) -> None:
    loaded = model(tmp_path, "type Query { me: String }\n")
    assert loaded.platform is None and loaded.definitions.platform is None
    assert set(loaded.definitions.types) == {"Query"}


def test_githubs_schema_is_told_apart_by_its_text_alone() -> None:
    kind = GraphQLKind()
    loaded = kind.load_lenient(GITHUB_NEW).model
    assert isinstance(loaded, GraphQLModel)
    assert loaded.platform is None
    assert "definitions" not in loaded._cache  # lint did not read the light form for it


@pytest.mark.parametrize("text", [V2, V1, APPSYNC])
def test_off_keeps_refusing_what_the_platform_defines(tmp_path: Path, text: str) -> None:
    with pytest.raises(AccordError) as caught:
        model(tmp_path, text, configured(federation="off", appsync="off"))
    assert caught.value.code == ErrorCode.INVALID_CONTRACT
    assert caught.value.message.startswith(("unknown directive", "cannot extend"))


def test_federation_2_given_without_a_link_imports_every_directive(tmp_path: Path) -> None:
    text = "type Product @key(fields: \"id\") @shareable { id: ID! }\ntype Query { p: Product }\n"
    with pytest.raises(AccordError) as caught:  # detected as Federation 1: no @shareable
        model(tmp_path, text)
    assert caught.value.hint is not None and "federation/v2" in caught.value.hint
    for value in ("2", "v2", 2):
        platform = model(tmp_path, text, configured(federation=value)).platform
        assert platform is not None and platform.federation == 2
        assert platform.canonical["shareable"] == "federation/shareable"


def test_on_takes_the_links_version_else_1(tmp_path: Path) -> None:
    linked = model(tmp_path, V2, configured(federation=True)).platform
    assert linked is not None and linked.federation == 2
    plain = model(tmp_path, "extend type Query { a: Int }\n", configured(federation="on"))
    assert plain.platform is not None and plain.platform.federation == 1
    assert "Query" in plain.definitions.adopted
    with pytest.raises(AccordError):  # auto: no federation element, an orphan extension
        model(tmp_path, "extend type Query { a: Int }\n")


def test_appsync_on_supplies_the_scalars_to_a_schema_that_uses_none(tmp_path: Path) -> None:
    kind = configured(appsync="on", federation="off")
    platform = model(tmp_path, "type Query { a: Int }\n", kind).platform
    assert platform is not None and platform.appsync
    assert model(tmp_path, "type Query { a: Int }\n").platform is None


@pytest.mark.parametrize(("options", "option", "hint"), [
    ({"federation": "3"}, "federation", "auto, off, on, 1 or 2"),
    ({"federation": "v2.3"}, "federation", "auto, off, on, 1 or 2"),
    ({"appsync": "2"}, "appsync", "auto, off or on"),
    ({"federaton": "2"}, "federaton", "did you mean 'federation'?"),
])
def test_a_bad_option_names_itself_with_a_hint(options: dict[str, object], option: str,
                                                hint: str) -> None:
    with pytest.raises(AccordError) as caught:
        GraphQLKind().configure(options)
    assert caught.value.code == ErrorCode.INVALID_CONFIG
    assert caught.value.details["option"] == option
    assert caught.value.hint is not None and hint in caught.value.hint


def test_the_hub_refuses_a_bad_option_at_its_field() -> None:
    from accord.kinds.registry import KindRegistry
    from accord.services.kind_options import checked

    kinds = KindRegistry([GraphQLKind()])
    assert checked(kinds, "graphql", {"federation": "2", "appsync": "off"}) == {
        "federation": "2", "appsync": "off"}
    with pytest.raises(AccordError) as caught:
        checked(kinds, "graphql", {"appsync": "v2"})
    assert caught.value.code == ErrorCode.INVALID_REQUEST
    assert caught.value.details["field"] == ["kind_options", "appsync"]
