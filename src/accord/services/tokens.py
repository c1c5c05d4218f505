"""Bearer tokens: random, shown once, stored as a SHA-256 hash, bound to a team.

A token reads ``acc_<id>_<secret>``: the id finds the row, the secret's hash
is compared in constant time. Scopes are ``read``, ``write`` and ``admin``;
an admin token may act for any team.

OAuth2 client credentials (RFC 6749 §4.4): a token is also a client, its id the
``client_id`` and the whole token the ``client_secret``;
:func:`issue_access_token` mints a short-lived *child* token (``parent_id`` set,
same team, the client's scopes or fewer) that is valid only while its parent
is.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.core.errors import AccordError, ErrorCode
from accord.services.registry import get_team
from accord.services.token_cache import recent_tokens
from accord.store import Database, Token

SCOPES = ("read", "write", "admin")
PREFIX = "acc_"
#: How long an access token from the client-credentials grant lives by default.
ACCESS_TOKEN_TTL = timedelta(hours=1)
# A child's parent is a client credential, which has no parent itself.
_MAX_CHAIN = 4


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


def get_token(session: Session, token_id: str) -> Token:
    row = session.get(Token, token_id)
    if row is None:
        raise AccordError(ErrorCode.NOT_FOUND, f"token {token_id!r} does not exist",
                          hint="a token's id is the part after acc_ (acc_<id>_<secret>)")
    return row


def revoke_token(db: Database, token_id: str) -> Token:
    """Revoke a token (and with it the access tokens minted from it); revoking a
    revoked token changes nothing."""
    with db.write() as session:
        row = get_token(session, token_id)
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
        session.flush()
        session.expunge(row)
        return row


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
    """The principal of a presented token, or None if it is unknown, revoked or expired.

    A success is remembered for a few seconds (``token_cache``): a revocation
    takes effect within ``token_cache.TTL_SECONDS``, an expiry at once.
    """
    digest = _hash(secret)
    recent = recent_tokens(db)
    remembered = recent.get(digest)
    if isinstance(remembered, Principal):
        return remembered
    with db.read() as session:
        row = session.scalar(select(Token).where(Token.secret_sha256 == digest))
        if row is None or not _live(session, row, datetime.now(UTC)):
            return None
    principal = Principal(row.id, row.team_id, frozenset(row.scopes))
    recent.put(digest, principal, _aware(row.expires_at) if row.expires_at else None)
    return principal


def _live(session: Session, row: Token, now: datetime) -> bool:
    """Neither revoked nor expired, and so is every parent (a child dies with its client)."""
    for _ in range(_MAX_CHAIN):
        if row.revoked_at is not None:
            return False
        if row.expires_at is not None and _aware(row.expires_at) <= now:
            return False
        if row.parent_id is None:
            return True
        parent = session.get(Token, row.parent_id)
        if parent is None:
            return False
        row = parent
    return False


@dataclass(frozen=True)
class AccessToken:
    """A token minted by the client-credentials grant, and when it expires."""

    token: IssuedToken
    expires_at: datetime


def issue_access_token(db: Database, *, client_id: str, client_secret: str,
                       scope: str | None = None,
                       ttl: timedelta = ACCESS_TOKEN_TTL) -> AccessToken:
    """The client-credentials grant: a child of the client's token.

    The client is a hub token: ``client_id`` its id, ``client_secret`` the whole
    token. ``scope`` (space-separated) narrows the child's scopes; each must be
    held or implied by the client's (admin > write > read). The child expires
    after ``ttl``, or with its client if that comes first. Errors carry the
    ``OAUTH_*`` codes of RFC 6749 §5.2.
    """
    if ttl <= timedelta(0):
        raise ValueError("an access token's lifetime must be positive")
    digest = _hash(client_secret)
    now = datetime.now(UTC)
    with db.write() as session:
        client = session.get(Token, client_id)
        # Compared in constant time, against a dummy when there is no such client.
        stored = client.secret_sha256 if client is not None else _hash(client_id + "!")
        if client is None or not hmac.compare_digest(stored, digest):
            raise AccordError(ErrorCode.OAUTH_INVALID_CLIENT, "client authentication failed",
                              hint="client_id is the token's id, client_secret the whole "
                              "token (acc_<id>_<secret>)")
        if client.parent_id is not None:
            raise AccordError(ErrorCode.OAUTH_UNAUTHORIZED_CLIENT,
                              "an access token cannot act as a client",
                              hint="authenticate with the long-lived token it was minted from")
        if not _live(session, client, now):
            raise AccordError(ErrorCode.OAUTH_INVALID_GRANT,
                              "the client's token is revoked or expired",
                              hint="create a new token with accord token create")
        scopes = _granted_scopes(client, scope)
        expires = now + ttl
        if client.expires_at is not None:
            expires = min(expires, _aware(client.expires_at))
        token_id = secrets.token_hex(8)
        secret = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        session.add(Token(id=token_id, team_id=client.team_id, name="oauth2 access token",
                          scopes=list(scopes), secret_sha256=_hash(secret), created_at=now,
                          expires_at=expires, parent_id=client.id))
    return AccessToken(IssuedToken(token_id, client.team_id, scopes, secret), expires)


def _granted_scopes(client: Token, requested: str | None) -> tuple[str, ...]:
    held = Principal(client.id, client.team_id, frozenset(client.scopes))
    if requested is None or not requested.strip():
        return tuple(s for s in SCOPES if s in held.scopes)
    wanted = tuple(dict.fromkeys(requested.split()))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise AccordError(ErrorCode.OAUTH_INVALID_SCOPE,
                          f"unknown scope(s): {', '.join(unknown)}",
                          hint=f"scopes are {', '.join(SCOPES)}, separated by spaces")
    beyond = [s for s in wanted if not held.allows(s)]
    if beyond:
        raise AccordError(ErrorCode.OAUTH_INVALID_SCOPE,
                          f"the client does not hold the scope(s) {', '.join(beyond)}",
                          hint=f"ask for some of: {', '.join(sorted(held.scopes))} "
                          "(admin implies write, write implies read)")
    if client.team_id is None and "admin" not in wanted:
        raise AccordError(ErrorCode.OAUTH_INVALID_SCOPE,
                          "a client without a team mints admin tokens only",
                          hint="ask for the admin scope, or use a token bound to a team")
    return wanted


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
