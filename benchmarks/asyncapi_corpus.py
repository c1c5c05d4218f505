"""Lint and diff every shared AsyncAPI example in one process (the ``asyncapi-corpus`` case).

Lints each AsyncAPI document of the corpus (``accord:recommended``), and diffs each
AsyncAPI 2.6 example against its 3.0 translation and each document against itself;
prints one JSON object with the counts. Usage: ``python asyncapi_corpus.py CORPUS_DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def documents(root: Path) -> list[Path]:
    """The files with an ``asyncapi`` key (the others are fragments they reference)."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml")
                  and any(line.startswith("asyncapi:")
                          for line in p.read_text(encoding="utf-8").splitlines()))


def twin(root: Path, path: Path) -> Path | None:
    """The 3.0 translation of a 2.6 example (``x.yml`` -> ``x-asyncapi.yml``)."""
    try:
        rel = path.relative_to(root / "v2.6.0" / "examples")
    except ValueError:
        return None
    name = rel.name if rel.parent != Path() else rel.name.replace(".yml", "-asyncapi.yml")
    found = root / "v3.0.0" / "examples" / rel.parent / name
    return found if found.is_file() else None


def main(root: Path) -> dict[str, int]:
    from accord.kinds import load_kinds
    from accord.kinds.protocol import DiffOptions, load_for_lint
    from accord.lint import LintRun, lint

    kind = load_kinds()["asyncapi"]
    rules = kind.lint_rules()
    options = DiffOptions()
    found = documents(root)
    findings = diffs = changes = 0
    loaded = {}
    for path in found:
        findings += len(lint(load_for_lint(kind, path), rules, LintRun()).findings)
        loaded[path] = kind.load(path)
    for path, contract in loaded.items():
        pairs = [(contract, contract)]
        other = twin(root, path)
        if other is not None:
            pairs.append((contract, loaded[other]))
        for base, revision in pairs:
            changes += len(kind.diff(base, revision, options))
            diffs += 1
    return {"documents": len(found), "findings": findings, "diffs": diffs, "changes": changes}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(Path(sys.argv[1]))) + "\n")
