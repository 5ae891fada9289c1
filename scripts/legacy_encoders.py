"""Unicode text typed in the legacy 8-bit encodings, as old Word files hold it: the inverse of the
decoding tables of schemas/legacy_charsets.yaml (extract.text.legacy decodes; nothing in the
package encodes). Used to render the legacy-font corpus renditions and damage fixtures
(render_corpus.py, make_damage_fixtures.py) and by tests/test_legacy.py.

Import with the scripts folder on sys.path (scripts run from it have it there).
"""
from __future__ import annotations

import functools
import unicodedata

from extract.data_files import load_yaml
from extract.text.legacy import slot_letters, tables


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


def encode_vni(text: str) -> str:
    """Given Unicode text, return it typed in VNI (as in a VNI-Times run), which decodes back to it."""
    inverse = {letter: surface for surface, letter in tables()["vni"].items()}
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encode_tcvn3(text: str) -> list[tuple[str, bool]]:
    """Given Unicode text, return TCVN3 runs (surface text, capitals font?) that decode back to it."""
    text = unicodedata.normalize("NFC", text)
    runs: list[tuple[str, bool]] = []
    for ch in text:
        surface, capitals = tcvn3_encoder().get(ch, (ch, False))
        if runs and runs[-1][1] == capitals:
            runs[-1] = (runs[-1][0] + surface, capitals)
        else:
            runs.append((surface, capitals))
    return runs
