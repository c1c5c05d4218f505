"""YAML: a JSON-like safe loader (libyaml when available) and a node-tree locator.

The loader follows the YAML 1.2 core schema, which is what JSON-minded tools
(OpenAPI, AsyncAPI, JSON Schema) expect: ``2024-01-01`` stays a string, only
``true``/``false`` are booleans (``yes``, ``no``, ``on``, ``off`` are strings),
``012`` is the integer 12, and mapping keys are always strings (``200:`` gives
the key ``"200"``). Duplicate keys in one mapping are an error.

Parsing composes the node tree and constructs the data from it; the tree is
kept, so positions cost nothing more when they are asked for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from yaml import SafeLoader as _Base
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"

# Nesting deeper than libyaml's recursive composer can take on a small stack is
# composed by PyYAML's Python composer instead (which fails cleanly). These
# bounds make the cheap check conservative: see _may_nest_deeply.
_MAX_BLOCK_PREFIX = 300
_MAX_FLOW_DEPTH = 400
_DEEP_PREFIX = re.compile(rf"^[ \t?:-]{{{_MAX_BLOCK_PREFIX},}}", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")


class DuplicateKeyError(MarkedYAMLError):
    """The same key twice in one YAML mapping."""

    def __init__(self, key: str, first: Mark, second: Mark) -> None:
        super().__init__(
            context=None,
            context_mark=None,
            problem=f"duplicate key {key!r} (first at line {first.line + 1})",
            problem_mark=second,
        )
        self.key = key
        self.first = first


def _construct_int(loader: Loader, node: Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    value = text.replace("_", "")
    sign = -1 if value.startswith("-") else 1
    body = value.lstrip("+-")
    try:
        if body[:2] in ("0x", "0X"):
            return sign * int(body[2:], 16)
        if body[:2] in ("0o", "0O"):
            return sign * int(body[2:], 8)
        if body[:2] in ("0b", "0B"):
            return sign * int(body[2:], 2)
        return sign * int(body, 10)
    except ValueError:
        raise ConstructorError(None, None, f"invalid integer {text!r}", node.start_mark) from None


def _construct_float(loader: Loader, node: Node) -> float:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    value = text.replace("_", "").lower()
    if value in (".inf", "+.inf"):
        return float("inf")
    if value == "-.inf":
        return float("-inf")
    if value == ".nan":
        return float("nan")
    try:
        return float(value)
    except ValueError:
        raise ConstructorError(None, None, f"invalid number {text!r}", node.start_mark) from None


def _construct_text(loader: Loader, node: Node) -> str:
    """Timestamps and binary stay the text they are written as."""
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


def key_text(key: Any) -> str | None:
    """The string a scalar mapping key becomes in the data (None: not a scalar)."""
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int | float):
        return str(key)
    return None


class Loader(_Base):
    """Safe, JSON-like YAML loading (see the module docstring)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._own_counts: dict[int, int] = {}

    def flatten_mapping(self, node: MappingNode) -> None:
        # Remember how many keys the mapping itself has (the tail of node.value
        # after flattening) before merges are spliced in: only those may clash.
        if id(node) not in self._own_counts:
            self._own_counts[id(node)] = sum(1 for k, _ in node.value if k.tag != _MERGE)
        super().flatten_mapping(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        own_count = self._own_counts.get(id(node))
        if own_count is None:
            if any(k.tag == _MERGE for k, _ in node.value):
                self.flatten_mapping(node)
                own_count = self._own_counts[id(node)]
            else:
                own_count = len(node.value)
        pairs = node.value
        first_own = len(pairs) - own_count
        mapping: dict[str, Any] = {}
        own: set[str] = set()
        for index, (key_node, value_node) in enumerate(pairs):
            if key_node.tag == _STR and isinstance(key_node, ScalarNode):
                key: str | None = key_node.value
            else:
                key = key_text(self.construct_object(key_node, deep=True))
            if key is None:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found a key that is a list or a mapping; keys must be scalars",
                    key_node.start_mark,
                )
            if index >= first_own:
                if key in own:
                    first = next(
                        k.start_mark
                        for k, _ in pairs[first_own:]
                        if key_text(self.construct_object(k, deep=True)) == key
                    )
                    raise DuplicateKeyError(key, first, key_node.start_mark)
                own.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


if TYPE_CHECKING or issubclass(Loader, Composer):
    DeepLoader = Loader  # the pure-Python loader is safe already
else:

    class DeepLoader(Composer, Loader):
        """The same loader with PyYAML's Python composer, for deeply nested
        text: it raises RecursionError where libyaml's composer would crash."""

        def __init__(self, stream: str) -> None:
            Loader.__init__(self, stream)
            Composer.__init__(self)


def _construct_map(loader: Loader, node: MappingNode) -> Any:
    return loader.construct_yaml_map(node)


def _construct_seq(loader: Loader, node: SequenceNode) -> Any:
    return loader.construct_yaml_seq(node)


def _setup() -> None:
    add = Loader.add_implicit_resolver
    add(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    add(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        list("-+0123456789"),
    )
    add(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    )
    add("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), [*"~nN", ""])
    add(_MERGE, re.compile(r"^(?:<<)$"), ["<"])
    constructor = Loader.add_constructor
    constructor("tag:yaml.org,2002:int", _construct_int)
    constructor("tag:yaml.org,2002:float", _construct_float)
    constructor("tag:yaml.org,2002:timestamp", _construct_text)
    constructor("tag:yaml.org,2002:binary", _construct_text)
    constructor("tag:yaml.org,2002:set", _construct_map)
    constructor("tag:yaml.org,2002:omap", _construct_seq)
    constructor("tag:yaml.org,2002:pairs", _construct_seq)


_setup()


def _may_nest_deeply(text: str) -> bool:
    """Whether ``text`` might nest more than about a thousand levels.

    Block collections nest only by indentation or by indicators at the start
    of a line (``- - x``, ``? - x``), so their depth is bounded by the longest
    run of spaces and indicators that begins a line; flow collections by the
    bracket depth (counted crudely: brackets in strings count too, which only
    errs towards the safe side)."""
    if len(text) < 1000:
        return False
    if _DEEP_PREFIX.search(text):
        return True
    if text.count("[") + text.count("{") <= _MAX_FLOW_DEPTH:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > _MAX_FLOW_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


def parse_yaml(text: str) -> tuple[Any, Node | None]:
    """The data and the node tree of one YAML document. Raises yaml.YAMLError
    (with marks), RecursionError or ValueError."""
    loader = (DeepLoader if _may_nest_deeply(text) else Loader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return loader.construct_document(node), node
    finally:
        loader.dispose()


class YamlLocator:
    """Pointer -> position over the composed node tree."""

    __slots__ = ("_keys", "_members", "_root")

    def __init__(self, root: Node | None) -> None:
        self._root = root
        self._members: dict[int, dict[str, tuple[Node, Node]]] = {}
        self._keys: Loader | None = None

    def locate(self, tokens: list[str]) -> tuple[int, int]:
        node = self._root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for token in tokens:
            if isinstance(node, MappingNode):
                pair = self._mapping(node).get(token)
                if pair is None:
                    break
                key, node = pair
                value_mark = node.start_mark
                # A block collection (or an alias) starts below or away from its
                # key: the key's line is the useful one then.
                same_line = (
                    value_mark.line == key.start_mark.line
                    and value_mark.index >= key.start_mark.index
                )
                mark = value_mark if same_line else key.start_mark
            elif isinstance(node, SequenceNode):
                if not (token.isdigit() and token.isascii()) or int(token) >= len(node.value):
                    break
                node = node.value[int(token)]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def _mapping(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        members = self._members.get(id(node))
        if members is not None:
            return members
        members = {}
        merged: list[MappingNode] = []
        for key, value in node.value:
            if key.tag == _MERGE:
                if isinstance(value, MappingNode):
                    merged.append(value)
                elif isinstance(value, SequenceNode):
                    merged.extend(v for v in value.value if isinstance(v, MappingNode))
                continue
            text = self._key(key)
            if text is not None:
                members[text] = (key, value)
        # The mapping's own keys win over merged ones, earlier merged over later.
        for source in merged:
            for text, pair in self._mapping(source).items():
                members.setdefault(text, pair)
        self._members[id(node)] = members
        return members

    def _key(self, key: Node) -> str | None:
        if isinstance(key, ScalarNode) and key.tag == _STR:
            return str(key.value)
        if self._keys is None:
            self._keys = Loader("")
        try:
            return key_text(self._keys.construct_object(key, deep=True))
        except yaml.YAMLError:
            return None
