"""accord login/logout, and which hub and token a command uses."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest

from tests.cli.hub.conftest import EXAMPLES, LiveHub, Run


@pytest.fixture
def live_hub(shared_hub: LiveHub) -> LiveHub:
    """These tests change only their own configuration directory, not the hub."""
    return shared_hub


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_login_checks_and_stores_the_token_privately(live_hub: LiveHub, accord: Run,
                                                     config_dir: Path) -> None:
    done = accord("login", "--hub", live_hub.url + "/", "--token", live_hub.payments)
    assert done.exit_code == 0, done.stderr
    assert f"logged in to {live_hub.url}" in done.stdout
    assert live_hub.payments not in done.stdout + done.stderr
    path = config_dir / "hub.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {
        "default": live_hub.url, "hubs": {live_hub.url: {"token": live_hub.payments}}}
    # Later commands need neither --hub nor --token.
    listed = accord("interfaces", "list", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert listed.json() == {"data": []}


def test_login_prompts_for_the_token_without_echo(live_hub: LiveHub, accord: Run) -> None:
    done = accord("login", "--hub", live_hub.url, input=live_hub.checkout + "\n")
    assert done.exit_code == 0, done.stderr
    assert live_hub.checkout not in done.stdout + done.stderr
    assert "token for" in done.stderr


def test_a_bad_token_is_refused_and_not_stored(live_hub: LiveHub, accord: Run,
                                               config_dir: Path) -> None:
    done = accord("login", "--hub", live_hub.url, "--token", "acc_nope_wrong")
    assert done.exit_code == 2
    assert "refused the token" in done.stderr
    assert "nothing was stored" in done.stderr
    assert "acc_nope_wrong" not in done.stdout + done.stderr
    assert not (config_dir / "hub.json").exists()


def test_logout_forgets_the_token(live_hub: LiveHub, accord: Run, config_dir: Path) -> None:
    assert accord("login", "--hub", live_hub.url, "--token", live_hub.payments).exit_code == 0
    out = accord("logout", "--format", "json")
    assert out.exit_code == 0
    assert out.json() == {"hub": live_hub.url, "logged_out": True}
    assert json.loads((config_dir / "hub.json").read_text())["hubs"] == {}
    again = accord("logout", "--hub", live_hub.url)
    assert again.stdout == f"no token stored for {live_hub.url}\n"
    # Without a token the hub says 401; the client says how to log in.
    denied = accord("interfaces", "list", "--hub", live_hub.url)
    assert denied.exit_code == 2
    assert "UNAUTHENTICATED" in denied.stderr
    assert "accord login" in denied.stderr
    assert "request id" in denied.stderr


def test_options_beat_the_environment_which_beats_the_login(live_hub: LiveHub,
                                                            accord: Run) -> None:
    assert accord("login", "--hub", live_hub.url, "--token", live_hub.payments).exit_code == 0
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    by_env = accord("interfaces", "list", env={"ACCORD_HUB_URL": nowhere})
    assert by_env.exit_code == 2
    assert f"cannot reach the hub at {nowhere}" in by_env.stderr
    by_flag = accord("interfaces", "list", "--hub", live_hub.url,
                     env={"ACCORD_HUB_URL": nowhere})
    assert by_flag.exit_code == 0, by_flag.stderr
    # The token: --token, then ACCORD_TOKEN, then the stored one.
    assert accord("interfaces", "list", env={"ACCORD_TOKEN": "acc_x_bad"}).exit_code == 2
    assert accord("interfaces", "list", "--token", "acc_x_bad").exit_code == 2
    assert accord("interfaces", "list", "--token", live_hub.reader,
                  env={"ACCORD_TOKEN": "acc_x_bad"}).exit_code == 0


def test_a_stored_token_goes_only_to_its_own_hub(live_hub: LiveHub, accord: Run) -> None:
    assert accord("login", "--hub", live_hub.url, "--token", live_hub.payments).exit_code == 0
    # The same server under another name is another hub: no token is sent to it.
    other = live_hub.url.replace("127.0.0.1", "localhost")
    denied = accord("interfaces", "list", "--hub", other)
    assert denied.exit_code == 2
    assert "UNAUTHENTICATED" in denied.stderr


def test_the_manifests_hub_comes_after_the_environment(live_hub: LiveHub, accord: Run,
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "svc"
    folder.mkdir()
    source = EXAMPLES / "hub" / "ledger"
    (folder / "openapi").mkdir()
    (folder / "openapi" / "ledger-v1.0.0.yaml").write_text(
        (source / "openapi" / "ledger-v1.0.0.yaml").read_text())
    text = (source / "accord.yaml").read_text().replace("https://hub.example.com", live_hub.url)
    (folder / "accord.yaml").write_text(text)
    manifest = folder / "accord.yaml"
    used = accord("check", "--manifest", manifest, "--token", live_hub.finance)
    assert used.exit_code == 0, used.stderr
    assert "new interface" in used.stdout
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    overridden = accord("check", "--manifest", manifest, "--token", live_hub.finance,
                        env={"ACCORD_HUB_URL": nowhere})
    assert overridden.exit_code == 2
    assert nowhere in overridden.stderr


def test_an_unreachable_hub_is_exit_2_with_a_hint(accord: Run) -> None:
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    done = accord("interfaces", "show", "IF-001", "--hub", nowhere, "--token", "t")
    assert done.exit_code == 2
    assert f"cannot reach the hub at {nowhere}" in done.stderr
    assert "hint:" in done.stderr
    assert "Traceback" not in done.stderr
    as_json = accord("versions", "IF-001", "--hub", nowhere, "--format", "json")
    assert as_json.exit_code == 2
    assert as_json.json()["error"]["code"] == "HUB_UNREACHABLE"


def test_no_hub_at_all_says_how_to_name_one(accord: Run, tmp_path: Path,
                                            monkeypatch: object) -> None:
    import os

    os.chdir(tmp_path)  # no accord.yaml here
    done = accord("interfaces", "list")
    assert done.exit_code == 2
    assert "no hub to talk to" in done.stderr
    assert "accord login" in done.stderr
