"""Word 97-2003 (.doc), RTF and OpenDocument text (.odt): converted to DOCX by LibreOffice, then
read by the DOCX reader. LibreOffice is a program, not a Python package:
`apt-get install libreoffice-writer-nogui` (Debian/Ubuntu); without it such a file fails with
that message."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptFileError, MissingToolError

CONVERTED_FORMATS = {"doc": "a Word 97-2003 (.doc) file", "rtf": "an RTF file", "odt": "an OpenDocument text file"}
LIBREOFFICE_HINT = "`apt-get install libreoffice-writer-nogui` (Debian/Ubuntu)"
CONVERT_TIMEOUT = 300  # seconds for one LibreOffice conversion


def convert_to_docx(data: bytes, source_path: str, fmt: str) -> bytes:
    """Given a .doc, .rtf or .odt file's bytes, return the DOCX LibreOffice makes of it (headless,
    in a private profile, so conversions can run side by side). Run fonts are kept, so legacy
    fonts (.VnTime, VNI-Times) are still seen run by run, and TCVN3's "ư" (byte 0xAD) arrives as a
    <w:softHyphen/>, which the DOCX reader restores."""
    what = CONVERTED_FORMATS[fmt]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise MissingToolError(
            source_path, f"{what}, read by converting it with LibreOffice, which is not installed; "
            f"install it with {LIBREOFFICE_HINT}")
    with tempfile.TemporaryDirectory(prefix="extract-convert-") as tmp:
        src = Path(tmp) / f"input.{fmt}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp) / "out"), str(src)],
                capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise CorruptFileError(source_path, f"{what} that LibreOffice could not convert in "
                                                f"{CONVERT_TIMEOUT} s") from exc
        out = Path(tmp) / "out" / "input.docx"
        if done.returncode != 0 or not out.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise CorruptFileError(source_path, f"{what} that LibreOffice could not convert ({detail[0]})")
        return out.read_bytes()
