"""Naming: an event is a fact that happened, named in the past tense (``user.created``,
``InvoiceVoided``); an "updated" event says what changed.

A name is in the past tense when one of its words is a past participle (``placed``,
``sent``; ``memberJoinedChannel`` counts), trailing ``event``/``message`` and version
words and a final particle aside (``OrderPlacedEventV2``, ``UserSignedUp``). Commands,
requests and replies (by name, or by a request/reply operation) are not events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.asyncapi.lint.base import (
    DATA_HOLDERS,
    events,
    field_names,
    label,
    named,
    normalise,
    rule,
    where,
    words,
)
from accord.kinds.asyncapi.model import AsyncAPIModel, Message
from accord.lint.rule import Hit, LintOptions

_TRAILING = re.compile(r"^(events?|evt|messages?|msg|notifications?|v\d+|\d+)$")
_PARTICLES = frozenset({"up", "down", "in", "out", "on", "off", "over", "back", "away",
                        "through", "by"})
#: Words ending in -ed that are not past participles.
_NOT_PAST = frozenset({"need", "feed", "seed", "speed", "proceed", "exceed", "succeed",
                       "bleed", "breed", "embed", "shed", "bed", "red", "greed", "weed",
                       "heed", "deed", "steed", "bred"})
_IRREGULAR = frozenset({
    "arisen", "awoken", "begun", "bent", "bet", "bid", "bitten", "blown", "bought",
    "broadcast", "broken", "brought", "built", "burnt", "burst", "cast", "caught", "chosen",
    "come", "cut", "dealt", "done", "drawn", "driven", "drunk", "dug", "eaten", "fallen",
    "fed", "felt", "fled", "flown", "forbidden", "forecast", "forgiven", "forgotten", "fought",
    "found", "frozen", "given", "gone", "got", "gotten", "grown", "held", "hid", "hidden",
    "hit", "hung", "hurt", "kept", "knelt", "known", "laid", "led", "leapt", "left", "lent",
    "let", "lit", "lost", "made", "meant", "met", "mistaken", "overcome", "overridden",
    "overtaken", "paid", "prepaid", "put", "quit", "read", "rebuilt", "redone", "remade",
    "repaid", "reset", "resent", "rewritten", "rid", "ridden", "risen", "run", "rung", "said",
    "seen", "sent", "set", "sewn", "shaken", "shone", "shot", "shown", "shrunk", "shut",
    "sold", "sought", "spent", "split", "spoken", "spread", "sprung", "stolen", "stood",
    "struck", "stuck", "sung", "sunk", "swept", "sworn", "swum", "taken", "taught", "thought",
    "thrown", "told", "torn", "undergone", "understood", "undertaken", "undone", "upheld",
    "upset", "withdrawn", "withheld", "woken", "won", "worn", "wound", "written",
})

_UPDATE_VERBS = frozenset({"updated", "changed", "modified", "edited", "patched"})
#: Payload fields that say what an update changed.
_CHANGE_FIELDS = frozenset({"changedfields", "changes", "changeset", "changed", "previous",
                            "previousvalues", "previousvalue", "before", "old", "oldvalues",
                            "diff", "delta", "patch", "updatedfields", "modifiedfields",
                            "changedattributes", "updatemask", "fieldmask"})
_FIELD_WORDS = re.compile(r"\b(fields?|attributes?|propert(y|ies))\b", re.IGNORECASE)


def tense_words(name: str) -> list[str]:
    """The words of a name that could carry its tense: without trailing ``event``,
    ``message`` and version words, and without a final particle (``SignedUp``)."""
    found = words(name)
    while found and _TRAILING.match(found[-1]):
        found.pop()
    while len(found) > 1 and found[-1] in _PARTICLES:
        found.pop()
    return found


def is_past(word: str) -> bool:
    if word in _IRREGULAR:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST


@rule("event-name-past-tense", Severity.WARN,
      "Events are named as facts that happened, in the past tense (user.created, "
      "InvoiceVoided), not as commands (createUser, user.create): consumers react to what "
      "happened, and a command-like name invites them to treat the event as an order.",
      "rename the event to what happened (user.create -> user.created); if it is a "
      "command, say so in its name (CreateUserCommand) or model it as a request with a "
      "reply")
def past_tense(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in events(model):
        name = named(message)
        found = tense_words(name) if name else []
        # The verb need not come last: memberJoinedChannel, dndUpdatedUser.
        if name is None or not found or any(is_past(word) for word in found):
            continue
        node = message.fields.get("name")
        at = node.location if node is not None and message.name else where(message)
        yield Hit(f"{label(message)} is named '{name}', which is not in the past tense", at)


@rule("updated-event-says-what-changed", Severity.WARN,
      "An event named updated or changed (order.updated, CustomerChanged) says what "
      "changed: a field such as changed_fields, changes or previous, or a description "
      "that names the fields. Otherwise every consumer must diff the state itself, or "
      "react to changes it does not care about.",
      "add changed_fields (the names of the changed fields) or previous (their old "
      "values) to the payload, or publish specific events (order.address_changed)")
def updated_events(model: AsyncAPIModel, options: LintOptions) -> Iterator[Hit]:
    for message in events(model):
        name = named(message)
        if name is None or not set(tense_words(name)) & _UPDATE_VERBS:
            continue
        if field_names(model, message, DATA_HOLDERS) & _CHANGE_FIELDS:
            continue
        if _names_fields(model, message):
            continue
        yield Hit(f"{label(message)} ('{name}') does not say what changed", where(message))


def _names_fields(model: AsyncAPIModel, message: Message) -> bool:
    """True when a description of the message names fields (by word, or by naming one
    of the payload's properties)."""
    text = "\n".join(filter(None, (message.text("description"), message.text("summary"))))
    if not text:
        return False
    if _FIELD_WORDS.search(text):
        return True
    names = field_names(model, message, DATA_HOLDERS)
    spoken = {normalise(w) for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]+", text)}
    return bool({n for n in names if len(n) > 2} & spoken)
