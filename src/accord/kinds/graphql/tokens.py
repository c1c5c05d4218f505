"""The tokens of an SDL file, for :mod:`accord.kinds.graphql.sdl`: one regular
expression splits the text into (ignored text, token) pairs at C speed; offsets,
lines and columns are computed only for the tokens reported."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, chain

from accord.core.location import Location

_IGNORED = r"(?:[\s,\ufeff]++|#[^\n\r]*+)*+"
_TOKEN = (r'("""(?:[^"\\]+|\\"""|\\|"(?!""))*"""|"(?:[^"\\\n\r]|\\.)*"|[_A-Za-z][_0-9A-Za-z]*'
          r"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|[!$&():=@\[\]{|}]|.)")
_LEX = re.compile(f"({_IGNORED}){_TOKEN}", re.S)
#: The token after the last.
END = ""


class Tokens:
    """The tokens of one file, with their offsets computed on demand."""

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self._pairs = _LEX.findall(text)
        self.values: list[str] = [token for _, token in self._pairs]
        self.values.append(END)
        self._ends: list[int] | None = None
        self._line_starts: list[int] | None = None

    def offset(self, index: int) -> int:
        ends = self._ends
        if ends is None:
            # Ends of the ignored text and of the token, alternately: all at C speed.
            ends = self._ends = list(accumulate(map(len, chain.from_iterable(self._pairs))))
        position = 2 * index
        return ends[position] if position < len(ends) else len(self.text)

    def location(self, index: int) -> Location:
        offset = self.offset(index)
        starts = self._line_starts
        if starts is None:
            text = self.text
            if "\r" in text:
                text = text.replace("\r\n", " \n").replace("\r", "\n")
            starts = self._line_starts = list(
                accumulate(map(len, text.split("\n")), lambda a, b: a + b + 1, initial=0))
        line = bisect_right(starts, offset)
        return Location("", self.display, line, offset - starts[line - 1] + 1)
