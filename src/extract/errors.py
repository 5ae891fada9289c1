"""The project's exceptions: one base class, one subclass per way an input can be bad.

Each message names the file and says what is wrong and, where there is one, what to do.
"Not found" is never an exception: stages return None or empty lists for that.
"""
from __future__ import annotations


class ExtractError(Exception):
    """Base class: bad input or a bad setting. The CLI prints it as one line."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnsupportedFormatError(ExtractError):
    """The file's content is not one of the formats we read."""


class CorruptFileError(ExtractError):
    """The file claims a format but cannot be parsed as it."""


class EmptyDocumentError(ExtractError):
    """The file holds no text we can use (empty, or a PDF with no text layer)."""


class TextEncodingError(ExtractError):
    """A text file in an encoding we cannot decode."""


class MissingToolError(ExtractError):
    """Reading the file needs a program that is not installed (Tesseract for scans, LibreOffice
    for .doc/.rtf/.odt); the message says how to install it."""


class SetupError(Exception):
    """A setting or the environment stops a run before any file is read (a Dask engine without
    its package, a scheduler that does not answer). The CLI prints the message as one line."""


class LimitError(ExtractError):
    """The file is over one of the limits of extract.ingest.limits (size, pages, characters, a ZIP
    member's inflated size or ratio); the message names the limit and how to raise it."""


class UnsafeFileError(CorruptFileError):
    """The file is built in a way we refuse to read: XML with a DTD or entity declarations, elements
    or tables nested too deep, a ZIP we cannot open safely."""


class ProtectedFileError(ExtractError):
    """The file is encrypted and needs a password to be opened."""
