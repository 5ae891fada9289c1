"""Plain text files: the encoding found (UTF-8 with or without BOM, UTF-16 with or without BOM,
or a legacy 8-bit Vietnamese encoding), one block per line, and letterhead columns that a typist
or `pdftotext -layout` set side by side cut apart."""
from __future__ import annotations

import re

from ..errors import TextEncodingError, UnsupportedFormatError
from ..models import Block
from ..text.legacy import decode as decode_legacy_text
from ..text.legacy import decode_windows_1258, detect_encoding

BINARY_MESSAGE = "binary data of an unknown format, not a text, DOCX or PDF document"
SAMPLE_BYTES = 65536  # the bytes judged for control characters before decoding
NUL_SHARE = 0.4  # UTF-16 without BOM: more than this share of the odd (or even) bytes are NUL
# Columns laid side by side in a text file (a two-column letterhead, issuer left and motto right):
# short parts apart by a tab or 3+ spaces.
COLUMN_SPACE = re.compile(r"\t+|\s{3,}")
MAX_COLUMN_CHARS = 60


def read_text(data: bytes, source_path: str) -> list[Block]:
    """Given a text file's bytes, return one block per non-empty line (per column, see side_by_side)."""
    text = decode_text(data, source_path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    return [Block(text=part) for line in lines if line.strip() for part in side_by_side(line)]


def side_by_side(line: str) -> list[str]:
    """A text line cut into its columns when it is two or three short parts set apart by a wide
    space; any other line whole."""
    parts = [p for p in COLUMN_SPACE.split(line.strip()) if p.strip()]
    if 2 <= len(parts) <= 3 and all(len(p) <= MAX_COLUMN_CHARS for p in parts):
        return parts
    return [line]


def is_binary(controls: int, length: int) -> bool:
    """Do this many control characters (tab, newlines and form feed aside) make a text of this
    length binary data: more than 3 and more than 1 in 100?"""
    return controls > max(3, length // 100)


def text_encoding(data: bytes) -> str:
    """The Unicode encoding a text file's bytes say: a BOM, NUL bytes on every other byte (UTF-16
    of ASCII-heavy text without BOM), else UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(data) >= 4 and data[1::2].count(0) > NUL_SHARE * (len(data) // 2):
        return "utf-16-le"
    if len(data) >= 4 and data[0::2].count(0) > NUL_SHARE * (len(data) // 2):
        return "utf-16-be"
    return "utf-8"


def decode_text(data: bytes, source_path: str) -> str:
    """Given the bytes of a text file, return its text: UTF-8 (with or without BOM), UTF-16, or an
    8-bit file typed in TCVN3, VNI or VISCII or saved as Windows-1258; raise for binary data or
    undecodable bytes."""
    encoding = text_encoding(data)
    if encoding == "utf-8":
        sample = data[:SAMPLE_BYTES]
        if is_binary(sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f"), len(sample)):
            raise UnsupportedFormatError(source_path, BINARY_MESSAGE)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        legacy = decode_eight_bit(data) if encoding == "utf-8" else None
        if legacy is not None:
            return legacy
        raise TextEncodingError(
            source_path,
            f"not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8, or give the DOCX/PDF it came from") from exc
    if is_binary(sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f"), len(text)):
        raise UnsupportedFormatError(source_path, BINARY_MESSAGE)
    return text


def decode_eight_bit(data: bytes) -> str | None:
    """An 8-bit file typed in TCVN3, VNI or VISCII, or saved as Windows-1258, decoded; None if it
    is in none of them.

    Its bytes read as CP1252 are the legacy surfaces. A text file has no runs or fonts: the
    encoding is the file's, judged on all of it and validated (legacy.detect_encoding), and the
    whole text decoded here (legacy.decode). Failing those, Windows-1258, validated the same way
    (legacy.decode_windows_1258)."""
    eight_bit = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
    legacy = detect_encoding(eight_bit, keep_punctuation=False)
    return decode_legacy_text(eight_bit, legacy) if legacy else decode_windows_1258(data)
