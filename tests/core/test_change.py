from __future__ import annotations

from accord.core import Bump, Change, Direction, Level, Location


def _change(level: Level, addition: bool = False) -> Change:
    return Change("r", level, Direction.REQUEST, "m", "h", Location("/x", "f.yaml", 3, 5),
                  operation="GET /x", addition=addition)


def test_levels_are_ordered() -> None:
    assert Level.BREAKING.at_least(Level.DANGEROUS)
    assert Level.DANGEROUS.at_least(Level.DANGEROUS)
    assert not Level.SAFE.at_least(Level.DANGEROUS)


def test_bump_follows_level_and_addition() -> None:
    assert _change(Level.BREAKING).bump is Bump.MAJOR
    assert _change(Level.BREAKING, addition=True).bump is Bump.MAJOR
    assert _change(Level.SAFE, addition=True).bump is Bump.MINOR
    assert _change(Level.DANGEROUS, addition=True).bump is Bump.MINOR
    assert _change(Level.DANGEROUS).bump is Bump.PATCH


def test_change_json_shape() -> None:
    data = _change(Level.DANGEROUS).to_dict()
    assert data == {
        "id": "r",
        "level": "dangerous",
        "direction": "request",
        "operation": "GET /x",
        "operations": ["GET /x"],
        "location": {"pointer": "/x", "file": "f.yaml", "line": 3, "column": 5},
        "message": "m",
        "hint": "h",
    }


def test_location_text() -> None:
    assert str(Location("/paths", "a.yaml", 4, 2)) == "a.yaml:4:2 (/paths)"
    assert str(Location("", "a.yaml")) == "a.yaml"


def test_a_shared_change_affects_every_operation() -> None:
    shared = Change("r", Level.SAFE, Direction.RESPONSE, "m", "h", Location(),
                    operation="GET /a", operations=("GET /a", "POST /b"))
    assert shared.affects == ("GET /a", "POST /b")
    assert shared.to_dict()["operations"] == ["GET /a", "POST /b"]
    whole = Change("r", Level.SAFE, Direction.BOTH, "m", "h", Location())
    assert whole.affects == () and whole.to_dict()["operations"] == []
