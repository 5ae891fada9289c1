"""Make scanned renditions of a corpus PDF: image-only PDFs with no text layer, as resolutions are
published when the signed paper is scanned.

usage: python scripts/make_scans.py [corpus/NAME.pdf]     (default: the sample, hung-yen-01-NQ-TU-2020)

Writes corpus/NAME-scan.pdf (every page rendered at 200 dpi, thresholded to black and white, as an
office scanner's document mode makes it) and corpus/NAME-scan-skewed.pdf (the same pages turned
by 1.2 degrees, speckled, slightly blurred, then thresholded: a sheet fed askew through a worn
scanner). The text is only in
the pixels, so the pipeline must OCR it. The noise is seeded: re-running gives the same pages.
Needs pypdfium2 and Pillow (both come with the project's dependencies).
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPI = 200
SKEW_DEGREES = 1.2


def render_pages(pdf_path: Path) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=DPI / 72, grayscale=True).to_pil() for page in pdf]
    finally:
        pdf.close()


def worn_scanner(image, seed: int):
    """The page turned a little, speckled and slightly blurred."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    turned = image.rotate(SKEW_DEGREES, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = turned.load()
    width, height = turned.size
    for _ in range(width * height // 1000):  # dark and light specks on 0.1% of the pixels
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 60, 255))
    return turned.filter(ImageFilter.GaussianBlur(radius=0.6))


def black_and_white(image, dither: bool):
    from PIL import Image

    if dither:
        return image.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    return image.point(lambda v: 255 if v > 160 else 0).convert("1", dither=Image.Dither.NONE)


def save_pdf(images: list, out: Path) -> None:
    first, *rest = images
    first.save(out, "PDF", resolution=DPI, save_all=True, append_images=rest)


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else ROOT / "corpus" / "hung-yen-01-NQ-TU-2020.pdf"
    pages = render_pages(source)
    save_pdf([black_and_white(page, dither=False) for page in pages], source.with_name(f"{source.stem}-scan.pdf"))
    save_pdf([black_and_white(worn_scanner(page, seed=i), dither=False) for i, page in enumerate(pages)],
             source.with_name(f"{source.stem}-scan-skewed.pdf"))
    print(f"wrote {source.stem}-scan.pdf and {source.stem}-scan-skewed.pdf ({len(pages)} pages at {DPI} dpi)")


if __name__ == "__main__":
    main(sys.argv[1:])
