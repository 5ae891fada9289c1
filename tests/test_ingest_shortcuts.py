"""The PDF ingest stage's shortcuts (issue 19) give what the plain way gives: a line's font facts
cached per font name, a table's grid indices looked up once per edge. Each is checked by hand on
an example and against the plain way it replaces, written out here."""
from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ingest.layout import GRID_TOLERANCE, SPACE_GAP_EM, make_line, words_to_lines
from extract.ingest.ruled_tables import grid_index, table_line
from extract.text.legacy import encoding_of_font
from extract.text.vietnamese import SUBSET_PREFIX


def run(text, x0, x1, font="Times", size=12.0, top=100.0, **flags):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "size": size, "fontname": font, **flags}


def plain_make_line(words):
    """make_line as it was written before its font facts were cached."""
    fonts = [SUBSET_PREFIX.sub("", w["fontname"]) for w in words]
    legacy = []
    text = ""
    for i, (word, font) in enumerate(zip(words, fonts)):
        if i and (word["x0"] - words[i - 1]["x1"] > word.get("space_gap_em", SPACE_GAP_EM) * float(word["size"])
                  or words[i - 1].get("space_after") or word.get("space_before")):
            text += " "
        if encoding_of_font(font):
            legacy.append((len(text), len(text) + len(word["text"]), font))
        text += word["text"]
    return {"legacy_fonts": legacy, "text": text, "x0": min(w["x0"] for w in words), "x1": max(w["x1"] for w in words),
            "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words),
            "size": statistics.median(float(w["size"]) for w in words),
            "bold": all("bold" in f.lower() for f in fonts), "furniture": False}


def test_make_line_legacy_span_and_boldness_by_hand():
    # "Thu" in a subset of a TCVN3 capitals font, then "ngân" in a bold Unicode font after a gap
    line = make_line([run("Thu", 10, 30, "ABCDEF+.VnTimeH"), run("ngân", 40, 70, "Times-Bold")])
    assert line["text"] == "Thu ngân"
    assert line["legacy_fonts"] == [(0, 3, ".VnTimeH")]
    assert line["bold"] is False  # one of the two runs is not bold
    one = make_line([run("ĐIỀU", 10, 50, "XYZABC+Arial,Bold")])
    assert (one["text"], one["legacy_fonts"], one["bold"], one["x1"]) == ("ĐIỀU", [], True, 50)


FONTS = st.sampled_from(["Times", "Times-Bold", "ABCDEF+Arial-BoldMT", ".VnTime", "ABCDEF+.VnTimeH",
                         "VNI-Times", "ABCDEF+GHIJKL+.VnArialH", "VISCII-Bold", ""])
RUNS = st.lists(st.builds(lambda t, x, w, f, s, before, after: run(t, x, x + w, f, s, space_before=before,
                                                                   space_after=after),
                          st.text("aăb ", min_size=1, max_size=4), st.floats(0, 500), st.floats(0, 40), FONTS,
                          st.floats(1, 30), st.booleans(), st.booleans()), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(RUNS)
def test_make_line_is_the_plain_way(words):
    assert make_line(words) == plain_make_line(words)


def plain_table_line(cells, runs):
    """table_line as it was written before its grid indices were looked up once per edge."""
    cols = grid_index([c[0] for c in cells])
    rows = grid_index([c[1] for c in cells])
    box = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    inside = [[] for _ in cells]
    rest = []
    for r in runs:
        x, y = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
        cell = next((k for k, c in enumerate(cells) if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None) \
            if box[0] <= x <= box[2] and box[1] <= y <= box[3] else None
        (rest if cell is None else inside[cell]).append(r)
    items = []
    for (x0, top, x1, _bottom), held in zip(cells, inside):
        last = max(k for k in range(len(cols)) if cols[k] < x1 - GRID_TOLERANCE)
        items.append({"row": min(range(len(rows)), key=lambda k: abs(rows[k] - top)),
                      "first": min(range(len(cols)), key=lambda k: abs(cols[k] - x0)), "last": last,
                      "lines": words_to_lines(held), "top": top})
    items.sort(key=lambda c: (c["row"], c["first"]))
    return items, rest


def test_table_line_by_hand():
    # two rows; the first row's cell spans both columns
    cells = [(0.0, 0.0, 200.0, 20.0), (0.0, 20.0, 100.0, 40.0), (100.0, 20.0, 200.0, 40.0)]
    line, rest = table_line(cells, [run("Chỉ tiêu", 10, 60, top=4, size=10), run("5 tỷ", 120, 150, top=24, size=10),
                                    run("ngoài", 10, 60, top=60)])
    got = [(c["row"], c["first"], c["last"], " ".join(ln["text"] for ln in c["lines"])) for c in line["table"]]
    assert got == [(0, 0, 1, "Chỉ tiêu"), (1, 0, 0, ""), (1, 1, 1, "5 tỷ")]
    assert [r["text"] for r in rest] == ["ngoài"]


COORDS = st.one_of(st.floats(0, 160), st.integers(0, 128).map(lambda v: v * 1.25))  # (on the edges too)
EDGES = st.lists(st.integers(0, 60).map(lambda v: v * 2.5), min_size=2, max_size=8, unique=True).map(sorted)


@settings(max_examples=200, deadline=None)
@given(EDGES, EDGES, st.lists(st.tuples(COORDS, COORDS), max_size=30), st.randoms())
def test_table_line_is_the_plain_way(xs, ys, points, rnd):
    cells = [(x0, y0, x1, y1) for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:]) if x1 - x0 > GRID_TOLERANCE]
    if rnd.random() < 0.5 and len(cells) > 1:  # a spanning cell over the first two
        a, b = cells[0], cells[1]
        cells[:2] = [(min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))]
    if not cells:
        return
    runs = [run(f"w{i}", x - 1, x + 1, top=y - 1, size=2.0) for i, (x, y) in enumerate(points)]
    line, rest = table_line(cells, runs)
    assert (line["table"], rest) == plain_table_line(cells, runs)
