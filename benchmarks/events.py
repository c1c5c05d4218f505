"""The event-schema case: a 500-property JSON Schema checked against 100 earlier versions.

An ``OrderEvent`` schema has 500 typed properties (strings with lengths, formats
and patterns, bounded numbers, enums, nested objects, arrays) in a closed content
model. Versions 1 to 100 evolve it the way a FULL_TRANSITIVE subject allows:
descriptions and examples change, definitions move into ``$defs`` behind a
``$ref``. Version 101, the one checked, also adds an optional property: readers
of every earlier version reject it, so the check reports 100 incompatible
versions (one violation each), after comparing 200 pairs of 500 properties.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cases import Context

GENERATOR_VERSION = 2
VERSIONS = 101
PROPERTIES = 500


def history(ctx: Context) -> list[Path]:
    return [ctx.cache / "events" / f"order-event-{i}.json" for i in range(1, VERSIONS + 1)]


def _property(rng: random.Random, index: int) -> dict[str, Any]:
    kind = index % 8
    text = f"Field {index} of the order event."
    if kind == 0:
        return {"type": "string", "maxLength": rng.choice([36, 64, 255]), "description": text}
    if kind == 1:
        return {"type": "integer", "minimum": 0, "maximum": 10 ** rng.randint(3, 9),
                "description": text}
    if kind == 2:
        return {"type": "number", "minimum": 0, "description": text}
    if kind == 3:
        return {"type": "string", "format": rng.choice(["date-time", "email", "uuid"]),
                "description": text}
    if kind == 4:
        return {"enum": [f"state_{j}" for j in range(rng.randint(2, 6))], "description": text}
    if kind == 5:
        return {"type": "boolean", "description": text}
    if kind == 6:
        return {"type": "array", "items": {"type": "string", "maxLength": 40},
                "maxItems": 50, "description": text}
    return {"type": "object", "additionalProperties": False, "description": text,
            "properties": {"id": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{6}$"},
                           "amount": {"type": "integer", "minimum": 0}},
            "required": ["id"]}


def _document(version: int) -> dict[str, Any]:
    # The same seed each time: every version starts from the same properties.
    rng = random.Random(7)
    props = {f"field_{i:03d}": _property(rng, i) for i in range(PROPERTIES)}
    defs: dict[str, Any] = {}
    for step in range(1, version + 1):
        edited = props[f"field_{(step * 37) % PROPERTIES:03d}"]
        edited["description"] = f"Edited in version {step}."
        if step % 10 == 0:  # a refactoring: the schema moves into $defs
            name = f"field_{(step * 53) % PROPERTIES:03d}"
            if "$ref" not in props[name]:
                defs[f"Def{step}"] = props[name]
                props[name] = {"$ref": f"#/$defs/Def{step}"}
        if step % 7 == 0:
            props[f"field_{(step * 11) % PROPERTIES:03d}"].setdefault("examples", [])
    if version == VERSIONS:
        props["gift_message"] = {"type": "string", "maxLength": 200,
                                 "description": "Added in the version checked."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.com/schemas/order-event",
        "version": f"1.{version - 1}.0",
        "title": "OrderEvent",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
        "required": [f"field_{i:03d}" for i in range(0, 50)],
        "$defs": defs,
    }


def generate(ctx: Context) -> None:
    """Write the 101 versions, unless an up-to-date set exists."""
    paths = history(ctx)
    out = paths[0].parent
    stamp = out / "stamp.json"
    expected = {"generator": GENERATOR_VERSION,
                "source": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    if stamp.is_file() and json.loads(stamp.read_text()) == expected and all(
            p.is_file() for p in paths):
        return
    out.mkdir(parents=True, exist_ok=True)
    for version, path in enumerate(paths, start=1):
        document = _document(version)
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    stamp.write_text(json.dumps(expected))


def argv(ctx: Context) -> list[str]:
    return [*ctx.accord_argv(), "diff", *map(str, history(ctx)), "--kind", "jsonschema",
            "--mode", "FULL_TRANSITIVE", "--format", "json"]
