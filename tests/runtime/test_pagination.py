from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel

from accord.runtime.pagination import (
    Page,
    PageParams,
    decode_cursor,
    encode_cursor,
    page,
    page_params,
)
from accord.runtime.problems import Problem, install_problem_handlers
from tests.runtime.support import client_for, problem

pytestmark = pytest.mark.anyio


class Item(BaseModel):
    id: str
    team: str


# Sorted by team then id; several items share a team, so the id breaks ties.
TEAMS = ["billing", "search", "billing", "auth", "search", "billing", "auth", "core"]
ROWS = [(f"IF-{n:03d}", team) for n, team in enumerate(TEAMS)]
# Module level: FastAPI resolves the Annotated string in this module's namespace.
PAGINATION = page_params(default_limit=3, max_limit=5, arity=2)


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE TABLE interface (id TEXT PRIMARY KEY, team TEXT NOT NULL)")
    connection.executemany("INSERT INTO interface VALUES (?, ?)", ROWS)
    yield connection
    connection.close()


def make_app(db: sqlite3.Connection) -> FastAPI:
    """A list endpoint the way a SQL service writes one: limit + 1 rows after the cursor."""
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/v1/interfaces", response_model=Page[Item])
    def listing(params: Annotated[PageParams, Depends(PAGINATION)]) -> object:
        where, args = (
            ("", ()) if params.after is None else ("WHERE (team, id) > (?, ?)", params.after)
        )
        rows = db.execute(
            f"SELECT id, team FROM interface {where} ORDER BY team, id LIMIT ?",
            (*args, params.fetch),
        ).fetchall()
        items = [Item(id=row[0], team=row[1]) for row in rows]
        return page(items, params.limit, key=lambda item: (item.team, item.id))

    return app


async def test_following_next_cursor_visits_every_item_once_in_order(
    db: sqlite3.Connection,
) -> None:
    seen: list[str] = []
    pages = 0
    async with client_for(make_app(db)) as client:
        url: str | None = "/v1/interfaces"
        while url:
            body = (await client.get(url)).json()
            pages += 1
            assert len(body["data"]) <= 3
            seen += [item["id"] for item in body["data"]]
            cursor = body["page"]["next_cursor"]
            assert body["page"]["has_more"] is (cursor is not None)
            url = f"/v1/interfaces?after={cursor}" if cursor else None
    expected = [id_ for id_, team in sorted(ROWS, key=lambda r: (r[1], r[0]))]
    assert seen == expected
    assert pages == 3


async def test_an_exact_last_page_says_no_more(db: sqlite3.Connection) -> None:
    async with client_for(make_app(db)) as client:
        body = (await client.get("/v1/interfaces", params={"limit": 4})).json()
        rest = await client.get(f"/v1/interfaces?limit=4&after={body['page']['next_cursor']}")
    assert rest.json()["page"] == {"next_cursor": None, "has_more": False}
    assert len(rest.json()["data"]) == 4


@pytest.mark.parametrize("limit", ["0", "6", "-1", "ten"])
async def test_limit_outside_its_bounds_is_a_field_error(
    db: sqlite3.Connection, limit: str
) -> None:
    async with client_for(make_app(db)) as client:
        response = await client.get("/v1/interfaces", params={"limit": limit})
    [field] = problem(response, 422, "VALIDATION_FAILED")["fields"]
    assert field["pointer"] == "/query/limit"


@pytest.mark.parametrize(
    "after",
    [
        "not a cursor!",
        "%%%",
        encode_cursor(["billing"]),  # another list's shape
        base64.urlsafe_b64encode(b'{"team": "billing"}').decode().rstrip("="),
        base64.urlsafe_b64encode(b"[[1], 2]").decode().rstrip("="),
        base64.urlsafe_b64encode(b"[NaN, 1]").decode().rstrip("="),
        base64.urlsafe_b64encode(b"\xff\xfe").decode().rstrip("="),
        "A" * 1025,
    ],
)
async def test_a_tampered_cursor_is_invalid(db: sqlite3.Connection, after: str) -> None:
    async with client_for(make_app(db)) as client:
        response = await client.get("/v1/interfaces", params={"after": after})
    if len(after) > 1024:
        assert response.status_code == 422  # the query parameter's own bound
        return
    [field] = problem(response, 400, "INVALID_CURSOR")["fields"]
    assert field["pointer"] == "/query/after"


async def test_the_openapi_document_states_the_bounds(db: sqlite3.Connection) -> None:
    async with client_for(make_app(db)) as client:
        document = (await client.get("/openapi.json")).json()
    parameters = {p["name"]: p for p in document["paths"]["/v1/interfaces"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 5
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["limit"]["schema"]["default"] == 3
    assert parameters["after"]["required"] is False


def test_cursor_round_trip_is_compact_urlsafe_json() -> None:
    key = ("billing", "IF-007", 3, 1.5, None, True, "caf\u00e9/?")
    cursor = encode_cursor(key)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_cursor(cursor, arity=7) == key
    padded = cursor + "=" * (-len(cursor) % 4)
    assert json.loads(base64.urlsafe_b64decode(padded)) == list(key)


def test_signed_cursors_refuse_forgery() -> None:
    secret = b"k" * 32
    cursor = encode_cursor(["billing", "IF-002"], secret=secret)
    assert decode_cursor(cursor, secret=secret) == ("billing", "IF-002")
    forged = encode_cursor(["billing", "IF-999"]) + "." + cursor.partition(".")[2]
    for bad in (forged, encode_cursor(["billing", "IF-002"]), cursor + "x"):
        with pytest.raises(Problem) as raised:
            decode_cursor(bad, secret=secret)
        assert raised.value.code == "INVALID_CURSOR"


def test_page_without_a_next_page() -> None:
    assert page([1, 2], 3, key=lambda n: (n,)) == {
        "data": [1, 2],
        "page": {"next_cursor": None, "has_more": False},
    }
    body = page([1, 2, 3, 4], 3, key=lambda n: (n,))
    assert body["data"] == [1, 2, 3]
    assert body["page"]["next_cursor"] is not None
    assert decode_cursor(body["page"]["next_cursor"]) == (3,)


def test_page_params_defaults() -> None:
    assert PageParams(limit=50).fetch == 51
    with pytest.raises(ValueError):
        page_params(default_limit=300)
    page_params(max_limit=10)  # the default limit follows a smaller maximum
