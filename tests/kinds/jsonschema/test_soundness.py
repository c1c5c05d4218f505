"""Property tests: when the engine reports nothing dangerous or breaking from a
base to a revision, every instance the base accepts (as the ``jsonschema``
library validates it) is accepted by the revision."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from accord.core.change import Level
from tests.kinds.jsonschema.strategies import diff, mutated, schemas, values

_CHECKER = FormatChecker()


def _validator(schema: Any) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=_CHECKER)


def _instances(data: st.DataObject, schema: Any, count: int) -> list[Any]:
    found = [data.draw(values) for _ in range(count)]
    if len(json.dumps(schema)) > 300:
        return found  # hypothesis-jsonschema's canonical forms grow fast with nesting
    try:
        from hypothesis_jsonschema import from_schema

        strategy = from_schema(schema)
        found += [data.draw(strategy) for _ in range(count // 2)]
    except Exception:  # unsatisfiable or beyond hypothesis-jsonschema: random values only
        pass
    return found


def _check(data: st.DataObject, policy: str) -> None:
    base = data.draw(schemas, label="base")
    revision = data.draw(mutated(base), label="revision")
    changes = diff(base, revision, policy)  # type: ignore[arg-type]
    if any(c.level is not Level.SAFE for c in changes):
        return
    old, new = _validator(base), _validator(revision)
    for instance in _instances(data, base, 12):
        if policy == "lenient" and isinstance(instance, dict):
            continue  # lenient: writers' undeclared properties are assumed away
        if old.is_valid(instance):
            assert new.is_valid(instance), (base, revision, instance,
                                             [c.message for c in changes])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(st.data())
def test_no_breaking_change_means_the_revision_accepts_every_base_instance(
        data: st.DataObject) -> None:
    _check(data, "strict")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_identical_schemas_report_nothing(data: st.DataObject) -> None:
    schema = data.draw(schemas)
    assert diff(schema, schema) == []
