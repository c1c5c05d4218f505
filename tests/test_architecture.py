"""The layering of docs/architecture.md, enforced on the import statements."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "accord"

ENTRY = {"cli", "web", "api"}
ENGINES = {"kinds", "compat", "lint", "pact", "mock", "report", "source"}
# What each top-level package may import from accord itself.
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "runtime": {"core", "runtime"},
    "store": {"core", "store"},
    **{engine: {"core"} | ENGINES for engine in ENGINES},
    "services": {"core", "store", "services"} | ENGINES,
    **{entry: {"core", "services", "store", "runtime", entry} | ENGINES for entry in ENTRY},
}
# `accord serve` starts the HTTP API.
ALLOWED["cli"].add("api")
THIRD_PARTY_IN_CORE = {"pydantic", "pydantic_core", "typing_extensions"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else "(root)"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    if layer == "(root)":
        return
    assert layer in ALLOWED, f"{layer}/ is not a layer of docs/architecture.md"
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "accord" and len(parts) > 1:
            target = parts[1]
            if target in {"__version__"}:
                continue
            assert target in ALLOWED[layer], f"{path.name}: {layer}/ must not import {name}"
        elif layer == "core":
            top = parts[0]
            allowed = sys.stdlib_module_names | THIRD_PARTY_IN_CORE | {"accord"}
            assert top in allowed, (
                f"{path.name}: core/ may use only the standard library and pydantic, not {name}"
            )


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "m.py"
    bad.write_text("from accord.cli.app import main\nimport yaml\n")
    assert _imports(bad) == ["accord.cli.app", "yaml"]


def test_shared_code_never_names_a_kind() -> None:
    """Core, compat, report and cli code never branch on a kind's name."""
    for layer in ("core", "compat", "report", "cli"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert node.value.lower() not in {"openapi", "asyncapi", "graphql",
                                                      "protobuf", "jsonschema"}, (
                        f"{path}: kind name {node.value!r} in kind-independent code"
                    )
