"""Errors that reach the user: each names the file (or item) and the problem in plain words."""

from __future__ import annotations


class CoplawError(Exception):
    """Base class for every error coplaw reports to a user."""


class IngestError(CoplawError):
    """A file could not be read as legislation. ``path`` names the file, ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedFormat(IngestError):
    """The file is of a kind coplaw does not read."""


class CorruptFile(IngestError):
    """The file claims a format but its bytes are broken."""


class EncryptedFile(IngestError):
    """The file is password-protected."""


class NoTextLayer(IngestError):
    """A scanned document with no text, and OCR could not supply one."""


class EmptyFile(IngestError):
    """The file holds no text."""


class TooLarge(IngestError):
    """The file, or what it unpacks to, is over the size limit."""


class UnsafeFile(IngestError):
    """The file tries something dangerous (XML entity expansion, zip bomb)."""


class CatalogueError(CoplawError):
    """The standards catalogue data is invalid; the message names the file and the item."""
