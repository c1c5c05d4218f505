"""``/v1/tokens``: admins mint, read and revoke the hub's bearer tokens.

A new token's secret is in the 201 answer only (``Cache-Control: no-store``);
the hub keeps its SHA-256. Token creation takes no ``Idempotency-Key``: a
replay would have to store the secret, and a retried creation costs one extra
token, which an admin revokes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field

from accord.api.deps import admin, hub
from accord.api.schemas import Body
from accord.services.publish import Hub
from accord.services.tokens import Principal, create_token, get_token, revoke_token
from accord.store import Token

router = APIRouter(prefix="/v1", tags=["tokens"])

HubDep = Annotated[Hub, Depends(hub)]
Admin = Annotated[Principal, Depends(admin)]
TokenId = Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
Scope = Literal["read", "write", "admin"]


class TokenIn(Body):
    team: str | None = Field(None, pattern=r"^[a-z][a-z0-9-]{1,62}$", max_length=63,
                             description="The team it acts for; none for an admin token.")
    scopes: list[Scope] = Field(min_length=1, max_length=3, examples=[["read", "write"]])
    name: str = Field("", max_length=200, description="What the token is for.")


class TokenOut(BaseModel):
    id: str
    team: str | None
    scopes: list[str]
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class IssuedTokenOut(TokenOut):
    token: str = Field(description="The whole credential, shown in this answer only.")


_NO_STORE = {"Cache-Control": "no-store"}
_NOT_IDEMPOTENT = {"x-accord-ignore": [{
    "rule": "post-idempotency-key",
    "reason": "a replay would have to store the new secret; a retried creation makes one "
    "more token, which an admin revokes"}]}


@router.post("/tokens", status_code=201, response_model=IssuedTokenOut,
             openapi_extra=_NOT_IDEMPOTENT)
def create(body: TokenIn, response: Response, the_hub: HubDep, _: Admin) -> IssuedTokenOut:
    """Mint a token for a team (admin). Its secret is shown in this answer only."""
    issued = create_token(the_hub.db, team=body.team, scopes=body.scopes, name=body.name)
    with the_hub.db.read() as session:
        row = get_token(session, issued.id)
        out = IssuedTokenOut(**_view(row).model_dump(), token=issued.secret)
    response.headers.update(_NO_STORE)
    response.headers["Location"] = f"/v1/tokens/{issued.id}"
    return out


@router.get("/tokens/{token_id}", response_model=TokenOut)
def read(token_id: TokenId, the_hub: HubDep, _: Admin) -> TokenOut:
    """A token's metadata (never its secret)."""
    with the_hub.db.read() as session:
        return _view(get_token(session, token_id))


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def revoke(token_id: TokenId, the_hub: HubDep, _: Admin) -> Response:
    """Revoke a token, and the access tokens minted from it through /oauth/token. This
    replica stops accepting it at once, others within 5 seconds."""
    revoke_token(the_hub.db, token_id)
    return Response(status_code=204)


def _view(row: Token) -> TokenOut:
    return TokenOut(id=row.id, team=row.team_id, scopes=list(row.scopes), name=row.name,
                    created_at=row.created_at, expires_at=row.expires_at,
                    revoked_at=row.revoked_at)
