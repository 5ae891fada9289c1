"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC, VNI-Windows) decoded to Unicode, per run.

Older resolutions were typed in fonts such as `.VnTime` (TCVN3) or `VNI-Times` (VNI), whose
bytes come out of DOCX and PDF as the CP1252 characters of the same codes ("NghÞ quyÕt" for
"Nghị quyết"). The decision is made per run or span: by the font name first, then by character
statistics, never for a whole document blindly; Unicode text passes through untouched.
Tables: `schemas/legacy_charsets.yaml`, transcribed from Unikey's VnConv data (ibus-unikey
ukengine/data.cpp); facts and detection rules: ../shared/reference/vietnamese-text.md §3.
"""
from __future__ import annotations

import functools
import unicodedata

import regex

from .data_files import load_yaml

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # Unikey slot order: acute, grave, hook, tilde, dot
SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")
# Letters only Unicode Vietnamese has (Latin Extended-A/B and Additional): their presence means the
# text is already Unicode. The Latin-1 vowels "àáâã..." are shared with legacy surfaces, so they do not count.
UNICODE_VIETNAMESE = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
MIN_TELLTALES = 2
UNICODE_LATIN1_VOWELS = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# ...but a vowel followed by a VNI shape or tone byte never happens in Unicode ("aâ", "eù", "oõ");
# "hoá", "uý" (new-style tone placement) are Unicode, so á/à/ý after o/u are not counted.
VNI_MARK_PAIR = regex.compile(r"[aeoAEO][âêÂÊ]|[aeiouyAEIOUY][åäëüûøùõïÅÄËÜÛØÙÕÏ]")


def slot_letters(vowel: str) -> list[str]:
    """The Unicode letters of one vowel's twelve slots: UPPER, lower, then each tone U, l."""
    out = []
    for tone in TONES:
        out.append(unicodedata.normalize("NFC", vowel.upper() + tone))
        out.append(unicodedata.normalize("NFC", vowel + tone))
    return out


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


@functools.lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    """Return {"tcvn3": surface -> letter, "vni": surface -> letter} for every non-ASCII surface."""
    data = load_yaml("legacy_charsets.yaml")
    tcvn3: dict[str, str] = {}
    for vowel, slots in data["tcvn3"].items():
        letters = ["Đ", "đ"] if vowel == "đ" else slot_letters(vowel)
        for surface, letter in zip(slots, letters):
            if not surface.isascii():
                tcvn3[surface] = letter  # toned capitals share the lower-case byte: lower-case wins, it comes last
    vni: dict[str, str] = {}
    for vowel, words in data["vni"].items():
        letters = ["Đ", "đ"] if vowel == "đ" else slot_letters(vowel)
        for word, letter in zip(words, letters):
            mark, base = word >> 8, word & 0xFF
            surface = _cp1252(base) + (_cp1252(mark) if mark else "")
            if not surface.isascii():
                vni[surface] = letter
    return {"tcvn3": tcvn3, "vni": vni}


@functools.lru_cache(maxsize=1)
def telltales() -> frozenset[str]:
    """Single characters that are legacy surfaces and never Unicode Vietnamese letters."""
    singles = set(tables()["tcvn3"]) | {k for k in tables()["vni"] if len(k) == 1}
    return frozenset(singles - UNICODE_LATIN1_VOWELS)


@functools.lru_cache(maxsize=2)
def surface_pattern(encoding: str) -> regex.Pattern:
    surfaces = sorted(tables()[encoding], key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, surfaces)))


def encoding_of_font(font: str | None) -> tuple[str, bool] | None:
    """Given a font name, return (encoding, capitals) if it is a legacy Vietnamese font."""
    if not font:
        return None
    name = SUBSET_TAG.sub("", font).strip()
    lowered = name.lower()
    if lowered.startswith((".vn", "vn3", "abc", "vnstcvn3")):
        base = regex.sub(r"[-,]?(?:bold|italic|oblique|regular)+$", "", name, flags=regex.I)
        return "tcvn3", base.endswith("H")
    if lowered.startswith(("vni-", "vni ", "vni_")):
        return "vni", False
    return None


def detect_encoding(text: str) -> str | None:
    """Given text with no font to go by, return "tcvn3" or "vni" if its characters say so, else None.

    Text with any letter only Unicode has is Unicode. Otherwise each encoding is tried and the
    result judged as Vietnamese: a syllable carries at most one tone mark, and no legacy surface
    may be left over (reference §3.4, "validate after converting")."""
    text = unicodedata.normalize("NFC", text)  # decomposed Unicode is Unicode: judge it composed
    if UNICODE_VIETNAMESE.search(text):
        return None
    # Latin-1 vowels (à á â ã è é ...) are Unicode Vietnamese too: only other characters are evidence.
    evidence = sum(1 for ch in text if ch in telltales())
    evidence += len(VNI_MARK_PAIR.findall(text))
    if evidence < MIN_TELLTALES:
        return None
    words = regex.findall(r"[\p{L}\p{M}]+", text)
    if words and sum(1 for w in words if regex.search(r"[fjwzFJWZ]", w)) > FOREIGN_LETTER_SHARE * len(words):
        return None  # f, j, w, z are not Vietnamese letters: French, Spanish... (viparse's measured threshold)
    best, best_key = None, None
    for encoding in ("tcvn3", "vni"):
        changed = len(surface_pattern(encoding).findall(text))
        decoded = decode(text, encoding)
        invalid = sum(1 for word in regex.findall(r"[\p{L}\p{M}]+", decoded) if _tone_marks(word) > 1)
        invalid += sum(1 for ch in decoded if not ch.isascii() and not _vietnamese_letter(ch))
        if changed >= MIN_TELLTALES and invalid <= MAX_INVALID_SHARE * changed \
                and UNICODE_VIETNAMESE.search(decoded):  # a real decoding yields letters only Unicode has
            # on a tie, VNI's base-plus-mark pairs ("aâ", "uû") decide
            key = (invalid, -changed, 0 if encoding == "vni" and VNI_MARK_PAIR.search(text) else 1)
            if best_key is None or key < best_key:
                best, best_key = encoding, key
    return best


MAX_INVALID_SHARE = 0.2
FOREIGN_LETTER_SHARE = 0.05


def _tone_marks(word: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", word) if ch in "\u0300\u0301\u0303\u0309\u0323")


def _vietnamese_letter(ch: str) -> bool:
    base = unicodedata.normalize("NFD", ch)[0]
    return base.isascii() and base.isalpha() or ch in "đĐ" or not ch.isalpha() and not ("\u00a1" <= ch <= "\u00bf")


def decode(text: str, encoding: str, capitals: bool = False) -> str:
    """Given legacy text as CP1252 characters, return Unicode (the sample tests use this directly)."""
    table = tables()[encoding]
    out = surface_pattern(encoding).sub(lambda m: table[m.group()], text)
    return out.upper() if capitals else out


def legacy_spans(text: str, fonts: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int, str, bool]]:
    """Given a block's text and its legacy-font spans, return (start, end, encoding, capitals) to
    decode: the spans whose font says so; with no font information, the whole block if its
    characters say so."""
    spans = []
    for start, end, font in fonts:
        found = encoding_of_font(font)
        if found:
            spans.append((start, end, found[0], found[1]))
    if not fonts:
        encoding = detect_encoding(text)
        if encoding:
            spans.append((0, len(text), encoding, False))
    return spans


@functools.lru_cache(maxsize=1)
def tcvn3_encoder() -> dict[str, tuple[str, bool]]:
    """Unicode letter -> (TCVN3 surface, needs a capitals font): the inverse of the TCVN3 table.
    TCVN3 has codes for toned lower-case letters only; a toned capital is its lower-case code set
    in an ...H font (.VnTimeH), as Word users typed it."""
    encoder: dict[str, tuple[str, bool]] = {}
    data = load_yaml("legacy_charsets.yaml")["tcvn3"]
    for vowel, slots in data.items():
        letters = ["Đ", "đ"] if vowel == "đ" else slot_letters(vowel)
        for i, (surface, letter) in enumerate(zip(slots, letters)):
            if surface.isascii():
                continue
            upper = i % 2 == 0
            own_capital = upper and slots[i] != slots[i + 1]
            encoder[letter] = (surface, upper and not own_capital)
    return encoder


def encode_tcvn3(text: str) -> list[tuple[str, bool]]:
    """Given Unicode text, return TCVN3 runs (surface text, capitals font?) that decode back to it;
    used to render legacy-font test documents."""
    text = unicodedata.normalize("NFC", text)
    runs: list[tuple[str, bool]] = []
    for ch in text:
        surface, capitals = tcvn3_encoder().get(ch, (ch, False))
        if runs and runs[-1][1] == capitals:
            runs[-1] = (runs[-1][0] + surface, capitals)
        else:
            runs.append((surface, capitals))
    return runs
