from __future__ import annotations

import pytest
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

from accord.runtime.etag import (
    EntityTag,
    check_if_match,
    etag_for,
    if_none_match,
    parse_entity_tags,
)
from accord.runtime.problems import NOT_FOUND, install_problem_handlers
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio


class Doc(BaseModel):
    text: str


def make_app() -> tuple[FastAPI, dict[str, tuple[int, str]]]:
    """A tiny store of versioned documents with conditional GET and PUT."""
    docs: dict[str, tuple[int, str]] = {"a": (1, "first")}
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/docs/{name}")
    async def read(name: str, request: Request, response: Response) -> object:
        if name not in docs:
            raise NOT_FOUND()
        version, text = docs[name]
        etag = etag_for(version)
        not_modified = if_none_match(request.headers, etag)
        if not_modified is not None:
            return not_modified
        response.headers["ETag"] = etag
        return {"text": text}

    @app.put("/docs/{name}")
    async def write(name: str, doc: Doc, request: Request, response: Response) -> object:
        current = etag_for(docs[name][0]) if name in docs else None
        check_if_match(request.headers, current, required=name in docs)
        if_none_match(request.headers, current, method="PUT")
        version = docs[name][0] + 1 if name in docs else 1
        docs[name] = (version, doc.text)
        response.headers["ETag"] = etag_for(version)
        return {"text": doc.text}

    return app, docs


async def test_read_modify_write_with_if_match() -> None:
    app, docs = make_app()
    async with client_for(app) as client:
        read = await client.get("/docs/a")
        etag = read.headers["etag"]
        assert etag == '"1"'
        updated = await client.put("/docs/a", json={"text": "second"}, headers={"If-Match": etag})
        assert updated.status_code == 200 and updated.headers["etag"] == '"2"'
        stale = await client.put("/docs/a", json={"text": "lost"}, headers={"If-Match": etag})
        missing = await client.put("/docs/a", json={"text": "lost"})
    problem(stale, 412, "PRECONDITION_FAILED")
    problem(missing, 428, "PRECONDITION_REQUIRED")
    assert docs["a"] == (2, "second")


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ('"1"', 200),
        ('"7", "1"', 200),
        ("*", 200),
        ('W/"1"', 412),  # a weak tag never matches strongly
        ('"01"', 412),
        ('"1', 412),  # malformed matches nothing
        ("1", 412),
    ],
)
async def test_if_match_uses_strong_comparison(if_match: str, status: int) -> None:
    app, _ = make_app()
    async with client_for(app) as client:
        response = await client.put("/docs/a", json={"text": "x"}, headers={"If-Match": if_match})
    assert response.status_code == status


async def test_if_match_on_a_missing_resource_fails_and_if_none_match_star_creates() -> None:
    app, docs = make_app()
    async with client_for(app) as client:
        star = await client.put("/docs/new", json={"text": "x"}, headers={"If-Match": "*"})
        created = await client.put("/docs/new", json={"text": "x"}, headers={"If-None-Match": "*"})
        again = await client.put(
            "/docs/new", json={"text": "y"}, headers={"If-None-Match": "*", "If-Match": '"1"'}
        )
    problem(star, 412, "PRECONDITION_FAILED")
    assert created.status_code == 200
    problem(again, 412, "PRECONDITION_FAILED")
    assert docs["new"] == (1, "x")


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [('"1"', 304), ('W/"1"', 304), ('"0", "1"', 304), ("*", 304), ('"2"', 200), ("junk", 200)],
)
async def test_conditional_get(if_none_match: str, status: int) -> None:
    app, _ = make_app()
    async with client_for(app) as client:
        response = await client.get("/docs/a", headers={"If-None-Match": if_none_match})
    assert response.status_code == status
    assert response.headers["etag"] == '"1"'
    if status == 304:
        assert response.content == b""


def test_etag_for() -> None:
    assert etag_for(42) == '"42"'
    assert etag_for("2024-01-01T00:00:00Z.7") == '"2024-01-01T00:00:00Z.7"'
    for bad in ("", 'say "hi"', "two words"):
        with pytest.raises(ValueError):
            etag_for(bad)


def test_parse_entity_tags() -> None:
    assert parse_entity_tags(" * ") == "*"
    assert parse_entity_tags('"a,b", W/"c" ,, "d"') == (
        EntityTag("a,b"),
        EntityTag("c", weak=True),
        EntityTag("d"),
    )
    assert parse_entity_tags('""') == (EntityTag(""),)
    for malformed in ('"a" "b"', "a", 'w/"a"', '"a', "", ","):
        assert parse_entity_tags(malformed) is None, malformed
    assert str(EntityTag("x", weak=True)) == 'W/"x"'


def test_plain_mappings_are_read_case_insensitively() -> None:
    check_if_match({"If-Match": '"3"'}, '"3"')
    with pytest.raises(Exception, match="changed"):
        check_if_match({"if-match": '"2"'}, '"3"')
    check_if_match({}, '"3"', required=False)
    with pytest.raises(ValueError, match="not an entity tag"):
        check_if_match({"if-match": '"2"'}, "3")
