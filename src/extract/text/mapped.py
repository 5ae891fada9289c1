"""Text that remembers where each character came from: the thread of provenance from a figure's
span in the normalised text back to the raw text of its file."""
from __future__ import annotations

from collections.abc import Callable

import regex


class MappedText:
    """A string with, for every character, the position in the raw text it came from."""

    __slots__ = ("text", "offsets", "end")

    def __init__(self, text: str, offsets: list[int], end: int):
        assert len(text) == len(offsets)
        self.text = text
        self.offsets = offsets
        self.end = end  # raw position just after the last character

    @classmethod
    def from_raw(cls, text: str, base: int) -> MappedText:
        """Raw text starting at raw position `base`: each character maps to itself."""
        return cls(text, list(range(base, base + len(text))), base + len(text))

    def sub(self, pattern: regex.Pattern, repl: str | Callable[[regex.Match], str]) -> MappedText:
        """Given a compiled pattern and a replacement (string template or function of the match),
        return the replaced text; replacement characters map to the raw positions of the matched
        characters in order (the last one repeated), an insertion maps to the next character."""
        out: list[str] = []
        offsets: list[int] = []
        last = 0
        for m in pattern.finditer(self.text):
            s, e = m.span()
            out.append(self.text[last:s])
            offsets.extend(self.offsets[last:s])
            new = repl(m) if callable(repl) else m.expand(repl)
            source = self.offsets[s:e] or [self.offsets[s] if s < len(self.offsets) else self.end]
            out.append(new)
            offsets.extend(source[min(i, len(source) - 1)] for i in range(len(new)))
            last = e
        if last == 0 and not out:
            return self
        out.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        return MappedText("".join(out), offsets, self.end)

    def replace_char(self, old: str, new: str) -> MappedText:
        """Return the text with one character replaced by another: every character keeps its raw
        position (str.replace at C speed where sub() would map each match in Python)."""
        return MappedText(self.text.replace(old, new), self.offsets, self.end) if old in self.text else self

    def split(self, sep: str) -> list[MappedText]:
        """The pieces between separators, each ending at the raw position of its separator."""
        pieces: list[MappedText] = []
        start = 0
        while True:
            i = self.text.find(sep, start)
            stop = len(self.text) if i < 0 else i
            end = self.offsets[stop] if stop < len(self.offsets) else self.end
            pieces.append(MappedText(self.text[start:stop], self.offsets[start:stop], end))
            if i < 0:
                return pieces
            start = i + len(sep)

    def strip(self) -> MappedText:
        """The text without leading and trailing whitespace, positions kept."""
        text = self.text  # (str.strip() and str.isspace() agree on what is whitespace: counted in C)
        s = len(text) - len(text.lstrip())
        e = max(s, len(text.rstrip()))
        end = self.offsets[e - 1] + 1 if e > s else (self.offsets[s] if s < len(self.offsets) else self.end)
        if s == 0 and e == len(text):  # nothing stripped: the offsets shared (no MappedText changes its lists)
            return MappedText(text, self.offsets, end)
        return MappedText(text[s:e], self.offsets[s:e], end)
