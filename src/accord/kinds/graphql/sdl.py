"""A fast reader of GraphQL SDL into :mod:`accord.kinds.graphql.defs`.

graphql-core's parser takes about 0.7 s for GitHub's 1 MB schema; this reader,
one regular expression for the tokens and a recursive descent over them, takes a
fraction of that, which is what keeps ``accord diff`` of two large schemas fast.
It reads type-system documents only (definitions and extensions); positions are
kept as token indexes and turned into lines and columns only when reported.
"""

from __future__ import annotations

import gc
import json
from typing import TYPE_CHECKING

from accord.core.errors import AccordError, ErrorCode
from accord.core.location import Location
from accord.kinds.graphql.defs import (
    DEFAULT_ROOTS,
    ROOT_OPERATIONS,
    Definitions,
    DirectiveDef,
    Member,
    Root,
    Text,
    TypeDef,
    Use,
    canonical_number,
    list_item,
)
from accord.kinds.graphql.prelude import PRELUDE
from accord.kinds.graphql.strings import string_value
from accord.kinds.graphql.tokens import END, Tokens

if TYPE_CHECKING:
    from accord.kinds.graphql.platform import PlatformOptions

_KINDS = {"type": "OBJECT", "interface": "INTERFACE", "union": "UNION", "enum": "ENUM",
          "input": "INPUT_OBJECT", "scalar": "SCALAR"}
_EXECUTABLE = frozenset({"query", "mutation", "subscription", "fragment", "{"})
_NAME_START = frozenset("_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUMBER_START = frozenset("-0123456789")
_SYNTAX_HINT = "fix the SDL at this place; accord reads GraphQL type-system documents"
#: What a Federation subgraph may extend without defining it.
_ADOPTABLE = frozenset({"OBJECT", "INTERFACE"})


def read_sdl(files: list[tuple[str, str]], options: PlatformOptions | None = None
             ) -> tuple[Definitions, list[Tokens]]:
    """Read SDL ``files`` ((display, text) each) into one set of definitions;
    AccordError (INVALID_SYNTAX) with the location of the first syntax error.

    Under ``options``, a schema written for a platform (a Federation subgraph,
    AppSync) gets the platform's definitions it does not write itself, as one more
    file after its own (``Definitions.platform``), and a subgraph's extensions of
    undefined object types and interfaces are read as their definitions."""
    enabled = gc.isenabled()
    gc.disable()  # the reader allocates many small objects and no cycles: skip collections
    try:
        return _read_sdl(files, options)
    finally:
        if enabled:
            gc.enable()


def _read_sdl(files: list[tuple[str, str]], options: PlatformOptions | None
              ) -> tuple[Definitions, list[Tokens]]:
    tokens = [Tokens(text, display) for display, text in files]
    defs = Definitions(locator=lambda file, at: (
        tokens[file].location(at) if isinstance(at, int) else Location("", tokens[file].display)))
    extensions: list[TypeDef] = []
    for index, toks in enumerate(tokens):
        _Reader(toks, index, defs, extensions).document()
    if options is not None and options.candidate(text for _, text in files):
        from accord.kinds.graphql.platform import resolve

        defs.platform = resolve(options, defs, extensions)
        if defs.platform is not None and defs.platform.sdl:
            tokens.append(Tokens(defs.platform.sdl, PRELUDE))
            _Reader(tokens[-1], len(tokens) - 1, defs, extensions).document()
    _merge(defs, extensions, adopt=defs.platform is not None
           and defs.platform.federation is not None)
    if not defs.schema_defined:  # the default names, where extensions name no other
        for operation in ROOT_OPERATIONS:
            typedef = defs.types.get(DEFAULT_ROOTS[operation])
            if operation not in defs.roots and typedef is not None and typedef.kind == "OBJECT":
                defs.roots[operation] = Root(typedef.name, typedef.file, typedef.at)
    return defs, tokens


def _merge(defs: Definitions, extensions: list[TypeDef], adopt: bool = False) -> None:
    for ext in extensions:
        target = defs.types.get(ext.name)
        if target is None and adopt and ext.kind in _ADOPTABLE:
            defs.types[ext.name] = ext
            defs.adopted.add(ext.name)
            continue
        if target is None or target.kind != ext.kind:
            defs.orphan_extensions.append((ext.name, ext.file, ext.at))
            continue
        for name, member in ext.fields.items():
            _add(defs, target.fields, name, member, f"{ext.name}.{name}")
        for name, value in ext.values.items():
            _add(defs, target.values, name, value, f"{ext.name}.{name}")
        target.interfaces.extend(ext.interfaces)
        target.members.extend(ext.members)
        target.directives.extend(ext.directives)


def _add(defs: Definitions, into: dict[str, Member], name: str, member: Member,
         what: str) -> None:
    first = into.get(name)
    if first is not None:
        defs.duplicates.append((what, member.file, member.at, first.file, first.at))
    else:
        into[name] = member


class _Reader:
    def __init__(self, tokens: Tokens, file: int, defs: Definitions,
                 extensions: list[TypeDef]) -> None:
        self.tokens = tokens
        self.t = tokens.values
        self.i = 0
        self.file = file
        self.defs = defs
        self.extensions = extensions

    # --- errors and primitives -------------------------------------------------------
    def error(self, message: str, index: int | None = None) -> AccordError:
        at = self.i if index is None else index
        found = self.t[at]
        shown = f"'{found}'" if found else "the end of the file"
        return AccordError(
            ErrorCode.INVALID_SYNTAX,
            f"GraphQL syntax error: {message}, found {shown}",
            location=self.tokens.location(at),
            hint=_SYNTAX_HINT,
        )

    def expect(self, token: str) -> None:
        if self.t[self.i] != token:
            raise self.error(f"expected '{token}'")
        self.i += 1

    def name(self) -> str:
        token = self.t[self.i]
        if not token or token[0] not in _NAME_START:
            raise self.error("expected a name")
        self.i += 1
        return token

    def description(self) -> Text | None:
        token = self.t[self.i]
        if token[:1] == '"':
            self.string_token(token)
            self.i += 1
            return Text(token)
        return None

    def string_token(self, token: str) -> None:
        if len(token) < 2 or token[-1] != '"':
            raise self.error("unterminated string")

    # --- definitions -----------------------------------------------------------------
    def document(self) -> None:
        t = self.t
        while t[self.i] != END:
            start = self.i
            description = self.description()
            keyword = t[self.i]
            if keyword == "extend" and description is None:
                self.i += 1
                self.extension(start)
            elif keyword in _KINDS:
                self.i += 1
                typedef = self.type_body(_KINDS[keyword], start)
                typedef.description = description
                first = self.defs.types.get(typedef.name)
                if first is not None:
                    self.defs.duplicates.append(
                        (typedef.name, self.file, start, first.file, first.at))
                else:
                    self.defs.types[typedef.name] = typedef
            elif keyword == "directive":
                self.i += 1
                self.directive_definition(description, start)
            elif keyword == "schema":
                self.i += 1
                self.defs.schema_description = description
                self.defs.schema_defined = True
                self.schema_body()
            elif keyword in _EXECUTABLE:
                raise self.error("a schema holds type definitions, not operations or fragments")
            else:
                raise self.error("expected a definition (type, interface, input, enum, union, "
                                 "scalar, directive, schema or extend)")

    def extension(self, start: int) -> None:
        keyword = self.t[self.i]
        if keyword == "schema":
            self.i += 1
            self.schema_body(optional=True)
            return
        if keyword not in _KINDS:
            raise self.error("expected what to extend (type, interface, input, enum, union, "
                             "scalar or schema)")
        self.i += 1
        self.extensions.append(self.type_body(_KINDS[keyword], start))

    def type_body(self, kind: str, start: int) -> TypeDef:
        typedef = TypeDef(self.name(), kind, file=self.file, at=start)
        t = self.t
        if kind in ("OBJECT", "INTERFACE") and t[self.i] == "implements":
            self.i += 1
            if t[self.i] == "&":
                self.i += 1
            typedef.interfaces.append(self.name())
            while t[self.i] == "&":
                self.i += 1
                typedef.interfaces.append(self.name())
        typedef.directives = self.directives()
        if kind in ("OBJECT", "INTERFACE", "INPUT_OBJECT") and t[self.i] == "{":
            self.i += 1
            output = kind != "INPUT_OBJECT"
            into = typedef.fields
            while t[self.i] != "}":
                member = self.field() if output else self.input_value()
                _add(self.defs, into, member.name, member, f"{typedef.name}.{member.name}")
            self.i += 1
        elif kind == "ENUM" and t[self.i] == "{":
            self.i += 1
            while t[self.i] != "}":
                at = self.i
                value = Member("", description=self.description(), file=self.file, at=at)
                value.name = self.name()
                value.directives = self.directives()
                _add(self.defs, typedef.values, value.name, value,
                     f"{typedef.name}.{value.name}")
            self.i += 1
        elif kind == "UNION" and t[self.i] == "=":
            self.i += 1
            if t[self.i] == "|":
                self.i += 1
            typedef.members.append(self.name())
            while t[self.i] == "|":
                self.i += 1
                typedef.members.append(self.name())
        return typedef

    def field(self) -> Member:
        at = self.i
        member = Member("", description=self.description(), file=self.file, at=at)
        member.name = self.name()
        if self.t[self.i] == "(":
            member.args = self.arguments_definition(member.name)
        self.expect(":")
        member.type = self.type_ref()
        if self.t[self.i] == "@":
            member.directives = self.directives()
        return member

    def input_value(self) -> Member:
        at = self.i
        member = Member("", description=self.description(), file=self.file, at=at)
        member.name = self.name()
        self.expect(":")
        member.type = self.type_ref()
        if self.t[self.i] == "=":
            self.i += 1
            member.default = self.value(member.type)
        if self.t[self.i] == "@":
            member.directives = self.directives()
        return member

    def arguments_definition(self, owner: str) -> dict[str, Member]:
        self.expect("(")
        args: dict[str, Member] = {}
        while self.t[self.i] != ")":
            arg = self.input_value()
            _add(self.defs, args, arg.name, arg, f"{owner}({arg.name}:)")
        self.i += 1
        return args

    def type_ref(self) -> str:
        token = self.t[self.i]
        if token == "[":
            self.i += 1
            inner = self.type_ref()
            self.expect("]")
            written = f"[{inner}]"
        else:
            written = self.name()
        if self.t[self.i] == "!":
            self.i += 1
            return written + "!"
        return written

    def directives(self) -> list[Use]:
        uses: list[Use] = []
        t = self.t
        while t[self.i] == "@":
            at = self.i
            self.i += 1
            use = Use(self.name(), {}, self.file, at)
            if t[self.i] == "(":
                self.i += 1
                while t[self.i] != ")":
                    name = self.name()
                    self.expect(":")
                    use.args[name] = self.value()
                self.i += 1
            uses.append(use)
        return uses

    def directive_definition(self, description: Text | None, start: int) -> None:
        self.expect("@")
        directive = DirectiveDef(self.name(), description, file=self.file, at=start)
        if self.t[self.i] == "(":
            directive.args = self.arguments_definition("@" + directive.name)
        if self.t[self.i] == "repeatable":
            self.i += 1
            directive.repeatable = True
        if self.t[self.i] != "on":
            raise self.error("expected 'on' and the directive's locations")
        self.i += 1
        if self.t[self.i] == "|":
            self.i += 1
        directive.locations.append(self.name())
        while self.t[self.i] == "|":
            self.i += 1
            directive.locations.append(self.name())
        first = self.defs.directives.get(directive.name)
        if first is not None:
            self.defs.duplicates.append(
                ("@" + directive.name, self.file, start, first.file, first.at))
        else:
            self.defs.directives[directive.name] = directive

    def schema_body(self, optional: bool = False) -> None:
        self.defs.schema_directives.extend(self.directives())
        if optional and self.t[self.i] != "{":
            return
        self.expect("{")
        while self.t[self.i] != "}":
            at = self.i
            operation = self.name()
            if operation not in ROOT_OPERATIONS:
                raise self.error("expected query, mutation or subscription", at)
            self.expect(":")
            if operation in self.defs.roots:
                first = self.defs.roots[operation]
                self.defs.duplicates.append(
                    (f"schema.{operation}", self.file, at, first.file, first.at))
            self.defs.roots[operation] = Root(self.name(), self.file, at)
        self.i += 1

    # --- values ----------------------------------------------------------------------
    def value(self, of: str = "") -> str:
        """A constant value, printed canonically: object fields in name order, floats by
        value (``1.0`` is ``1``), and, given its type ``of``, a single value for a list
        wrapped as input coercion wraps it (``[Int] = 1`` is ``[1]``)."""
        token = self.t[self.i]
        first = token[:1]
        item = list_item(of)
        if item is not None and first != "[" and token != "null":
            return f"[{self.value(item)}]"
        if first == "[":
            self.i += 1
            items = []
            while self.t[self.i] != "]":
                items.append(self.value(item or ""))
            self.i += 1
            return "[" + ", ".join(items) + "]"
        if first == "{":
            self.i += 1
            fields = []
            while self.t[self.i] != "}":
                name = self.name()
                self.expect(":")
                fields.append((name, self.value()))
            self.i += 1
            return "{" + ", ".join(f"{name}: {value}" for name, value in sorted(fields)) + "}"
        if first == '"':
            self.string_token(token)
            self.i += 1
            return json.dumps(string_value(token), ensure_ascii=False)
        if first == "$":
            raise self.error("a default or directive argument must be a constant, not a "
                             "variable")
        if first in _NUMBER_START:
            self.i += 1
            return canonical_number(token)
        if first in _NAME_START:
            self.i += 1
            return token
        raise self.error("expected a value")


def read_value(printed: str, of: str = "") -> str:
    """A constant value printed elsewhere (introspection's ``defaultValue``, of type
    ``of``), in this reader's canonical form; unchanged when it does not read as one
    value."""
    try:
        return _Reader(Tokens(printed, "<value>"), 0, Definitions(), []).value(of)
    except AccordError:
        return printed
