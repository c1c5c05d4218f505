"""Server variables, and the security of servers and operations.

A ``security`` list holds alternatives: a client that meets any one of them may
connect. In 2.x an alternative is a requirement object (scheme names of
``components.securitySchemes`` with the scopes they need, all AND-ed); in 3.0 it
is one security scheme (mostly a ``$ref`` into ``components.securitySchemes``)
whose ``scopes`` are the ones required. Both are read as requirements: scheme
key -> required scopes. A revision breaks clients when it drops an alternative
they may be using, adds a scheme or a scope to one, or changes what a scheme of
the same name asks for (its type, where the key goes, the HTTP scheme, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.core.change import Direction
from accord.core.errors import AccordError
from accord.kinds.asyncapi.refs import Resolver, ref_of
from accord.source import Node

if TYPE_CHECKING:
    from accord.kinds.asyncapi.context import Context

#: The fields of a scheme that decide what a client sends.
_SCHEME_FIELDS = ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
#: A scheme's values of those fields, in that order (absent ones left out), then its
#: OAuth flows with their URLs: what a client must do, whatever the scheme is called.
Fields = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Scheme:
    """A security scheme as a requirement names it."""

    #: The component key (``#/components/securitySchemes/<name>``) or, inline, its type.
    name: str
    fields: Fields
    node: Node


@dataclass(frozen=True, slots=True)
class Requirement:
    """One alternative: the schemes a client presents together, with their scopes."""

    #: Scheme identity (its fields) -> required scopes.
    scopes: dict[Fields, frozenset[str]]
    schemes_by_id: dict[Fields, Scheme]
    node: Node

    @property
    def schemes(self) -> frozenset[Fields]:
        return frozenset(self.scopes)

    def named(self, ident: Fields) -> str:
        return self.schemes_by_id[ident].name

    def shown(self) -> str:
        names = sorted(s.name for s in self.schemes_by_id.values())
        return " + ".join(repr(n) for n in names) or "no credentials"


@dataclass(frozen=True, slots=True)
class Security:
    """A server's or an operation's ``security``."""

    alternatives: tuple[Requirement, ...]
    node: Node

    @property
    def public(self) -> bool:
        """No requirement, or an empty alternative (anonymous access allowed)."""
        return not self.alternatives or any(not r.scopes for r in self.alternatives)


def read_security(ctx: Context, side: int, owner: Node) -> Security | None:
    """``owner``'s ``security`` (None when it declares none)."""
    node = owner.child("security")
    if node is None or not isinstance(node.value, list):
        return None
    resolver = ctx.resolvers[side]
    model = ctx.base if side == 0 else ctx.rev
    components = Node(model.document, "", model.document.data).child(
        "components", "securitySchemes")
    alternatives: list[Requirement] = []
    for index, _ in enumerate(node.value):
        entry = node.child(index)
        assert entry is not None
        found: list[tuple[Scheme, frozenset[str]]] = []
        if model.major == 2:
            if not isinstance(entry.value, dict):
                continue
            for key, scopes in entry.value.items():
                target = components.child(str(key)) if components is not None else None
                scheme = _scheme(resolver, str(key), target)
                if scheme is not None:
                    found.append((scheme, _scopes(scopes)))
        else:
            ref = ref_of(entry.value)
            scheme = _scheme(resolver, ref.rsplit("/", 1)[-1] if ref else None, entry)
            if scheme is not None:
                found.append((scheme, _scopes(_raw(scheme.node, "scopes"))))
        alternatives.append(Requirement({s.fields: scopes for s, scopes in found},
                                        {s.fields: s for s, _ in found}, entry))
    return Security(tuple(alternatives), node)


def _scheme(resolver: Resolver, name: str | None, node: Node | None) -> Scheme | None:
    if node is None:
        return None
    try:
        target = resolver.follow(node)
    except AccordError:  # an unresolvable scheme is the loader's error to report
        return None
    if not isinstance(target.value, dict):
        return None
    value = target.value
    fields: list[tuple[str, Any]] = [(f, _lower(value[f])) for f in _SCHEME_FIELDS
                                     if value.get(f) is not None]
    flows = value.get("flows")
    if isinstance(flows, dict):
        for flow in sorted(flows):
            urls = flows[flow] if isinstance(flows[flow], dict) else {}
            fields.append((f"flows.{flow}", tuple(str(urls.get(u)) for u in (
                "authorizationUrl", "tokenUrl") if urls.get(u) is not None)))
    shown = name or str(value.get("type", "scheme"))
    return Scheme(shown, tuple(fields), target)


def _scopes(value: Any) -> frozenset[str]:
    return frozenset(str(s) for s in value) if isinstance(value, list) else frozenset()


def _raw(node: Node, name: str) -> Any:
    return node.value.get(name) if isinstance(node.value, dict) else None


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def diff_security(ctx: Context, owner: str, old_owner: Node, new_owner: Node,
                  operations: list[str], direction: Direction | None = None) -> None:
    """The security changes of one server or operation (``owner`` names it)."""
    old = read_security(ctx, 0, old_owner)
    new = read_security(ctx, 1, new_owner)
    if old is None and new is None:
        return
    where = new.node if new is not None else new_owner

    def add(rule_id: str, message: str, node: Node) -> None:
        ctx.add(rule_id, message, node, operations, direction)

    old_public = old is None or old.public
    new_public = new is None or new.public
    if old_public and not new_public:
        assert new is not None
        add("security-added", f"{owner} now requires authentication ("
            f"{' or '.join(r.shown() for r in new.alternatives)})", where)
        return
    if new_public and not old_public:
        assert old is not None
        add("security-removed", f"{owner} no longer requires authentication (was "
            f"{' or '.join(r.shown() for r in old.alternatives)})", where)
        return
    if old is None or new is None or new_public:
        return
    _alternatives(old, new, owner, add)


Add = Callable[[str, str, Node], None]


def _alternatives(old: Security, new: Security, owner: str, add: Add) -> None:
    """Pair alternatives by the schemes they name (by what each asks of clients); then
    an old one that a new one extends (a scheme AND-ed in), or whose one scheme
    changed under the same name; the rest were removed or added."""
    rest_new = list(new.alternatives)
    unpaired: list[Requirement] = []
    for req in old.alternatives:
        same = next((r for r in rest_new if r.schemes == req.schemes), None)
        if same is None:
            unpaired.append(req)
            continue
        rest_new.remove(same)
        _scopes_changed(req, same, owner, add)
    for req in unpaired:
        wider = next((r for r in rest_new if r.schemes > req.schemes), None)
        if wider is not None:
            rest_new.remove(wider)
            extra = ", ".join(repr(wider.named(s)) for s in sorted(wider.schemes - req.schemes,
                                                                   key=wider.named))
            add("security-requirement-removed", f"{owner} no longer accepts {req.shown()} "
                f"alone: it also needs {extra}", wider.node)
            continue
        renamed = next((r for r in rest_new if _changed_scheme(req, r) is not None), None)
        if renamed is not None:
            rest_new.remove(renamed)
            before, after = _changed_scheme(req, renamed) or (None, None)
            assert before is not None and after is not None
            was, now = dict(before.fields), dict(after.fields)
            changed = sorted({*was, *now} - {k for k in was if was.get(k) == now.get(k)})
            add("security-scheme-changed", f"security scheme '{after.name}' of {owner} "
                "changed " + ", ".join(f"{f} from {_raw(before.node, f) or was.get(f)!r} to "
                                       f"{_raw(after.node, f) or now.get(f)!r}"
                                       for f in changed), after.node)
            continue
        add("security-requirement-removed", f"{owner} no longer accepts {req.shown()}",
            new.node)
    for req in rest_new:
        add("security-requirement-added", f"{owner} also accepts {req.shown()}", req.node)


def _changed_scheme(old: Requirement, new: Requirement) -> tuple[Scheme, Scheme] | None:
    """The one scheme that differs between two alternatives under the same name."""
    gone, came = old.schemes - new.schemes, new.schemes - old.schemes
    if len(gone) != 1 or len(came) != 1:
        return None
    before, after = old.schemes_by_id[next(iter(gone))], new.schemes_by_id[next(iter(came))]
    return (before, after) if before.name == after.name else None


def _scopes_changed(old: Requirement, new: Requirement, owner: str, add: Add) -> None:
    for scheme in sorted(old.scopes, key=old.named):
        more = sorted(new.scopes[scheme] - old.scopes[scheme])
        fewer = sorted(old.scopes[scheme] - new.scopes[scheme])
        if more:
            add("security-scope-added", f"{owner} now needs scope(s) {_listed(more)} of "
                f"'{new.named(scheme)}'", new.node)
        if fewer:
            add("security-scope-removed", f"{owner} no longer needs scope(s) "
                f"{_listed(fewer)} of '{new.named(scheme)}'", new.node)


def _listed(values: Iterable[str]) -> str:
    return ", ".join(repr(v) for v in values)


# --- server variables ---------------------------------------------------------------


def diff_variables(ctx: Context, owner: str, old_server: Node, new_server: Node) -> None:
    """Server variables (``{region}`` in a url or host): removed, added, their
    allowed values and defaults."""
    old = _variables(ctx, 0, old_server)
    new = _variables(ctx, 1, new_server)
    for name in sorted(set(old) - set(new)):
        ctx.add("server-variable-removed", f"variable '{name}' of {owner} was removed",
                new_server.child("variables") or new_server)
    for name in sorted(set(new) - set(old)):
        node = new[name]
        default = node.value.get("default") if isinstance(node.value, dict) else None
        if default is None:
            ctx.add("server-variable-added-without-default", f"{owner} has a new variable "
                    f"'{name}' without a default", node)
        else:
            ctx.add("server-variable-added", f"{owner} has a new variable '{name}' (default "
                    f"{default!r})", node)
    for name in sorted(set(old) & set(new)):
        _variable(ctx, f"variable '{name}' of {owner}", old[name], new[name])


def _variables(ctx: Context, side: int, server: Node) -> dict[str, Node]:
    node = server.child("variables")
    if node is None or not isinstance(node.value, dict):
        return {}
    resolver = ctx.resolvers[side]
    out: dict[str, Node] = {}
    for name in node.value:
        child = node.child(str(name))
        if child is None:
            continue
        try:
            out[str(name)] = resolver.follow(child)
        except AccordError:  # an unresolvable variable is the loader's error to report
            continue
    return out


def _variable(ctx: Context, owner: str, old: Node, new: Node) -> None:
    before = old.value if isinstance(old.value, dict) else {}
    after = new.value if isinstance(new.value, dict) else {}
    old_enum, new_enum = before.get("enum"), after.get("enum")
    if isinstance(new_enum, list):
        allowed = {str(v) for v in new_enum}
        if not isinstance(old_enum, list):
            ctx.add("server-variable-values-restricted", f"{owner} now allows only "
                    f"{_listed(sorted(allowed))}", new.child("enum") or new)
        else:
            gone = sorted({str(v) for v in old_enum} - allowed)
            if gone:
                ctx.add("server-variable-value-removed", f"{owner} no longer allows "
                        f"{_listed(gone)}", new.child("enum") or new)
    if isinstance(new_enum, list) and isinstance(old_enum, list):
        added = sorted({str(v) for v in new_enum} - {str(v) for v in old_enum})
        if added:
            ctx.add("server-variable-value-added", f"{owner} also allows {_listed(added)}",
                    new.child("enum") or new)
    if before.get("default") != after.get("default"):
        ctx.add("server-variable-default-changed", f"the default of {owner} changed from "
                f"{before.get('default')!r} to {after.get('default')!r}",
                new.child("default") or new)
