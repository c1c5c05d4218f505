"""Small text conventions shared by every catalog of rules."""

from __future__ import annotations


def sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter and a closing full stop,
    so every description and hint reads the same way in every catalog."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
