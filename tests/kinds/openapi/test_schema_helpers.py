"""Helpers for the schema differ tests (no tests here).

:class:`SchemaCase` writes a tiny base and revision document holding one
schema at a realistic place for the site (a parameter, a request or response
body, a response header) plus optional component schemas, loads them with a
real :class:`~accord.source.Workspace`, and returns the changes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.core.change import Change, Level
from accord.kinds.openapi.catalog import Catalog
from accord.kinds.openapi.schema_rules import SCHEMA_RULES
from accord.kinds.openapi.schemas import SchemaDiffer, Site
from accord.source import Node, Workspace

CATALOG = Catalog(SCHEMA_RULES)
OPERATION = "POST /pets"

#: Where the schema sits in each document, per site (as JSON pointer tokens).
_TOKENS: dict[Site, list[str | int]] = {
    Site.REQUEST_PARAMETER: ["paths", "/pets", "post", "parameters", 0, "schema"],
    Site.REQUEST_BODY: ["paths", "/pets", "post", "requestBody", "content", "application/json",
                        "schema"],
    Site.RESPONSE_BODY: ["paths", "/pets", "post", "responses", "200", "content",
                         "application/json", "schema"],
    Site.RESPONSE_HEADER: ["paths", "/pets", "post", "responses", "200", "headers",
                           "X-Rate-Limit", "schema"],
}


def _document(schema: Any, site: Site, dialect: str, components: dict[str, Any]) -> Any:
    if dialect == "swagger2":
        doc: dict[str, Any] = {"swagger": "2.0", "info": {"title": "t", "version": "1"},
                               "definitions": components}
    else:
        version = "3.1.0" if dialect == "oas31" else "3.0.3"
        doc = {"openapi": version, "info": {"title": "t", "version": "1"},
               "components": {"schemas": components}}
    tokens = _TOKENS[site]
    if dialect == "swagger2" and site is Site.REQUEST_PARAMETER:
        # a non-body 2.0 parameter is its own schema
        parameter = {"name": "limit", "in": "query", "required": True, **schema}
        doc["paths"] = {"/pets": {"post": {"parameters": [parameter]}}}
        return doc
    if dialect == "swagger2" and site is Site.RESPONSE_HEADER:
        tokens = tokens[:-1]
    cursor: Any = doc
    for token, nxt in itertools.pairwise(tokens):
        if isinstance(token, int):
            while len(cursor) <= token:
                cursor.append({})
            cursor = cursor[token]
        else:
            cursor = cursor.setdefault(token, [] if isinstance(nxt, int) else {})
    if site is Site.REQUEST_PARAMETER:
        cursor.update({"name": "limit", "in": "query"})
    cursor[tokens[-1]] = schema
    return doc


def node_at(ws: Workspace, path: Path, tokens: list[str | int]) -> Node:
    node = ws.root(ws.load(path))
    found = node.child(*tokens)
    assert found is not None, tokens
    return found


@dataclass
class SchemaCase:
    """Builds documents under ``tmp`` and diffs one schema."""

    tmp: Path
    count: int = 0

    def write(self, data: Any, name: str) -> Path:
        self.count += 1
        path = self.tmp / f"{self.count:03d}-{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    def pair(
        self,
        base_doc: Any,
        revision_doc: Any,
        dialect: str = "oas30",
        revision_dialect: str | None = None,
        today: date | None = None,
    ) -> tuple[SchemaDiffer, Workspace, Path, Workspace, Path]:
        bpath, rpath = self.write(base_doc, "base"), self.write(revision_doc, "revision")
        bws, rws = Workspace(), Workspace()
        bws.load(bpath)
        rws.load(rpath)
        differ = SchemaDiffer(bws, rws, CATALOG, dialect, revision_dialect or dialect,
                              today=today)
        return differ, bws, bpath, rws, rpath

    def diff(
        self,
        base: Any,
        revision: Any,
        site: Site = Site.REQUEST_BODY,
        *,
        dialect: str = "oas30",
        components: dict[str, Any] | None = None,
        revision_components: dict[str, Any] | None = None,
        operation: str = OPERATION,
        today: date | None = None,
    ) -> list[Change]:
        comps = components or {}
        rcomps = comps if revision_components is None else revision_components
        differ, bws, bpath, rws, rpath = self.pair(
            _document(base, site, dialect, comps),
            _document(revision, site, dialect, rcomps),
            dialect,
            today=today,
        )
        tokens = _TOKENS[site]
        if dialect == "swagger2" and site in (Site.REQUEST_PARAMETER, Site.RESPONSE_HEADER):
            tokens = tokens[:-1]  # the parameter or header object itself
        return differ.compare(node_at(bws, bpath, tokens), node_at(rws, rpath, tokens), site,
                              operation)

    def both(self, base: Any, revision: Any, **kw: Any) -> tuple[list[Change], list[Change]]:
        """The changes as a request body and as a response body."""
        return (self.diff(base, revision, Site.REQUEST_BODY, **kw),
                self.diff(base, revision, Site.RESPONSE_BODY, **kw))


def rules(changes: list[Change]) -> dict[str, Level]:
    return {c.rule: c.level for c in changes}


def obj(properties: dict[str, Any], required: list[str] | None = None,
        **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = required
    return schema
