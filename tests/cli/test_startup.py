"""What a command loads: each command imports only the code it runs.

Start-up is most of a small run's wall time, so the command modules import
their dependencies inside the command bodies and packages export lazily.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Loading any of these costs tens of milliseconds and none is needed to lint to JSON.
HEAVY = ("pydantic", "accord.compat.report", "accord.report.junit", "accord.report.text",
         "accord.lint.custom", "jsonpath", "rich.table", "multiprocessing",
         # The hub's client: loaded by the commands that talk to a hub, only.
         "httpx", "accord.cli.hubclient", "accord.cli.hubreport")


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    last = done.stderr.strip().splitlines()[-1]
    return set(json.loads(last))


def test_importing_the_app_loads_no_command_internals() -> None:
    loaded = _modules_after("import accord.cli.app")
    assert "accord.cli.app" in loaded
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}
    assert "accord.kinds.openapi" not in loaded


def test_lint_to_json_loads_neither_diff_nor_other_formats() -> None:
    spec = EXAMPLES / "openapi" / "orders-v1.2.yaml"
    assert spec.exists()
    loaded = _modules_after(
        "from accord.cli.app import main\n"
        f"sys.argv = ['accord', 'lint', {str(spec)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "accord.kinds.openapi.lint" in loaded  # the run did lint
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}
