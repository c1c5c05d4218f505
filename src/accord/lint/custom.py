"""Custom lint rules declared as data in the ``lint.rules`` section of ``accord.yaml``.

A rule whose setting is a mapping rather than a severity is a custom rule, in
Spectral's shape::

    lint:
      rules:
        info-contact: error                       # a built-in rule's severity
        operation-tags:                           # a custom rule
          description: Every operation is tagged, so the docs group it.
          message: "{{property}} {{error}}"
          hint: add tags: [<resource>] to the operation
          severity: warn                           # default warn; off switches it off
          given: $.paths[*][get,put,post,delete,patch]   # or a list of JSONPaths
          then:                                    # or a list of these
            field: tags                            # optional: key, @key, a.b, /a/b, $..x
            function: truthy
            functionOptions: {}                    # as the function documents

The message may use ``{{error}}`` (what the function found), ``{{property}}``
(the checked key), ``{{value}}`` and ``{{path}}`` (its JSON pointer). Rules run on
the contract's entry document as written ($refs are not followed).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from accord.core.errors import AccordError, ErrorCode
from accord.core.finding import Severity
from accord.core.location import Location, join, split
from accord.lint.functions import FUNCTIONS, MISSING, Function, OptionError, short
from accord.lint.paths import Match, Path, PathError, compile_path, select
from accord.lint.rule import Hit, LintOptions, LintRule
from accord.source import Document, Workspace

Locate = Callable[[str], Location]
KEYS = ("description", "message", "hint", "severity", "given", "then")
THEN_KEYS = ("field", "function", "functionOptions")
LEVELS = ("off", "error", "warn", "info", "hint")
PATH_HINT = ("write given as a JSONPath such as $.paths[*][*] (operations), $.paths[*]~ "
             "(the path keys) or $..parameters[?(@.in == 'query')]")


@dataclass(frozen=True, slots=True)
class Then:
    function: Function
    prepared: Any
    field: str | None = None
    #: ``field`` as a JSONPath below the match (when it starts with ``$``).
    field_path: Path | None = None


@dataclass(frozen=True, slots=True)
class CustomRule:
    id: str
    #: None: the rule is off.
    severity: Severity | None
    message: str
    description: str
    hint: str
    given: tuple[Path, ...]
    then: tuple[Then, ...]

    def lint_rule(self) -> LintRule:
        return LintRule(self.id, self.severity or Severity.WARN, self.description, self.hint,
                        self.check)

    def check(self, model: Any, options: LintOptions) -> Iterator[Hit]:
        doc = _document(model)
        if doc is None:
            return
        seen: set[str] = set()
        for path in self.given:
            for match in select(path, doc.data):
                if match.pointer in seen:  # overlapping givens
                    continue
                seen.add(match.pointer)
                # The engine reports one finding per rule and element: join what
                # several thens (or errors) found at the same element.
                merged: dict[str, Hit] = {}
                for then in self.then:
                    for hit in self._apply(doc, match, then):
                        key = hit.location.pointer
                        if key in merged:
                            hit = Hit(f"{merged[key].message}; {hit.message}", hit.location)
                        merged[key] = hit
                yield from merged.values()

    def _apply(self, doc: Document, match: Match, then: Then) -> Iterator[Hit]:
        for pointer, value, name in _targets(match, then):
            if value is MISSING and not then.function.sees_missing:
                continue
            for error, below in then.function.run(value, then.prepared):
                where = join(pointer, *below)
                text = _render(self.message, error=error, property=name or "",
                               value=value, path=where, description=self.description)
                yield Hit(text, doc.location(where))


def _render(template: str, *, error: str, property: str, value: Any, path: str,
            description: str) -> str:
    fields = {"error": error, "property": property, "value": short(value), "path": path,
              "description": description}
    out = template
    for key, text in fields.items():
        out = out.replace("{{" + key + "}}", text)
    return out


def _document(model: Any) -> Document | None:
    """The entry document of a kind's model (its ``document``, else its workspace's first)."""
    doc = getattr(model, "document", None)
    if isinstance(doc, Document):
        return doc
    workspace = getattr(model, "workspace", None)
    if isinstance(workspace, Workspace):
        docs = workspace.documents()
        return docs[0] if docs else None
    return None


def _targets(match: Match, then: Then) -> Iterator[tuple[str, Any, str | None]]:
    """(pointer, value or MISSING, property name) for each value ``then`` checks."""
    field = then.field
    if field is None:
        yield match.pointer, match.value, match.name
        return
    if field == "@key":
        yield match.pointer, match.name if match.name is not None else MISSING, match.name
        return
    if then.field_path is not None:
        found = False
        for sub in select(then.field_path, match.value):
            found = True
            pointer = match.pointer + sub.pointer
            yield pointer, sub.value, sub.name or match.name
        if not found:
            yield match.pointer, MISSING, match.name
        return
    if field.startswith("/"):
        tokens = split(field)
    elif isinstance(match.value, dict) and field in match.value:
        tokens = [field]
    else:
        tokens = field.split(".")
    value: Any = match.value
    for token in tokens:
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            value = MISSING
            break
    yield join(match.pointer, *tokens), value, tokens[-1] if tokens else match.name


# -- reading the configuration ----------------------------------------------------


def _error(message: str, location: Location, hint: str) -> AccordError:
    return AccordError(ErrorCode.INVALID_CONFIG, message, location=location, hint=hint)


def _suggest(word: str, choices: tuple[str, ...] | list[str], fallback: str) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else fallback


def _given(raw: Any, base: str, where: Locate) -> tuple[Path, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        raise _error("given must be a JSONPath or a list of them", where(join(base, "given")),
                     PATH_HINT)
    paths = []
    for index, text in enumerate(items):
        at = join(base, "given") if isinstance(raw, str) else join(base, "given", index)
        if not isinstance(text, str):
            raise _error("given must be a JSONPath (a string)", where(at), PATH_HINT)
        try:
            paths.append(compile_path(text))
        except PathError as exc:
            raise _error(f"invalid given: {exc}", where(at), PATH_HINT) from None
    return tuple(paths)


def _then(raw: Any, at: str, where: Locate) -> Then:
    if not isinstance(raw, dict):
        raise _error("then must be a mapping {field, function, functionOptions}", where(at),
                     f"functions: {', '.join(FUNCTIONS)}")
    for key in raw:
        if key not in THEN_KEYS:
            raise _error(f"unknown key {key!r} in then", where(join(at, str(key))),
                         _suggest(str(key), THEN_KEYS, f"then takes {', '.join(THEN_KEYS)}"))
    name = raw.get("function")
    if name is None:
        raise _error("then names no function", where(at), f"functions: {', '.join(FUNCTIONS)}")
    function = FUNCTIONS.get(str(name))
    if function is None:
        raise _error(f"unknown function {name!r}", where(join(at, "function")),
                     _suggest(str(name), list(FUNCTIONS), f"functions: {', '.join(FUNCTIONS)}"))
    options = raw.get("functionOptions") or {}
    if not isinstance(options, Mapping):
        raise _error("functionOptions must be a mapping", where(join(at, "functionOptions")),
                     f"{name} takes: {function.options}")
    try:
        prepared = function.prepare(options)
    except OptionError as exc:
        pointer = join(at, "functionOptions", *([exc.key] if exc.key else []))
        raise _error(f"invalid functionOptions for {name}: {exc}", where(pointer),
                     f"{name} takes: {function.options}") from None
    field = raw.get("field")
    if field is not None and (not isinstance(field, str) or not field):
        raise _error("field must be a key, @key, a dotted path, a JSON pointer or a JSONPath",
                     where(join(at, "field")), "for example field: operationId")
    field_path = None
    if isinstance(field, str) and field.startswith("$"):
        try:
            field_path = compile_path(field)
        except PathError as exc:
            raise _error(f"invalid field: {exc}", where(join(at, "field")), PATH_HINT) from None
    return Then(function, prepared, field, field_path)


def parse_custom_rule(rule_id: str, raw: Mapping[str, Any], *, section: str, file: str,
                      where: Locate) -> CustomRule:
    """One custom rule from its mapping under ``<section>/rules/<rule_id>``."""
    base = join(section, "rules", rule_id)
    for key in raw:
        if key not in KEYS:
            raise _error(f"unknown key {key!r} in the custom rule {rule_id!r}",
                         where(join(base, str(key))),
                         _suggest(str(key), KEYS, f"a custom rule takes {', '.join(KEYS)}"))
    for key in ("given", "then", "message"):
        if raw.get(key) in (None, "", []):
            raise _error(f"the custom rule {rule_id!r} has no {key}", where(base),
                         "a custom rule needs given (a JSONPath), then ({field, function}) "
                         "and message")
    texts = {}
    for key in ("message", "description", "hint"):
        text = raw.get(key, "")
        if not isinstance(text, str):
            raise _error(f"{key} must be text", where(join(base, key)), "quote it")
        texts[key] = text.strip()
    level = raw.get("severity", "warn")
    if level not in LEVELS:
        raise _error(f"invalid severity {level!r}", where(join(base, "severity")),
                     f"severity is one of {', '.join(LEVELS)}")
    then_raw = raw["then"]
    thens = (
        [_then(then_raw, join(base, "then"), where)] if not isinstance(then_raw, list)
        else [_then(t, join(base, "then", i), where) for i, t in enumerate(then_raw)]
    )
    return CustomRule(
        id=rule_id,
        severity=None if level == "off" else Severity(level),
        message=texts["message"],
        description=texts["description"] or texts["message"],
        hint=texts["hint"] or f"see the custom rule {rule_id!r} in {file}",
        given=_given(raw["given"], base, where),
        then=tuple(thens),
    )
