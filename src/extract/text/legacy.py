"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC, VNI-Windows, VISCII) decoded to Unicode, per run.

Older resolutions were typed in fonts such as `.VnTime` (TCVN3) or `VNI-Times` (VNI), whose
bytes come out of DOCX and PDF as the CP1252 characters of the same codes ("NghÞ quyÕt" for
"Nghị quyết"). The decision is made per run or span: by the font name first, then by character
statistics, never for a whole document blindly; Unicode text passes through untouched.
Tables: `schemas/legacy_charsets.yaml`, transcribed from Unikey's VnConv data (ibus-unikey
ukengine/data.cpp); the syllable shape that validates a decoding: `schemas/syllables.yaml`; facts
and detection rules: ../shared/reference/vietnamese-text.md §3. Decoding only: the encoders that
type test documents in these encodings are in scripts/legacy_encoders.py.
"""
from __future__ import annotations

import functools
import unicodedata

import regex

from ..data_files import load_yaml
from .vietnamese import SUBSET_PREFIX, TONE_MARKS

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # Unikey slot order: acute, grave, hook, tilde, dot
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
    """Return {encoding: {surface -> letter}} for "tcvn3", "vni" and "viscii", every surface that
    is not the letter itself (ASCII letters map to themselves and are left out)."""
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
    viscii: dict[str, str] = {}
    for vowel, codes in data["viscii"].items():
        letters = ["Đ", "đ"] if vowel == "đ" else slot_letters(vowel)
        for code, letter in zip(codes, letters):
            surface = _cp1252(code)  # 0x02, 0x05... stay C0 controls: VISCII's capitals Ẳ, Ẵ...
            if surface != letter:
                viscii[surface] = letter
    return {"tcvn3": tcvn3, "vni": vni, "viscii": viscii}


@functools.lru_cache(maxsize=1)
def telltales() -> frozenset[str]:
    """Single characters that are legacy surfaces and never Unicode Vietnamese letters."""
    singles = set(tables()["tcvn3"]) | {k for k in tables()["vni"] if len(k) == 1} | set(tables()["viscii"])
    # not evidence either: NBSP (VISCII's Õ) and Windows punctuation (VISCII's capitals Ờ Ở...
    # on 0x80-0x9F), which Unicode text is full of: “ ” ‘ ’ – — • …
    return frozenset(singles - UNICODE_LATIN1_VOWELS - WINDOWS_PUNCTUATION - {"\u00a0"})


# A PDF typeset with the real .VnTime font shows two TCVN3 codes as mathematical signs: 0xAD (ư)
# as U+2212 MINUS SIGN and 0xB7 (ã) as U+2219 BULLET OPERATOR (reference §3.4, after viparse's
# _GLYPH_SUBSTITUTIONS). Inside a TCVN3 run they are letters where a letter is next to them.
GLYPH_SUBSTITUTIONS = {"tcvn3": {"\u2212": "ư", "\u2219": "ã"}}


WINDOWS_PUNCTUATION = frozenset(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xA0)) - {""}


@functools.lru_cache(maxsize=8)
def surface_pattern(encoding: str, keep_punctuation: bool = False) -> regex.Pattern:
    """The surfaces the decoder of `encoding` replaces. With `keep_punctuation`, Windows
    punctuation (“ ” – … on 0x80-0x9F, VISCII's capitals Ờ Ở...) is left as punctuation: text
    judged by its characters alone is far more often Unicode with smart quotes than VISCII."""
    surfaces = sorted((s for s in tables()[encoding] if not (keep_punctuation and s in WINDOWS_PUNCTUATION)),
                      key=len, reverse=True)
    alternatives = [regex.escape(s) for s in surfaces]
    glyphs = "".join(GLYPH_SUBSTITUTIONS.get(encoding, {}))
    if glyphs:
        alternatives.append(rf"(?<=\p{{L}})[{glyphs}]|[{glyphs}](?=\p{{L}})")
    return regex.compile("|".join(alternatives))


@functools.lru_cache(maxsize=4)
def letter_of(encoding: str) -> dict[str, str]:
    """Every surface the decoder of `encoding` replaces, with its letter."""
    return {**tables()[encoding], **GLYPH_SUBSTITUTIONS.get(encoding, {})}


@functools.lru_cache(maxsize=1024)  # asked once per text run, of a document's few font names
def encoding_of_font(font: str | None) -> tuple[str, bool] | None:
    """Given a font name, return (encoding, capitals) if it is a legacy Vietnamese font."""
    if not font:
        return None
    name = SUBSET_PREFIX.sub("", font).strip()
    lowered = name.lower()
    if lowered.startswith((".vn", "vn3", "abc", "vnstcvn3")):
        base = regex.sub(r"[-,]?(?:bold|italic|oblique|regular)+$", "", name, flags=regex.I)
        return "tcvn3", base.endswith("H")
    if lowered.startswith(("vni-", "vni ", "vni_")):
        return "vni", False
    if "viscii" in lowered:
        return "viscii", False
    return None


def detect_encoding(text: str, keep_punctuation: bool = True) -> str | None:
    """Given text with no font to go by, return "tcvn3", "vni" or "viscii" if its characters say so, else None.

    Text with any letter only Unicode has is Unicode. Otherwise each encoding is tried and the
    result judged as Vietnamese: every word with a Vietnamese letter must be a Vietnamese syllable
    (one tone mark, a known onset, vowel group and final), at least two words of two letters or
    more must read as Vietnamese, and no legacy surface may be left over (reference §3.4,
    "validate after converting"). `keep_punctuation=False` is for bytes known to be 8-bit text
    (a file that is not UTF-8), where 0x80-0x9F may be VISCII capitals."""
    text = unicodedata.normalize("NFC", text)  # decomposed Unicode is Unicode: judge it composed
    # A soft hyphen is TCVN3's "ư" but, in Unicode text, an invisible optional hyphen that the
    # normaliser drops: judge the text without it, so that both readings are judged alike.
    text = text.replace("\u00ad", "")
    if UNICODE_VIETNAMESE.search(text):
        return None
    # Latin-1 vowels (à á â ã è é ...) are Unicode Vietnamese too: only other characters are evidence.
    evidence = sum(map(telltales().__contains__, text))
    evidence += len(VNI_MARK_PAIR.findall(text))
    if evidence < MIN_TELLTALES:
        return None
    words = regex.findall(r"[\p{L}\p{M}]+", text)
    if words and sum(1 for w in words if regex.search(r"[fjwzFJWZ]", w)) > FOREIGN_LETTER_SHARE * len(words):
        return None  # f, j, w, z are not Vietnamese letters: French, Spanish... (viparse's measured threshold)
    best, best_key = None, None
    for encoding in ENCODINGS:
        changed = len(surface_pattern(encoding, keep_punctuation).findall(text))
        decoded = decode(text, encoding, keep_punctuation=keep_punctuation)
        decoded_words = [w for w in regex.findall(r"[\p{L}\p{M}]+", decoded) if not w.isascii()]
        invalid = sum(1 for word in decoded_words if not is_vietnamese_syllable(word))
        if sum(1 for word in decoded_words if len(word) > 1 and is_vietnamese_syllable(word)) < MIN_TELLTALES:
            continue
        invalid += sum(1 for ch in decoded if not ch.isascii() and not _vietnamese_letter(ch))
        if changed >= MIN_TELLTALES and invalid <= MAX_INVALID_SHARE * changed \
                and UNICODE_VIETNAMESE.search(decoded):  # a real decoding yields letters only Unicode has
            # on a tie, VNI's base-plus-mark pairs ("aâ", "uû") decide
            key = (invalid, -changed, 0 if encoding == "vni" and VNI_MARK_PAIR.search(text) else 1)
            if best_key is None or key < best_key:
                best, best_key = encoding, key
    return best


ENCODINGS = ("tcvn3", "vni", "viscii")


def decode_windows_1258(data: bytes) -> str | None:
    """An 8-bit file in Windows-1258 (Microsoft's Vietnamese code page: base letters with their
    vowel shapes precomposed, tone marks as combining characters after them), decoded and
    composed (NFC); None unless it reads as Vietnamese: it holds combining tone marks, and every
    word with a Vietnamese letter is a Vietnamese syllable but for a MAX_INVALID_SHARE of them."""
    try:
        raw = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    tones = sum(1 for ch in raw if ch in "\u0300\u0301\u0303\u0309\u0323")
    if tones < MIN_TELLTALES:
        return None
    text = unicodedata.normalize("NFC", raw)
    words = [w for w in regex.findall(r"[\p{L}\p{M}]+", text) if not w.isascii()]
    valid = sum(1 for w in words if is_vietnamese_syllable(w))
    if valid < MIN_TELLTALES or len(words) - valid > MAX_INVALID_SHARE * len(words):
        return None
    return text
MAX_INVALID_SHARE = 0.2
FOREIGN_LETTER_SHARE = 0.05


# The shape of a Vietnamese syllable, tone marks removed: onset, vowel group, final consonant
# (schemas/syllables.yaml).
_SYLLABLE_PARTS = load_yaml("syllables.yaml")
ONSETS: list[str] = _SYLLABLE_PARTS["onsets"]
VOWEL_GROUPS: list[str] = _SYLLABLE_PARTS["vowel_groups"]
FINALS: list[str] = _SYLLABLE_PARTS["finals"]
SYLLABLE = regex.compile(
    "(?:" + "|".join(ONSETS) + ")?(?:" + "|".join(sorted(VOWEL_GROUPS, key=len, reverse=True)) + ")"
    "(?:" + "|".join(FINALS) + ")?")


@functools.lru_cache(maxsize=1 << 16)  # a document asks of the same few thousand words again and again
def is_vietnamese_syllable(word: str) -> bool:
    """Is `word` (any case, any tone) shaped like one Vietnamese syllable? ("người", "khoẻ": yes;
    "señor" read as VISCII, "seựor": no)."""
    bare = unicodedata.normalize("NFD", word.lower()).translate(NO_TONE_MARKS)
    return SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None and _tone_marks(word) <= 1


NO_TONE_MARKS = str.maketrans("", "", TONE_MARKS)


def _tone_marks(word: str) -> int:
    decomposed = unicodedata.normalize("NFD", word)
    return sum(decomposed.count(mark) for mark in "\u0300\u0301\u0303\u0309\u0323")


def _vietnamese_letter(ch: str) -> bool:
    base = unicodedata.normalize("NFD", ch)[0]
    return base.isascii() and base.isalpha() or ch in "đĐ" or not ch.isalpha() and not ("\u00a1" <= ch <= "\u00bf")


def decode(text: str, encoding: str, capitals: bool = False, keep_punctuation: bool = False) -> str:
    """Given legacy text as CP1252 characters, return Unicode (the sample tests use this directly)."""
    table = letter_of(encoding)
    out = surface_pattern(encoding, keep_punctuation).sub(lambda m: table[m.group()], text)
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
