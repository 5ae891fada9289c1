"""spaCy pieces: a syllable tokenizer and components that put quantities, indicator phrases,
breakdown words and cue words on `doc.spans`, so they can be reused in other spaCy pipelines
and shown with displaCy (`displacy.render(doc, style="span", options={"spans_key": "quantities"})`).

The pipeline is a blank Vietnamese `nlp` with our tokenizer: no word segmenter is needed, since
every pattern is written as whole syllables.
"""
from __future__ import annotations

import functools

import regex
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from .lexicon import load_lexicon
from .quantities import find_quantities

# Numbers keep their separators ("13.593,9"), syllables keep their marks, every other
# non-space character is a token of its own: quantity and phrase boundaries fall on tokens.
TOKEN = regex.compile(r"\d+(?:[.,]\d+)*|[\p{L}\p{M}]+|\S")
GAP = "…"  # in a lexicon name: up to four other words
GAP_WORDS = 4

# The extract.models.Quantity reading of each quantity span, kept on the Doc by (start, end, label):
# span extension values are stored per start and end only, and the halves of an achieved/target
# pair ("45.799/36.875 tỷ đồng") share a span.
if not Doc.has_extension("quantity_readings"):
    Doc.set_extension("quantity_readings", default=None)
if not Span.has_extension("quantity"):
    Span.set_extension("quantity", getter=lambda span: (span.doc._.quantity_readings or {}).get(
        (span.start_char, span.end_char, span.label_)))


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Given a text, return spaCy's words and spaces for our tokens: what
    spacy.util.get_words_and_spaces(TOKEN.findall(text), text) returns, in one pass. A token
    followed by one space takes it as its trailing space; any other whitespace is a token of its
    own, so doc.text is exactly `text` and character offsets carry over unchanged."""
    words: list[str] = []
    spaces: list[bool] = []
    pos, n = 0, len(text)
    for m in TOKEN.finditer(text):
        start, end = m.span()
        if start > pos:
            words.append(text[pos:start])
            spaces.append(False)
        words.append(m.group())
        if end < n and text[end] == " ":
            spaces.append(True)
            pos = end + 1
        else:
            spaces.append(False)
            pos = end
    if pos < n:
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


class SyllableTokenizer:
    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialisation hooks: nothing to save.
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, _bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


@registry.tokenizers("extract.syllable_tokenizer.v1")
def create_syllable_tokenizer():
    def make(nlp):
        return SyllableTokenizer(nlp.vocab)
    return make


@Language.component("vi_quantities")
def vi_quantities(doc: Doc) -> Doc:
    """Put every quantity on doc.spans["quantities"], labelled with its unit, reading on span._.quantity."""
    spans, readings = [], {}
    for q in find_quantities(doc.text):
        label = (q.unit or "quantity") + (f":{q.role}" if q.role else "")
        span = doc.char_span(q.start, q.end, label=label, alignment_mode="strict")
        if span is None:  # cannot happen with our tokenizer; stay safe in a foreign pipeline
            span = doc.char_span(q.start, q.end, label=label, alignment_mode="expand")
        readings[(span.start_char, span.end_char, label)] = q
        spans.append(span)
    doc._.quantity_readings = readings
    doc.spans["quantities"] = spans
    return doc


def phrase_pattern(phrase: str) -> list[dict]:
    """Given a lexicon phrase, return a token pattern on lower-case text; "…" is a short gap."""
    pattern = []
    for token in TOKEN.findall(phrase):
        if token == GAP:
            pattern.append({"IS_PUNCT": False, "IS_SPACE": False, "OP": f"{{0,{GAP_WORDS}}}"})
        else:
            pattern.append({"LOWER": token.lower()})
    return pattern


@functools.lru_cache(maxsize=1)
def lexicon_patterns() -> dict[str, list[tuple[str, list[str]]]]:
    """Return, per spans key, (label, phrases): indicator names (label = code or code:breakdown for
    parts), qualifier words (label = code:breakdown) and cue words (label = group:value)."""
    lex = load_lexicon()
    indicators, qualifiers, cues = [], [], []
    for code, ind in lex.indicators.items():
        indicators.append((code, list(ind.names)))
        for breakdown, names in ind.parts.items():
            indicators.append((f"{code}:{breakdown}", list(names)))
        for breakdown, words in ind.qualifiers.items():
            qualifiers.append((f"{code}:{breakdown}", list(words)))
    for group in ("directions", "kinds", "heading_kinds"):
        for value, words in lex.cues[group].items():
            cues.append((f"{group}:{value}", list(words)))
    for group in ("share_cues", "change_cues", "level_directions"):
        cues.append((group, list(lex.cues[group])))
    return {"indicators": indicators, "qualifiers": qualifiers, "cues": cues}


class LexiconTagger:
    """Tag lexicon phrases on doc.spans[key]; overlapping matches keep the longest."""

    def __init__(self, nlp: Language, key: str):
        self.key = key
        # Plain phrases go to a PhraseMatcher (a hash lookup per token); only phrases with a gap
        # ("nông thôn … nước sạch") need the slower token-pattern Matcher.
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        # The pieces of each gapped phrase: a text lacking one of a phrase's pieces cannot match it,
        # and most texts lack them all, so the Matcher (a state machine run at every token) is
        # run only where some gapped phrase may match.
        self.gapped_pieces: list[list[str]] = []
        for label, phrases in lexicon_patterns()[key]:
            plain = [p for p in phrases if GAP not in p]
            gapped = [p for p in phrases if GAP in p]
            if plain:
                self.phrases.add(label, [nlp.make_doc(p.lower()) for p in plain])
            if gapped:
                self.matcher.add(label, [phrase_pattern(p) for p in gapped])
                self.gapped_pieces.extend([piece.strip() for piece in p.lower().split(GAP)] for p in gapped)

    def may_match_gapped(self, doc: Doc) -> bool:
        low = doc.text.lower()
        return any(all(piece in low for piece in pieces) for pieces in self.gapped_pieces)

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrases(doc))
        if self.gapped_pieces and self.may_match_gapped(doc):
            matches += list(self.matcher(doc))
        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in matches]
        if self.key == "qualifiers":  # one word may qualify several indicators: longest per indicator
            by_code: dict[str, list[Span]] = {}
            for sp in spans:
                by_code.setdefault(sp.label_.split(":")[0], []).append(sp)
            kept = [sp for group in by_code.values() for sp in filter_spans(group)]
            doc.spans[self.key] = sorted(kept, key=lambda sp: (sp.start, -sp.end))
        elif self.key == "cues":  # a cue word may say several things ("thêm": increase, added)
            doc.spans[self.key] = sorted(set(spans), key=lambda sp: (sp.start, -sp.end))
        else:
            doc.spans[self.key] = sorted(filter_spans(spans), key=lambda sp: sp.start)
        return doc


@Language.factory("vi_indicators")
def make_vi_indicators(nlp: Language, name: str):
    """Indicator phrases on doc.spans["indicators"], labelled with the taxonomy code."""
    return LexiconTagger(nlp, "indicators")


@Language.factory("vi_qualifiers")
def make_vi_qualifiers(nlp: Language, name: str):
    """Breakdown words on doc.spans["qualifiers"], labelled "code:breakdown"."""
    return LexiconTagger(nlp, "qualifiers")


@Language.factory("vi_cues")
def make_vi_cues(nlp: Language, name: str):
    """Direction, kind and measure cue words on doc.spans["cues"]."""
    return LexiconTagger(nlp, "cues")


@functools.lru_cache(maxsize=1)
def build_nlp() -> Language:
    """Return the blank Vietnamese pipeline with our tokenizer and the four components."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "extract.syllable_tokenizer.v1"}}})
    for name in ("vi_quantities", "vi_indicators", "vi_qualifiers", "vi_cues"):
        nlp.add_pipe(name)
    return nlp


LEXICON_KEYS = ("indicators", "qualifiers", "cues")


def lexicon_spans(text: str, ranges: list[tuple[int, int]]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Given a text and ranges of it that no lexicon phrase crosses (whole lines: a phrase never
    spans a line break, the break being a whitespace token), return the indicator, qualifier and
    cue spans in those ranges as (start, end, label, text) in the text's offsets: what the
    pipeline puts on doc.spans for the whole text, restricted to the ranges, at the cost of only
    those ranges."""
    nlp = build_nlp()
    found: dict[str, list[tuple[int, int, str, str]]] = {key: [] for key in LEXICON_KEYS}
    pieces = (text[a:b] for a, b in ranges)
    for (a, _), doc in zip(ranges, nlp.pipe(pieces, disable=["vi_quantities"])):
        for key in LEXICON_KEYS:
            found[key].extend((a + sp.start_char, a + sp.end_char, sp.label_, sp.text) for sp in doc.spans[key])
    return found
