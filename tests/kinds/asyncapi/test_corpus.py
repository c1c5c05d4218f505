"""The official AsyncAPI examples (``../shared/corpora/asyncapi``): every document
loads and lints without an input error, and each 2.6 example diffed against its 3.0
translation shows the 2.x roles mapped correctly (``subscribe`` is ``send``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from accord.core.change import Level
from accord.kinds.asyncapi.model import AsyncAPIModel
from accord.kinds.protocol import DiffOptions
from accord.lint import RECOMMENDED, LintRun, lint
from tests.kinds.asyncapi.support import CORPUS, KIND, corpus_documents

DOCUMENTS = corpus_documents()
pytestmark = pytest.mark.skipif(not DOCUMENTS, reason="shared corpora not available")


def _v3_twin(path: Path) -> Path | None:
    """The 3.0 translation of a 2.6 example (``x.yml`` -> ``x-asyncapi.yml``)."""
    rel = path.relative_to(CORPUS / "v2.6.0" / "examples")
    name = rel.name if rel.parent != Path() else rel.name.replace(".yml", "-asyncapi.yml")
    twin = CORPUS / "v3.0.0" / "examples" / rel.parent / name
    return twin if twin.is_file() else None


PAIRS = [(p, twin) for p in DOCUMENTS if "v2.6.0" in p.parts and (twin := _v3_twin(p))]


def test_the_corpus_is_all_there() -> None:
    assert len(DOCUMENTS) == 45
    assert len(PAIRS) == 21


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_document_loads_and_lints(path: Path) -> None:
    strict = KIND.load(path)
    lenient = KIND.load_lenient(path)
    assert isinstance(lenient.model, AsyncAPIModel) and lenient.model.problems == ()
    assert isinstance(strict.model, AsyncAPIModel) and strict.model.operations
    report = lint(lenient, KIND.lint_rules(), LintRun(ruleset=RECOMMENDED))
    assert not [f for f in report.findings if f.rule == "asyncapi-structure"]
    assert KIND.diff(strict, strict, DiffOptions()) == []


def test_every_fragment_is_read_through_a_document() -> None:
    """The shared files of the social-media example (messages, schemas, servers,
    parameters) are not documents of their own; the documents load them."""
    fragments = {p.resolve() for p in CORPUS.rglob("*.yaml") if p not in DOCUMENTS}
    loaded = {doc.path for path in DOCUMENTS
              for doc in KIND.load(path).model.workspace.documents()}
    assert fragments and fragments <= loaded


def _roles(model: AsyncAPIModel) -> Counter[tuple[str, str | None]]:
    return Counter((op.action, op.channel.address) for op in model.operations.values())


@pytest.mark.parametrize(("v2", "v3"), PAIRS, ids=lambda p: p.name)
def test_v2_roles_match_their_v3_translation(v2: Path, v3: Path) -> None:
    old, new = KIND.load(v2).model, KIND.load(v3).model
    assert _roles(old) == _roles(new)


#: What the migration 2.6 -> 3.0 of the official examples changes; every one of these
#: is a real difference between the two example files (HTTP binding 0.1 -> 0.3, a
#: header moved from an operation binding into the message's headers, where it
#: narrows what the application sends, the RPC examples' 2.6 amqp message binding not
#: carried over), none is breaking.
MIGRATION = {
    "gitter-streaming.yml": ["binding-changed"] * 6,
    "operation-security.yml": ["binding-changed", "binding-changed",
                               "sent-schema-property-added-to-open-model"],
    "rpc-client.yml": ["binding-removed"],
    "rpc-server.yml": ["binding-removed"],
}


@pytest.mark.parametrize(("v2", "v3"), PAIRS, ids=lambda p: p.name)
def test_migrating_an_example_to_3_0_breaks_nothing(v2: Path, v3: Path) -> None:
    changes = KIND.diff(KIND.load(v2), KIND.load(v3), DiffOptions())
    assert not [c for c in changes if c.level is Level.BREAKING]
    expected = MIGRATION.get(v2.name, []) if v2.parent.name == "examples" else []
    assert sorted(c.rule for c in changes) == sorted(expected)


#: Findings of the recommended ruleset over the 45 documents (192 messages; a fragment
#: shared by several social-media documents is linted with each). Samples of every rule
#: were opened at their file:line and judged true:
#:
#: - examples-valid: Adeo's RequesterCode example is the number 1 for a string schema;
#:   Kraken's subscriptionStatus examples use a status ('unsubscribed', 'error') and a
#:   pair ('XBT/EUR', not an array) that its schema does not allow.
#: - payload-typed: Slack's fileComment*.comment and Gitter's meta items are {}.
#: - updated-event-says-what-changed: Slack's *Changed events and social-media's
#:   commentChanged carry the new state only.
#: - event-name-past-tense: commands written as events (turnOnOff, dimLight,
#:   likeComment, updateCommentLikes), nouns (book, marketData, chatMessage) and Slack's
#:   channelRename / groupClose; memberJoinedChannel and UserSignedUp pass.
#: - The envelope, ordering and duplicates rules fire on nearly every event: the
#:   official examples show the AsyncAPI syntax, not an event envelope.
#:
#: A change in a count means a rule changed behaviour on real input: check samples of
#: the new findings against the documents before updating the numbers.
CORPUS_COUNTS = {
    "content-type-declared": 158,
    "duplicates-handled": 162,
    "envelope-causation-id": 170,
    "envelope-correlation-id": 158,
    "envelope-event-id": 162,
    "envelope-occurred-at": 156,
    "envelope-producer": 170,
    "envelope-schema-version": 166,
    "envelope-subject": 170,
    "event-name-past-tense": 76,
    "examples-valid": 5,
    "ordering-key-documented": 170,
    "payload-typed": 6,
    "updated-event-says-what-changed": 16,
}


def test_lint_findings_on_the_corpus() -> None:
    counts: Counter[str] = Counter()
    for path in DOCUMENTS:
        report = lint(KIND.load_lenient(path), KIND.lint_rules(), LintRun(ruleset=RECOMMENDED))
        counts.update(f.rule for f in report.findings)
    assert dict(sorted(counts.items())) == CORPUS_COUNTS
