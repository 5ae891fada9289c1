"""Text made safe to show on a terminal: nothing a document or a file name holds can move the
cursor, change colours, set the window title, reorder the line, or make printing fail.

Control characters (C0 but newline and tab, DEL, C1), bidirectional overrides and isolates, and
lone surrogates (the bytes of a file name that are not UTF-8, as Python decodes them) are shown as
escapes (`\\x1b`, `\\u202e`, `\\xff`); everything else, Vietnamese included, is shown as it is.
"""
from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_char(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, keep_newlines: bool = True) -> str:
    """`text` with every character that could act on a terminal shown as an escape; newlines kept
    unless `keep_newlines` is false (a one-line message)."""
    if not keep_newlines:
        text = text.replace("\n", "\\n")
    return UNSAFE.sub(escape_char, text) if UNSAFE.search(text) else text


def path_text(path: object) -> str:
    """A path as the text the dataset stores and shows: itself, but for the bytes of its name that
    are not UTF-8 (Python holds them as lone surrogates, which no Parquet string or terminal can
    take), written as `\\xff`. The same path always gives the same text."""
    text = str(path)
    if not SURROGATE.search(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


SURROGATE = re.compile("[\ud800-\udfff]")
