"""Which hub the client talks to, with which token, and where ``accord login`` keeps them.

The hub's URL is ``--hub`` (or ``ACCORD_HUB_URL``), else the manifest's
``hub:`` (publish and check), else the hub of the last ``accord login``. The
token is ``--token`` (or ``ACCORD_TOKEN``), else the one stored for exactly
that hub. The file is JSON in the user configuration directory
(``ACCORD_CONFIG_DIR`` overrides it), readable by its owner only::

    {"default": "https://hub.example.com",
     "hubs": {"https://hub.example.com": {"token": "acc_..."}}}
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.core.errors import AccordError, ErrorCode

CONFIG_FILE = "hub.json"


@dataclass(frozen=True)
class Target:
    """A resolved hub: its URL and the token to send (None: none)."""

    url: str
    token: str | None


def config_path() -> Path:
    folder = os.environ.get("ACCORD_CONFIG_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_config_dir("accord")
    return Path(folder) / CONFIG_FILE


def load_config() -> dict[str, Any]:
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"default": None, "hubs": {}}
    except (OSError, ValueError) as exc:
        raise AccordError(ErrorCode.INVALID_CONFIG, f"cannot read {path}: {exc}",
                          hint="remove the file and run `accord login --hub URL` again") from None
    if not isinstance(data, dict) or not isinstance(data.get("hubs", {}), dict):
        raise AccordError(ErrorCode.INVALID_CONFIG, f"{path} is not an accord login file",
                          hint="remove the file and run `accord login --hub URL` again")
    data.setdefault("hubs", {})
    data.setdefault("default", None)
    return data


def save_config(data: dict[str, Any]) -> Path:
    """Write the file atomically, mode 0600 (its directory 0700 when created)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, sort_keys=True)
            out.write("\n")
        temporary.chmod(0o600)  # whatever the umask
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return path


def store_token(url: str, token: str) -> Path:
    data = load_config()
    data["hubs"][url] = {"token": token}
    data["default"] = url
    return save_config(data)


def remove_token(url: str) -> bool:
    """Forget ``url``'s token; False when none was stored."""
    data = load_config()
    if data["hubs"].pop(url, None) is None:
        return False
    if data.get("default") == url:
        data["default"] = next(iter(sorted(data["hubs"])), None)
    save_config(data)
    return True


def resolve(hub: str | None, token: str | None, manifest_hub: str | None = None) -> Target:
    """The hub and token to use; ``hub``/``token`` come from the options (or their
    environment variables)."""
    from accord.cli.hubclient import normalise_url

    config: dict[str, Any] | None = None
    chosen = hub or manifest_hub
    if not chosen:
        config = load_config()
        chosen = config.get("default")
    if not chosen:
        raise AccordError(
            ErrorCode.USAGE, "no hub to talk to",
            hint="pass --hub URL, set ACCORD_HUB_URL, add hub: to accord.yaml, or run "
            "`accord login --hub URL` once")
    url = normalise_url(chosen)
    if token:
        return Target(url, token)
    config = config if config is not None else load_config()
    stored = config["hubs"].get(url)
    return Target(url, stored.get("token") if isinstance(stored, dict) else None)
