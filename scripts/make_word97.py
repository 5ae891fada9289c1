"""Make Word 97-2003 (.doc) renditions of corpus DOCX files with LibreOffice, as older resolutions
are published: corpus/NAME.docx -> corpus/NAME.doc, fonts kept (a .VnTime run stays a .VnTime run,
its TCVN3 "ư" a soft hyphen).

usage: python scripts/make_word97.py [corpus/NAME.docx ...]
       (default: the sample's Unicode and TCVN3 DOCX renditions)
Needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ["hung-yen-01-NQ-TU-2020.docx", "hung-yen-01-NQ-TU-2020-tcvn3.docx"]


def main(argv: list[str]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_word97: LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    sources = [Path(a) for a in argv] or [ROOT / "corpus" / name for name in DEFAULT]
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            subprocess.run([soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                            "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(source)],
                           check=True, capture_output=True)
            shutil.move(Path(tmp) / f"{source.stem}.doc", source.with_suffix(".doc"))
            print(f"wrote {source.with_suffix('.doc').relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
