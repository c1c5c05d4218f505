"""accord token create|revoke through a hub's API (with an admin token) and on the
database."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.hub.conftest import LiveHub, Run


def test_tokens_are_minted_and_revoked_through_the_api(live_hub: LiveHub, accord: Run) -> None:
    made = accord("token", "create", "--team", "orders", "--scopes", "read",
                  "--hub", live_hub.url, "--token", live_hub.admin, "--format", "json")
    assert made.exit_code == 0, made.stderr
    issued = made.json()
    assert issued["team"] == "orders" and issued["scopes"] == ["read"]
    listed = accord("interfaces", "list", "--hub", live_hub.url, "--token", issued["token"])
    assert listed.exit_code == 0, listed.stderr

    gone = accord("token", "revoke", issued["id"], "--hub", live_hub.url,
                  "--token", live_hub.admin)
    assert gone.exit_code == 0, gone.stderr
    assert f"token {issued['id']} is revoked" in gone.stdout
    refused = accord("interfaces", "list", "--hub", live_hub.url, "--token", issued["token"])
    assert refused.exit_code == 2
    assert "UNAUTHENTICATED" in refused.stderr


def test_a_team_token_cannot_mint_tokens(live_hub: LiveHub, accord: Run) -> None:
    refused = accord("token", "create", "--team", "orders", "--hub", live_hub.url,
                     "--token", live_hub.orders)
    assert refused.exit_code == 2
    assert "FORBIDDEN" in refused.stderr
    assert live_hub.orders not in refused.stderr + refused.stdout


def test_revoking_on_the_database(tmp_path: Path, accord: Run) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    from accord.services import registry
    from accord.store import Database

    db = Database(url)
    db.upgrade()
    registry.create_team(db, "orders", "Orders")
    made = json.loads(accord("token", "create", "--team", "orders", "--database-url", url,
                             "--format", "json").stdout)
    done = accord("token", "revoke", made["id"], "--database-url", url, "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert done.json() == {"id": made["id"], "revoked": True}
    from accord.services.tokens import authenticate

    assert authenticate(Database(url), made["token"]) is None
    missing = accord("token", "revoke", "nope", "--database-url", url)
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr
    db.dispose()
