"""The default PDF engine, pypdfium2: each page's text runs, the page sizes and the ruled tables.

A page's runs are its text rectangles (a run of characters of one text object: one font, one
size), asked line by line; a page whose combining marks are glyphs of their own is read character
by character instead, its marks attached to their letters (marks.py) and the characters joined
into the same runs.

A page's ruled tables are found from its path objects (read with their transforms, form objects
entered), classified and turned into edges as pdfminer and pdfplumber do, and the cells found by
pdfplumber's table rules (ruled_tables.py): no second parse of the page.
"""
from __future__ import annotations

import ctypes
import unicodedata
from typing import Any

from ..errors import CorruptFileError
from .layout import INK_SPACE_GAP_EM, SPACE_GAP_EM, TABLE_MIN_PATHS, Char, Run
from .marks import attach_marks, has_loose_marks
from .ruled_tables import CellBox, SubPath, Tables, count_pieces, edges_to_tables, subpath_edges

# each page's runs, its size, the ruled tables, the share of each page its images cover
PageRuns = tuple[list[list[Run]], list[tuple[float, float]], Tables, list[float]]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FONT_NAME_BYTES = 256
# The document is opened again after this many pages: pdfium keeps every object it has parsed until
# the document is closed (126 MiB more on a 2,000-page PDF read in one opening, none read 200 pages
# an opening), so memory is bounded by the pages of one opening, not the file's.
REOPEN_PAGES = 200


def pdf_runs_pdfium(data: bytes, source_path: str) -> PageRuns:
    """Text runs of every page with pypdfium2; the page sizes (width, height); each page's ruled
    tables (pages drawing fewer than TABLE_MIN_PATHS rules have none); the share of each page its
    images cover."""
    import pypdfium2 as pdfium  # (~0.08 s) imported when the first PDF is read

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(source_path, f"a damaged PDF file ({exc})") from exc
    pages_runs: list[list[Run]] = []
    sizes: list[tuple[float, float]] = []
    tables: Tables = {}
    image_shares: list[float] = []
    name = ctypes.create_string_buffer(FONT_NAME_BYTES)
    flags = ctypes.c_int()
    try:
        for index in range(len(pdf)):
            if index and index % REOPEN_PAGES == 0:  # pdfium keeps what it parsed until the document closes
                pdf.close()
                pdf = pdfium.PdfDocument(data)
            page = pdf[index]
            width, height = page.get_size()
            pages_runs.append(page_runs(page, height, name, flags))
            found, share = page_graphics(page, width, height)
            if found:
                tables[len(pages_runs) - 1] = found
            image_shares.append(share)
            page.close()
            sizes.append((width, height))
    finally:
        pdf.close()
    return pages_runs, sizes, tables, image_shares


def page_runs(page: Any, height: float, name: Any, flags: Any) -> list[Run]:
    """One page's runs: character by character where the page's text holds loose combining marks
    (if that finds any run), else by text rectangles line by line."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    runs: list[Run] = []
    if has_loose_marks(text):
        runs = chars_to_runs(attach_marks(pdfium_chars(textpage, height, name, flags)))
    if not runs:
        runs = pdfium_line_runs(textpage, text, height, name, flags)
    textpage.close()
    return runs


def pdfium_line_runs(textpage: Any, text: str, height: float, name: Any, flags: Any) -> list[Run]:
    """Given a pdfium text page and its text, return its runs: one per text rectangle, with its
    text, box, font name and size.

    The page's text is cut at the line breaks pdfium generates, and the rectangles are asked for
    line by line (FPDFText_CountRects over the line's characters: work in proportion to the line,
    where asking for a rectangle's text scans the whole page). A line that is one rectangle
    has the line's text; a line of several (a font change, two columns) asks for each one's text."""
    return RectangleReader(textpage, text, height, name, flags).runs()


class RectangleReader:
    """Reads the text rectangles of one pdfium text page, line by line, into runs. The pdfium
    calls take the text page's raw handle (the helper object's handle is a Python property, read
    on every call)."""

    __slots__ = ("raw", "handle", "text", "height", "name", "flags", "buffer", "n_chars", "left", "bottom",
                 "right", "top")

    def __init__(self, textpage: Any, text: str, height: float, name: Any, flags: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self.raw: Any = pdfium_c
        self.handle, self.text, self.height, self.name = textpage.raw, text, height, name
        self.flags = ctypes.byref(flags)
        self.n_chars: int = pdfium_c.FPDFText_CountChars(self.handle)
        # a rectangle's text is at most the page's
        self.buffer = (ctypes.c_ushort * (self.n_chars + 1))()
        self.left, self.bottom, self.right, self.top = (ctypes.c_double() for _ in range(4))

    def runs(self) -> list[Run]:
        """Every run of the page, line by line."""
        handle, text, n_chars = self.handle, self.text, self.n_chars
        count_rects, get_rect = self.raw.FPDFText_CountRects, self.raw.FPDFText_GetRect
        left, bottom, right, top = self.left, self.bottom, self.right, self.top
        rectangle_run = self.rectangle_run
        runs = []
        pos = 0
        while pos < n_chars:
            stop = text.find("\r\n", pos)
            stop = n_chars if stop < 0 else stop
            count = count_rects(handle, pos, stop - pos) if stop > pos else 0
            for i in range(count):
                get_rect(handle, i, left, top, right, bottom)
                run = rectangle_run(left.value, bottom.value, right.value, top.value, count, pos, stop)
                if run is not None:
                    runs.append(run)
            pos = stop + 2
        return runs

    def rectangle_run(self, x0: float, y0: float, x1: float, y1: float, count: int, pos: int, stop: int) -> Run | None:
        """The run of a rectangle (x0, y0, x1, y1), one of the line's `count` (the line is
        text[pos:stop]); None if it shows no text."""
        if count == 1:
            bounded = self.text[pos:stop]
            # any visible character of the run has the run's font
            index = pos + len(bounded) - len(bounded.lstrip())
        else:
            bounded, index = self.bounded_text(x0, y0, x1, y1)
        # pdfium writes a hyphen that ends a line as U+0002: it is the hyphen the page shows
        bounded = bounded.replace("\x02", "-")
        run_text = bounded.strip()
        if not run_text:
            return None
        if index >= 0:
            raw = self.raw
            size = raw.FPDFText_GetFontSize(self.handle, index)
            font = font_name(raw, self.handle, index, self.name, self.flags)
        else:
            size, font = y1 - y0, ""
        height = self.height
        # pdfium's text has a space (drawn or generated) wherever there is one; the boxes are
        # ink, so a gap between two runs (a font change mid-word) is no sign of a space
        return {"text": run_text, "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0,
                "size": size or (y1 - y0), "fontname": font,
                "space_before": bounded[:1].isspace(), "space_after": bounded[-1:].isspace(),
                "space_gap_em": INK_SPACE_GAP_EM}

    def bounded_text(self, x0: float, y0: float, x1: float, y1: float) -> tuple[str, int]:
        """The text inside a rectangle, and the index of one of its characters (for its font): the
        one nearest the middle, within the rectangle."""
        raw = self.raw
        written = raw.FPDFText_GetBoundedText(self.handle, x0, y1, x1, y0, self.buffer, len(self.buffer))
        # (the count pdfium returns includes the terminating NUL)
        bounded = bytes(memoryview(self.buffer)[:max(written, 0)]).decode("utf-16-le", "ignore").partition("\x00")[0]
        index = raw.FPDFText_GetCharIndexAtPos(self.handle, (x0 + x1) / 2, (y0 + y1) / 2,
                                               max(2.0, (x1 - x0) / 2), max(2.0, (y1 - y0) / 2))
        return bounded, index


def font_name(raw: Any, textpage: Any, index: int, name: Any, flags: Any) -> str:
    """The font name of the character at index ("" if pdfium has none); `flags` is a reference
    (ctypes.byref) to the int that receives the font's flags."""
    if raw.FPDFText_GetFontInfo(textpage, index, name, FONT_NAME_BYTES, flags):
        return str(name.value.decode("utf-8", "replace"))
    return ""


def page_graphics(page: Any, width: float, height: float) -> tuple[list[list[CellBox]], float]:
    """A pdfium page's ruled tables (cells' boxes), found from its painted paths, and the share of
    the page its images cover (0 to 1)."""
    import pypdfium2.raw as pdfium_c

    paths: list[tuple[Any, Matrix]] = []
    images: list[Matrix] = []
    handle, get_object = page.raw, pdfium_c.FPDFPage_GetObject  # (the raw handle: see RectangleReader)
    objects_paths(pdfium_c, [get_object(handle, i) for i in range(pdfium_c.FPDFPage_CountObjects(handle))],
                  IDENTITY, paths, images)
    share = min(1.0, sum(image_area(m, width, height) for m in images) / (width * height)) if width * height > 0 else 0.0
    if not paths:
        return [], share
    subpaths = [sp for obj, matrix in paths for sp in path_subpaths(pdfium_c, obj, matrix, height)]
    if count_pieces(subpaths) < TABLE_MIN_PATHS:
        return [], share
    return edges_to_tables(subpath_edges(subpaths)), share


def image_area(matrix: Matrix, width: float, height: float) -> float:
    """The area of the page an image drawn with this matrix covers (its unit square's box, clipped
    to the page)."""
    a, b, c, d, e, f = matrix
    xs, ys = [e, e + a, e + c, e + a + c], [f, f + b, f + d, f + b + d]
    return max(0.0, min(max(xs), width) - max(min(xs), 0.0)) * max(0.0, min(max(ys), height) - max(min(ys), 0.0))


def objects_paths(raw: Any, objects: list[Any], outer: Matrix, paths: list[tuple[Any, Matrix]],
                  images: list[Matrix]) -> None:
    """Add to `paths` every painted path object among `objects` (and inside their form objects),
    with the matrix that takes its points to the page; to `images` the matrix of every image."""
    matrix = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    get_type, form, image = raw.FPDFPageObj_GetType, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_IMAGE
    drawn = (raw.FPDF_PAGEOBJ_PATH, form, image)
    for obj in objects:
        kind = get_type(obj)
        if kind not in drawn or not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        own = compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == form:
            objects_paths(raw, [raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))],
                          own, paths, images)
        elif kind == image:
            images.append(own)
        elif raw.FPDFPath_GetDrawMode(obj, fill, stroke) and (fill.value or stroke.value):  # painted
            paths.append((obj, own))


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


SEGMENT_OPERATORS = {0: "l", 1: "c", 2: "m"}  # FPDF_SEGMENT_LINETO, _BEZIERTO, _MOVETO


def path_subpaths(raw: Any, obj: Any, matrix: Matrix, height: float) -> list[SubPath]:
    """A path object's subpaths as pdfminer sees them: each operator's end point on the page (top
    down), a Bézier curve one "c" (pdfium gives its two control points as segments of their own),
    and a closing "h" (pdfium flags the closing point: a line back to the start is the "h")."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[SubPath] = []
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    beziers = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        op = SEGMENT_OPERATORS.get(raw.FPDFPathSegment_GetType(segment), "")
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if op == "m" and shape:
            subpaths.append(("".join(shape), pts))
            shape, pts = [], []
        if op == "c":
            beziers += 1
            if beziers % 3:  # a control point
                continue
        if raw.FPDFPathSegment_GetClose(segment) and pts:
            if op != "l" or point != pts[0]:
                shape.append(op)
                pts.append(point)
            shape.append("h")
            pts.append(pts[0])
        else:
            shape.append(op)
            pts.append(point)
    if shape:
        subpaths.append(("".join(shape), pts))
    return subpaths


def pdfium_chars(textpage: Any, height: float, name: Any, flags: Any) -> list[Char]:
    """Every drawn character of a pdfium text page with its box, font name and size."""
    import pypdfium2.raw as pdfium_c

    chars: list[Char] = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage, i)).replace("\x02", "-")  # a line-end hyphen
        if not text.strip():
            continue
        # a letter's box is its advance (gaps between boxes are the spaces); a mark's is its ink,
        # whose centre says which letter it sits on
        left, bottom, right, top = textpage.get_charbox(i, loose=not unicodedata.combining(text))
        chars.append({"text": text, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
                      "size": pdfium_c.FPDFText_GetFontSize(textpage, i) or (top - bottom),
                      "fontname": font_name(pdfium_c, textpage, i, name, ctypes.byref(flags))})
    return chars


def chars_to_runs(chars: list[Char]) -> list[Run]:
    """Given characters in drawing order, return runs: neighbours on one line in one font with
    no word gap between them joined (the same pieces the fast path's text rectangles give)."""
    runs: list[Run] = []
    for c in chars:
        last = runs[-1] if runs else None
        if last and last["fontname"] == c["fontname"] \
                and abs((last["top"] + last["bottom"]) / 2 - (c["top"] + c["bottom"]) / 2) < 0.5 * float(c["size"]) \
                and -0.5 * float(c["size"]) <= c["x0"] - last["x1"] <= SPACE_GAP_EM * float(c["size"]):
            last["text"] += c["text"]
            last["x1"] = max(last["x1"], c["x1"])
            last["top"] = min(last["top"], c["top"])
            last["bottom"] = max(last["bottom"], c["bottom"])
        else:
            runs.append({**c, "space_before": False, "space_after": False})
    return runs
