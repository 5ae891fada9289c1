"""spaCy pieces: a syllable tokenizer and components that put quantities, indicator phrases,
breakdown words and cue words on `doc.spans`, so they can be reused in other spaCy pipelines
and shown with displaCy (`displacy.render(doc, style="span", options={"spans_key": "quantities"})`).

The pipeline is a blank Vietnamese `nlp` with our tokenizer: no word segmenter is needed, since
every pattern is written as whole syllables.
"""
from __future__ import annotations

import bisect
import functools

import regex
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from .labels import PLAIN_CUE_GROUPS, VALUED_CUE_GROUPS, Label
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


# A token or a run of whitespace (what lies between tokens): the text cut into the pieces spaCy's
# words are made of.
TOKEN_OR_GAP = regex.compile(TOKEN.pattern + r"|\s+")


class _GapChars(dict):
    """Is a character whitespace to the patterns (\\s: no token starts with one)? Learnt per character."""

    def __missing__(self, ch: str) -> bool:
        self[ch] = gap = regex.match(r"\s", ch) is not None
        return gap


GAP_CHARS = _GapChars()


def words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Given a text, return spaCy's words and spaces for our tokens: what
    spacy.util.get_words_and_spaces(TOKEN.findall(text), text) returns, in one pass. A token
    followed by one space takes it as its trailing space; any other whitespace is a token of its
    own, so doc.text is exactly `text` and character offsets carry over unchanged."""
    words: list[str] = []
    spaces: list[bool] = []
    after_token = False
    for item in TOKEN_OR_GAP.findall(text):
        if after_token and item[0] == " ":  # whitespace after a token: its first space is the token's
            spaces[-1] = True
            item = item[1:]
            after_token = False
            if not item:
                continue
            words.append(item)
            spaces.append(False)
            continue
        words.append(item)
        spaces.append(False)
        after_token = not GAP_CHARS[item[0]]
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
    spans: list[Span] = []
    readings = {}
    for q in find_quantities(doc.text):
        label = str(Label(q.unit or "quantity", q.role))
        span = doc.char_span(q.start, q.end, label=label, alignment_mode="strict")
        if span is None:  # cannot happen with our tokenizer; stay safe in a foreign pipeline
            span = doc.char_span(q.start, q.end, label=label, alignment_mode="expand")
        assert span is not None
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
    """Return, per spans key, (label, phrases): indicator names (label (code) or (code, breakdown)
    for parts), qualifier words (label (code, breakdown)) and cue words (label (group, value) or
    (group)); the labels as the strings spaCy keeps (`Label.parse` reads them back)."""
    lex = load_lexicon()
    indicators, qualifiers, cues = [], [], []
    for code, ind in lex.indicators.items():
        indicators.append((str(Label(code)), list(ind.names)))
        for breakdown, names in ind.parts.items():
            indicators.append((str(Label(code, breakdown)), list(names)))
        for breakdown, words in ind.qualifiers.items():
            qualifiers.append((str(Label(code, breakdown)), list(words)))
    for group in VALUED_CUE_GROUPS:
        for value, words in lex.cues[group].items():
            cues.append((str(Label(group, value)), list(words)))
    for group in PLAIN_CUE_GROUPS:
        cues.append((str(Label(group)), list(lex.cues[group])))
    return {"indicators": indicators, "qualifiers": qualifiers, "cues": cues}


class LexiconTagger:
    """Tag lexicon phrases on doc.spans[key]; overlapping matches keep the longest."""

    def __init__(self, nlp: Language, key: str):
        self.key = key
        # Plain phrases go to a PhraseMatcher (a hash lookup per token); only phrases with a gap
        # ("nông thôn … nước sạch") need the slower token-pattern Matcher.
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        # Gapped phrases: their pieces are found by a PhraseMatcher of their own, and the Matcher
        # (a state machine run at every token it is given) is run only on windows that open with
        # a phrase's first piece, in docs holding all of that phrase's pieces. A match opens with
        # its first piece and is at most `gapped_length` tokens long, so the windows find every
        # match a run over the whole doc finds.
        self.pieces = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.piece_sets: list[set[str]] = []
        self.gapped_length = 0
        for label, phrases in lexicon_patterns()[key]:
            plain = [p for p in phrases if GAP not in p]
            gapped = [p for p in phrases if GAP in p]
            if plain:
                self.phrases.add(label, [nlp.make_doc(p.lower()) for p in plain])
            if gapped:
                self.matcher.add(label, [phrase_pattern(p) for p in gapped])
                for phrase in gapped:
                    names = set()
                    for j, piece in enumerate(phrase.lower().split(GAP)):
                        name = f"{len(self.piece_sets)}:{j}"
                        self.pieces.add(name, [nlp.make_doc(piece.strip())])
                        names.add(name)
                    self.piece_sets.append(names)
                    pattern = phrase_pattern(phrase)
                    self.gapped_length = max(self.gapped_length, len(pattern) + (GAP_WORDS - 1) * phrase.count(GAP))

    def gapped_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The Matcher's matches of the gapped phrases in `doc`, as (match_id, start, end)."""
        hits = [(doc.vocab.strings[m], start) for m, start, _ in self.pieces(doc)]
        present = {name for name, _ in hits}
        openings = sorted({start for name, start in hits
                           if name.endswith(":0") and self.piece_sets[int(name.split(":")[0])] <= present})
        found: set[tuple[int, int, int]] = set()
        for start in openings:
            window = doc[start:min(len(doc), start + self.gapped_length)]
            found.update((m, start + a, start + b) for m, a, b in self.matcher(window))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrases(doc))
        if self.piece_sets:
            matches += self.gapped_matches(doc)
        spans = [Span(doc, s, e, label=m) for m, s, e in matches]  # m: the label's hash
        if self.key == "qualifiers":  # one word may qualify several indicators: longest per indicator
            by_code: dict[str, list[Span]] = {}
            for sp in spans:
                by_code.setdefault(Label.parse(sp.label_).group, []).append(sp)
            kept = [sp for group in by_code.values() for sp in filter_spans(group)]
        elif self.key == "cues":  # a cue word may say several things ("thêm": increase, added)
            kept = list(set(spans))
        else:
            kept = filter_spans(spans)
        # a total order (label last): the spans' order never depends on how a text was cut into docs
        doc.spans[self.key] = sorted(kept, key=lambda sp: (sp.start, -sp.end, sp.label_))
        return doc


@Language.factory("vi_indicators")
def make_vi_indicators(nlp: Language, name: str):
    """Indicator phrases on doc.spans["indicators"], labelled with the taxonomy code."""
    return LexiconTagger(nlp, "indicators")


@Language.factory("vi_qualifiers")
def make_vi_qualifiers(nlp: Language, name: str):
    """Breakdown words on doc.spans["qualifiers"], labelled with the Label (code, breakdown)."""
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
# The most text tagged as one doc: a long document is tagged in pieces of whole lines, so memory is
# bounded by the piece (spaCy refuses a doc over nlp.max_length, 1,000,000 characters, and its
# memory grows with the doc).
PIECE_CHARS = 100_000
PIECE_CUT = regex.compile(r"[.;:!?]\s|\s")  # where a line too long for one piece is cut, best first


def lexicon_spans(text: str, ranges: list[tuple[int, int]]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Given a text and ranges of it that no lexicon phrase crosses (whole lines: a phrase never
    spans a line break, the break being a whitespace token), return the indicator, qualifier and
    cue spans in those ranges as (start, end, label, text) in the text's offsets: what the
    pipeline puts on doc.spans for the whole text, restricted to the ranges, at the cost of only
    those ranges. The ranges are tagged as docs of at most PIECE_CHARS characters, each of
    consecutive ranges joined by line breaks (no span crosses a range, so the pieces' spans are
    the whole's); a single line longer than that is cut at a sentence end or a space."""
    found: dict[str, list[tuple[int, int, str, str]]] = {key: [] for key in LEXICON_KEYS}
    for piece in pieces(text, ranges):
        for key, spans in piece_spans(text, piece).items():
            found[key].extend(spans)
    return found


def pieces(text: str, ranges: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The ranges grouped in order into pieces of at most PIECE_CHARS characters (with their line
    breaks), a range longer than that cut first (cut_range)."""
    grouped: list[list[tuple[int, int]]] = []
    size = 0
    for a, b in ranges:
        for part in cut_range(text, a, b) if b - a > PIECE_CHARS else [(a, b)]:
            if grouped and size + part[1] - part[0] + 1 <= PIECE_CHARS:
                grouped[-1].append(part)
                size += part[1] - part[0] + 1
            else:
                grouped.append([part])
                size = part[1] - part[0] + 1
    return grouped


def cut_range(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A range of one very long line cut into parts of at most PIECE_CHARS characters, each cut
    after the last sentence end (else space) of its part; a part with no space is cut where it
    is full."""
    parts = []
    while b - a > PIECE_CHARS:
        window = text[a:a + PIECE_CHARS]
        found = list(PIECE_CUT.finditer(window, PIECE_CHARS // 2))
        sentence = [m.end() for m in found if len(m.group()) == 2]
        cut = a + (sentence[-1] if sentence else found[-1].end() if found else PIECE_CHARS)
        parts.append((a, cut))
        a = cut
    parts.append((a, b))
    return parts


def piece_spans(text: str, ranges: list[tuple[int, int]]) -> dict[str, list[tuple[int, int, str, str]]]:
    """The lexicon spans of ranges tagged as one doc (joined by line breaks), in the text's offsets."""
    nlp = build_nlp()
    joined_starts, pos = [], 0
    for a, b in ranges:
        joined_starts.append(pos)
        pos += b - a + 1
    with nlp.select_pipes(disable=["vi_quantities"]):
        doc = nlp("\n".join(text[a:b] for a, b in ranges))
    found: dict[str, list[tuple[int, int, str, str]]] = {}
    for key in LEXICON_KEYS:
        found[key] = []
        for sp in doc.spans[key]:
            i = bisect.bisect_right(joined_starts, sp.start_char) - 1
            shift = ranges[i][0] - joined_starts[i]
            start, end = sp.start_char + shift, sp.end_char + shift
            # sp.text is the doc's text over the span (doc.text is the joined ranges, each verbatim
            # from `text`): a slice, not a walk over the span's tokens
            found[key].append((start, end, sp.label_, text[start:end]))
    return found
