"""Bearer tokens: random, shown once, stored as a SHA-256 hash, bound to a team.

A token reads ``acc_<id>_<secret>``: the id finds the row, the secret's hash
is compared in constant time. Scopes are ``read``, ``write`` and ``admin``;
an admin token may act for any team.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from accord.core.errors import AccordError, ErrorCode
from accord.services.registry import get_team
from accord.store import Database, Token

SCOPES = ("read", "write", "admin")
PREFIX = "acc_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's id, its team (None for an admin token) and scopes."""

    token_id: str
    team: str | None
    scopes: frozenset[str]

    @property
    def admin(self) -> bool:
        return "admin" in self.scopes

    def allows(self, scope: str) -> bool:
        # admin implies write implies read
        order = {"read": 0, "write": 1, "admin": 2}
        return any(order[s] >= order[scope] for s in self.scopes if s in order)

    def may_act_for(self, team: str) -> bool:
        return self.admin or self.team == team


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is the whole credential, shown once."""

    id: str
    team: str | None
    scopes: tuple[str, ...]
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(s.strip() for s in scopes if s.strip()))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise AccordError(ErrorCode.INVALID_REQUEST,
                          f"unknown scope(s): {', '.join(unknown)}" if unknown else "no scopes",
                          hint=f"scopes are {', '.join(SCOPES)}", details={"field": "scopes"})
    return wanted


def create_token(db: Database, *, team: str | None, scopes: Iterable[str],
                 name: str = "") -> IssuedToken:
    wanted = check_scopes(scopes)
    if team is None and "admin" not in wanted:
        raise AccordError(ErrorCode.INVALID_REQUEST,
                          "a token without a team must be an admin token",
                          hint="pass --team, or the admin scope")
    token_id = secrets.token_hex(8)
    secret = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    with db.write() as session:
        if team is not None:
            get_team(session, team)
        session.add(Token(id=token_id, team_id=team, name=name, scopes=list(wanted),
                          secret_sha256=_hash(secret)))
    return IssuedToken(token_id, team, wanted, secret)


def ensure_admin_token(db: Database, secret: str) -> None:
    """Make ``secret`` (ACCORD_ADMIN_TOKEN) a valid admin credential."""
    if len(secret) < 16:
        raise AccordError(ErrorCode.USAGE, "the admin token is shorter than 16 characters",
                          hint="use a long random value, e.g. python -c 'import secrets; "
                          "print(secrets.token_urlsafe(32))'")
    digest = _hash(secret)
    with db.write() as session:
        found = session.scalar(select(Token).where(Token.secret_sha256 == digest))
        if found is None:
            session.add(Token(id="admin-" + digest[:10], team_id=None, name="bootstrap admin",
                              scopes=["admin"], secret_sha256=digest))


def authenticate(db: Database, secret: str) -> Principal | None:
    """The principal of a presented token, or None if it is unknown, revoked or expired."""
    digest = _hash(secret)
    with db.read() as session:
        row = session.scalar(select(Token).where(Token.secret_sha256 == digest))
    if row is None:
        return None
    now = datetime.now(UTC)
    if row.revoked_at is not None:
        return None
    if row.expires_at is not None and _aware(row.expires_at) <= now:
        return None
    return Principal(row.id, row.team_id, frozenset(row.scopes))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
