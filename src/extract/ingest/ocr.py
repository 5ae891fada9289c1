"""OCR of scanned PDF pages: each page rendered at 300 dpi with pypdfium2, read by Tesseract 5
with its Vietnamese model (hOCR: words with boxes and confidences, grouped in lines), and turned
into the same lines the text-layer reader makes, so layout analysis and everything after it are
shared. A page's ruled tables are found in its image and their cells read apart (scan_tables.py),
each table one table line as the text-layer path makes it. Pages are read in parallel threads,
each Tesseract held to one thread (OMP_THREAD_LIMIT=1: Tesseract's own threads only fight each
other on a small machine).

Tesseract is a program, not a Python package: `apt-get install tesseract-ocr tesseract-ocr-vie`
(Debian, Ubuntu). Without it a scanned page fails with that message and the rest of the document
goes on.
"""
from __future__ import annotations

import functools
import hashlib
import html
import io
import math
import os
import shutil
import statistics
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypedDict

import regex

from .layout import COLUMN_GAP_EM, Line, Run
from .ruled_tables import CellBox, table_line
from .scan_tables import cell_strips, page_tables, slot_of, without_tables

DPI = 300
LANGUAGE = "vie"
INSTALL_HINT = ("Tesseract OCR with its Vietnamese model is not installed; install it with "
                "`apt-get install tesseract-ocr tesseract-ocr-vie` (Debian/Ubuntu) and run again")
# A page is read by OCR when it is an image of text: it draws an image covering at least
# MIN_IMAGE_SHARE of the page (more than an emblem or a logo) and its text layer has fewer visible
# characters than MIN_TEXT_CHARS (a scan, perhaps with a page number), never for short text alone
# (a blank page, a page with only its footer);
MIN_TEXT_CHARS = 20
MIN_IMAGE_SHARE = 0.05
# or when its text is mostly placeholders, (cid:N), control or private-use characters (glyphs
# drawn without readable text), with or without an image.
MAX_GARBAGE_SHARE = 0.3
GARBAGE = regex.compile(r"\(cid:\d+\)|[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")

# Faults of OCR on this genre, repaired only where the context is certain:
# a Roman heading read with "l" or "|" for "I" ("l.", "Il-", "lIl.") at the start of a line;
ROMAN_HEADING = regex.compile(r"^(?=[IVXl|]*[l|])[IVXl|]{1,5}(?=[.\-–]\s*\p{Lu})")
# the letter O or o inside a number ("2O2O", "1O,5"): a token of digits, separators and O with a
# digit right beside an O, no letter around it.
NUMBER_WITH_O = regex.compile(r"(?<![\p{L}\d.,])(?=[\d.,]*[Oo])(?=[Oo.,]*\d)[\dOo](?:[\dOo]|[.,](?=[\dOo]))*(?![\p{L}])")
DIGIT_BESIDE_O = regex.compile(r"\d[.,]?[Oo]|[Oo][.,]?\d")


OcrWord = tuple[str, list[float], float]  # text, box (x0, top, x1, bottom in points), confidence


class HocrLine(TypedDict):
    """A line of Tesseract's hOCR: its words, baseline slope, font size (points) and box."""

    words: list[OcrWord]
    slope: float
    size: float
    box: list[float]


@dataclass
class OcrPage:
    """One page as OCR read it."""

    lines: list[Line]  # the text reader's lines (layout.Line), each with its words' confidences
    confidence: float | None  # mean word confidence, 0-100
    words: int = 0
    warnings: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def tesseract_status() -> str | None:
    """None if Tesseract with the Vietnamese model can run here, else what is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        return INSTALL_HINT
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return INSTALL_HINT
    if LANGUAGE not in langs:
        return ("Tesseract is installed without its Vietnamese model; install it with "
                "`apt-get install tesseract-ocr-vie` (Debian/Ubuntu) and run again")
    return None


def needs_ocr(text: str, image_share: float) -> bool:
    """Does a page with this text layer, whose images cover this share of it, need OCR: an image
    with (almost) no text, or text that is mostly placeholders?"""
    visible = "".join(text.split())  # (str.split: whitespace removed at C speed)
    if len(visible) < MIN_TEXT_CHARS:
        return image_share >= MIN_IMAGE_SHARE
    garbage = sum(len(m.group()) for m in GARBAGE.finditer(visible))
    return garbage > MAX_GARBAGE_SHARE * len(visible)


def repair_ocr_line(text: str) -> str:
    """Repair OCR faults whose context is certain (see ROMAN_HEADING, NUMBER_WITH_O)."""
    text = ROMAN_HEADING.sub(lambda m: m.group().replace("l", "I").replace("|", "I"), text)
    return NUMBER_WITH_O.sub(
        lambda m: m.group().replace("O", "0").replace("o", "0") if DIGIT_BESIDE_O.search(m.group()) else m.group(), text)


TITLE_FIELD = regex.compile(r"(\w+) ([^;]+)")
SPAN = regex.compile(r"<span class='(ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_word)'[^>]*"
                     r"title=[\"']([^\"']*)[\"'][^>]*>([^<]*)")


def parse_hocr(hocr: str, scale: float) -> tuple[list[Line], list[float]]:
    """Given Tesseract's hOCR for a page rendered at `scale` pixels per point, return its lines
    (words joined, boxes in PDF points, skew taken out) and the words' confidences."""
    lines, confidences = hocr_lines(hocr, scale)
    slopes = [ln["slope"] for ln in lines if len(ln["words"]) > 3]
    angle = math.atan(statistics.median(slopes)) if slopes else 0.0
    return [make_ocr_line({**ln, "words": part}, angle) for ln in lines for part in split_columns(ln)], confidences


def hocr_lines(hocr: str, scale: float) -> tuple[list[HocrLine], list[float]]:
    """Tesseract's lines of an image at `scale` pixels per point, each with its words (boxes in
    points), and the words' confidences."""
    lines: list[HocrLine] = []
    confidences: list[float] = []
    for kind, title, body in SPAN.findall(hocr):
        fields = dict(TITLE_FIELD.findall(title))
        box = [float(v) / scale for v in fields["bbox"].split()]
        if kind != "ocrx_word":
            slope = float(fields.get("baseline", "0 0").split()[0])
            size = float(fields.get("x_size", (box[3] - box[1]) * scale)) / scale
            lines.append({"words": [], "slope": slope, "size": size, "box": box})
            continue
        text = html.unescape(body).strip()
        if not text or not lines:
            continue
        confidence = float(fields.get("x_wconf", 0))
        confidences.append(confidence)
        lines[-1]["words"].append((text, box, confidence))
    return lines, confidences


def split_columns(line: HocrLine) -> list[list[OcrWord]]:
    """A Tesseract line's words cut where a gap wider than the text reader's column gap parts them
    (a two-column letterhead read as one line)."""
    parts: list[list[OcrWord]] = []
    for word in line["words"]:
        if parts and word[1][0] - parts[-1][-1][1][2] > COLUMN_GAP_EM * line["size"]:
            parts.append([word])
        elif parts:
            parts[-1].append(word)
        else:
            parts.append([word])
    return parts


def make_ocr_line(line: HocrLine, angle: float) -> Line:
    """One Tesseract line as a reader line: its words joined by spaces, its box rotated by the
    page's skew so that lines of a skewed scan are level (their left ends line up for the
    paragraph analysis)."""
    cos, sin = math.cos(angle), math.sin(angle)

    def level(x: float, y: float) -> tuple[float, float]:
        return x * cos + y * sin, y * cos - x * sin

    words = line["words"]
    x0, top = level(words[0][1][0], words[0][1][1])
    x1, _ = level(words[-1][1][2], words[-1][1][1])
    bottom = max(level(b[0], b[3])[1] for _, b, _ in words)
    top = min(level(b[0], b[1])[1] for _, b, _ in words)
    text = repair_ocr_line(" ".join(w for w, _, _ in words))
    return {"legacy_fonts": [], "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "size": max(line["size"], 1.0), "bold": False, "furniture": False,
            "word_confidences": [(w, c) for w, _, c in words]}


MAX_SKEW_DEGREES = 5.0


SKEW_COARSE_STEP = 1.0  # degrees: the first search's step, then ...
SKEW_FINE_STEP = 0.2  # ... the second's, within one coarse step of the first's best


def skew_angle(image: Any) -> float:
    """The angle (degrees, counter-clockwise) by which a page's text lines are turned: the one that,
    undone, makes the rows of a small copy of the page most uneven (text rows dark, gaps white).
    Searched coarse then fine (16 turns of the small copy instead of 51 at the fine step)."""
    small = (image if image.mode == "L" else image.convert("L")).reduce(4)  # (4 x 4 pixels averaged)
    coarse = int(MAX_SKEW_DEGREES / SKEW_COARSE_STEP)
    best, score = best_turn(small, [k * SKEW_COARSE_STEP for k in range(-coarse, coarse + 1)], 0.0, -1.0)
    fine = int(SKEW_COARSE_STEP / SKEW_FINE_STEP)
    near = [round(best + k * SKEW_FINE_STEP, 1) for k in range(-fine + 1, fine) if k]
    best, _ = best_turn(small, [a for a in near if abs(a) <= MAX_SKEW_DEGREES], best, score)
    return best


def best_turn(small: Any, angles: list[float], best: float, best_score: float) -> tuple[float, float]:
    """The angle among `angles` (tried nearest `best` first) whose turn makes the rows most uneven,
    and its score; a turn must beat the best so far by 1% (a level page stays level)."""
    import numpy as np

    for angle in sorted(angles, key=lambda a: (abs(a - best), abs(a))):
        rows = 255.0 - np.asarray(small.rotate(-angle, fillcolor=255), dtype=np.float32).mean(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > 1.01 * best_score:
            best, best_score = angle, score
    return best, best_score


MIN_TURN_DEGREES = 0.2  # a page turned by less than this is level enough


def prepare(image: Any) -> tuple[Any, float]:
    """A page image made easier to read: turned level if it was scanned askew, its specks taken
    out first (despeckle) where it is turned (resampling spreads a speck into a grey blot that
    Tesseract reads as a mark: "II-" read "H-" on the corpus's skewed scan); and the angle it was
    turned by. A level page is read unfiltered: the median cost 0.2 s a page, a tenth of
    Tesseract's own time, and changed no section and next to no word of the level corpus scans
    (benchmarks/ocr.py)."""
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) < MIN_TURN_DEGREES:
        return image, angle
    # bilinear: 0.12 s a page where bicubic takes 0.27, and as many words read (benchmarks/ocr.py)
    return level(despeckle(image), angle, Image.Resampling.BILINEAR), angle


def despeckle(image: Any) -> Any:
    """Specks taken out by a 3x3 median (strokes and diacritics are several pixels wide at 300 dpi)
    of a grayscale image, the same pixels as PIL's MedianFilter(3) (edges repeated outward) in a
    sixth of its time (0.03 s a page where PIL takes 0.17): each pixel's column of three sorted
    once, the median of the nine is the median of the largest of the three columns' least values,
    the median of their middle values and the least of their largest values."""
    import numpy as np
    from PIL import Image

    pixels = np.pad(np.asarray(image if image.mode == "L" else image.convert("L")), 1, mode="edge")
    above, middle, below = pixels[:-2], pixels[1:-1], pixels[2:]
    low, high = np.minimum(above, middle), np.maximum(above, middle)
    middle, high = np.minimum(high, below), np.maximum(high, below)
    low, middle = np.minimum(low, middle), np.maximum(low, middle)
    lows = np.maximum(np.maximum(low[:, :-2], low[:, 1:-1]), low[:, 2:])
    highs = np.minimum(np.minimum(high[:, :-2], high[:, 1:-1]), high[:, 2:])
    middles = median_of_three(middle[:, :-2], middle[:, 1:-1], middle[:, 2:])
    return Image.fromarray(median_of_three(lows, middles, highs))


def median_of_three(a: Any, b: Any, c: Any) -> Any:
    """The element-wise median of three arrays."""
    import numpy as np

    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def level(image: Any, angle: float, resample: Any) -> Any:
    """The image turned by -angle degrees (unless the angle is too small to matter)."""
    return image.rotate(-angle, resample=resample, fillcolor=255) if abs(angle) >= MIN_TURN_DEGREES else image


def tesseract_hocr(image: Any, *options: str) -> tuple[str | None, str]:
    """Tesseract's hOCR of an image (PIL), with these options; None and the reason if it failed."""
    buffer = io.BytesIO()
    # PNG, fastest compressed: Tesseract reads its stdin slowly, byte by byte, so the smaller input
    # wins: a stored PNG (level 0, 8.7 MB a page) or PNM costs Tesseract 0.2-0.4 s a page more than
    # level 1 (0.7 MB), though it is encoded in 0.04 s where level 1 takes 0.06 (benchmarks/ocr.py)
    image.save(buffer, format="PNG", compress_level=1)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), *options, "hocr"],
                          input=buffer.getvalue(), capture_output=True, env=env, timeout=600)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        return None, message[0]
    return done.stdout.decode("utf-8"), ""


def ocr_image(image: Any, scale: float) -> OcrPage:
    """Given a page image (PIL) rendered at `scale` pixels per point, return its OCR'd lines; a
    ruled table found in it (scan_tables.py) is one table line whose cells hold their words. The
    rules are looked for in the unfiltered page (a median filter takes out a rule one pixel thick;
    it is run only to bound a table cell's ink), turned level by the cheapest resampling (it only
    has to keep dark pixels dark)."""
    from PIL import Image

    levelled, angle = prepare(image)
    tables = page_tables(level(image, angle, Image.Resampling.NEAREST), scale)
    hocr, problem = tesseract_hocr(without_tables(levelled, tables, scale) if tables else levelled)
    if hocr is None:
        return OcrPage(lines=[], confidence=None, warnings=[f"Tesseract failed ({problem})"])
    lines, confidences = parse_hocr(hocr, scale)
    warnings: list[str] = []
    if tables:
        unfiltered = level(image, angle, Image.Resampling.BICUBIC)
        clean = level(despeckle(image), angle, Image.Resampling.BICUBIC)
        table_lines, table_confidences, warnings = read_tables(unfiltered, clean, tables, scale)
        lines, confidences = lines + table_lines, confidences + table_confidences
    return OcrPage(lines=lines, confidence=statistics.fmean(confidences) if confidences else None,
                   words=len(confidences), warnings=warnings)


def read_tables(image: Any, clean: Any, tables: list[list[CellBox]], scale: float
                ) -> tuple[list[Line], list[float], list[str]]:
    """The table lines of a page's ruled tables (cells' boxes in points), their cells' words read
    by Tesseract from strips of the cells' ink as one block of text each (--psm 6), the words'
    confidences and warnings. The ink is the page's own pixels (the median filter blurs thin marks, a grave
    accent read as an acute), bounded by those of the filtered page `clean` (no specks)."""
    import numpy as np
    from PIL import Image

    runs: list[Run] = []
    confidences: list[float] = []
    warnings: list[str] = []
    for strip, slots in cell_strips(np.asarray(image), np.asarray(clean), tables, scale):
        hocr, problem = tesseract_hocr(Image.fromarray(strip), "--psm", "6")
        if hocr is None:
            warnings.append(f"Tesseract failed on a table's cells ({problem})")
        for read in hocr_lines(hocr, scale)[0] if hocr else []:
            for text, box, confidence in read["words"]:
                slot = slot_of(slots, (box[1] + box[3]) / 2 * scale)
                if slot is None:
                    continue
                x0, top, x1, bottom = slot.place(box, scale)
                runs.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                             "size": max(read["size"], 1.0), "fontname": "", "space_after": True})
                confidences.append(confidence)
    lines = []
    for cells in tables:
        line, runs = table_line(cells, runs)
        for cell in line["table"]:
            for text_line in cell["lines"]:
                text_line["text"] = repair_ocr_line(text_line["text"])
        lines.append(line)
    return lines, confidences, warnings


def ocr_pages(pdf_bytes: bytes, page_indexes: list[int], threads: int | None = None) -> dict[int, OcrPage]:
    """Given a PDF and the (0-based) pages to read, return each page's OCR. Pages are rendered
    one at a time (bounded memory) and read in `threads` parallel Tesseract processes."""
    problem = tesseract_status()
    if problem:
        return {i: OcrPage(lines=[], confidence=None, warnings=[f"page {i + 1} is a scan: {problem}"])
                for i in page_indexes}
    import pypdfium2 as pdfium

    scale = DPI / 72
    key = hashlib.sha256(pdf_bytes).hexdigest()
    results: dict[int, OcrPage] = {i: _CACHE[(key, i)] for i in page_indexes if (key, i) in _CACHE}
    page_indexes = [i for i in page_indexes if i not in results]
    if not page_indexes:
        return results
    pdf = pdfium.PdfDocument(pdf_bytes)
    threads = threads or ocr_threads()

    try:
        # pdfium is not thread-safe: render in this thread, OCR in the pool
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            pending = []
            for index in page_indexes:
                page = pdf[index]
                try:
                    image = page.render(scale=scale, grayscale=True).to_pil()
                finally:
                    page.close()
                pending.append((index, pool.submit(ocr_image, image, scale)))
                if len(pending) >= 2 * threads:  # keep at most a few page images in memory
                    index0, future = pending.pop(0)
                    results[index0] = future.result()
            for index0, future in pending:
                results[index0] = future.result()
        for index in page_indexes:
            _remember((key, index), results[index])
        return results
    finally:
        pdf.close()


# OCR'd pages of this process, by (PDF hash, page): a document read twice is OCR'd once.
_CACHE: dict[tuple[str, int], OcrPage] = {}
CACHE_PAGES = 256


def _remember(key: tuple[str, int], page: OcrPage) -> None:
    """Keep a page's OCR for this process, the oldest page dropped past CACHE_PAGES."""
    if len(_CACHE) >= CACHE_PAGES:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = page


_THREADS: int | None = None


def set_ocr_threads(n: int | None) -> None:
    """How many pages of one document are OCR'd at once (a batch over several worker processes
    sets 1, each worker then reading its own document's pages)."""
    global _THREADS
    _THREADS = n


def ocr_threads() -> int:
    """How many pages of one document are OCR'd at once: as set, else one per CPU."""
    return _THREADS or os.cpu_count() or 1
