"""Ingest stage: a legislation file's bytes to ``SourceText`` (text, page/offset map, tree).

``read(path)`` is the one entry point. It looks at the content, not the name: a PDF saved as
``.txt`` is read as a PDF (with a warning), binary data named ``.txt`` is refused. Every
failure is an ``IngestError`` subclass whose message names the file and the problem.
"""

from __future__ import annotations

from pathlib import Path

from coplaw.document import SourceText
from coplaw.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    IngestError,
    NoTextLayer,
    TooLarge,
    UnsafeFile,
    UnsupportedFormat,
)
from coplaw.ingest import language
from coplaw.ingest.sniff import SUFFIX_KINDS, XML_KINDS, sniff

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MIB

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    s for s, kind in SUFFIX_KINDS.items() if kind not in ("doc", "rtf"))

__all__ = [
    "DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "CorruptFile", "EmptyFile", "EncryptedFile",
    "IngestError", "NoTextLayer", "TooLarge", "UnsafeFile", "UnsupportedFormat", "read",
    "read_bytes",
]

_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML", "text": "plain text",
           "markdown": "Markdown", "xml": "XML", "akn": "Akoma Ntoso XML",
           "uslm": "USLM XML", "lims": "Justice Canada XML", "zip": "a ZIP archive",
           "doc": "an old binary Word document (.doc)", "rtf": "Rich Text Format (RTF)"}


def read(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one legislation file. Raises an ``IngestError`` subclass naming the file."""
    p = Path(path)
    name = str(p)
    try:
        if p.is_dir():
            raise IngestError(name, "is a directory, not a file")
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise IngestError(name, "no such file") from exc
    except OSError as exc:
        raise IngestError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise TooLarge(name, f"is {size / MIB:.1f} MiB, over the {max_bytes / MIB:g} MiB "
                       "limit for one file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot be read ({exc.strerror or exc})") from exc
    return read_bytes(data, name, suffix=p.suffix.lower(), max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, *, suffix: str = "",
               max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file's bytes; ``name`` is what messages call the file, ``suffix`` its claim."""
    if len(data) > max_bytes:
        raise TooLarge(name, f"is {len(data) / MIB:.1f} MiB, over the {max_bytes / MIB:g} MiB "
                       "limit for one file")
    if not data.strip(b" \t\r\n\f\v\x00"):
        raise EmptyFile(name, "is empty" if not data else "holds only whitespace")
    claimed = SUFFIX_KINDS.get(suffix)
    kind = sniff(data)
    warnings: list[str] = []
    if claimed is not None and not _agrees(claimed, kind):
        warnings.append(f"{name}: named {suffix} but its content is {_LABELS.get(kind, kind)}; "
                        f"read as {_LABELS.get(kind, kind)}")
    src = _dispatch(kind, claimed, data, name, suffix, max_bytes)
    if not src.text.strip():
        raise EmptyFile(name, "contains no text")
    src.warnings = warnings + src.warnings
    if src.language is None:
        src.language = language.detect(src.text)
    return src


def _agrees(claimed: str, kind: str) -> bool:
    if claimed == kind or (claimed in ("text", "markdown") and kind == "xml"):
        return True
    if claimed == "xml" and kind in XML_KINDS:
        return True
    if claimed == "markdown" and kind == "text":
        return True
    return claimed == "html" and kind == "xml"


def _dispatch(kind: str, claimed: str | None, data: bytes, name: str, suffix: str,
              max_bytes: int) -> SourceText:
    if kind == "text":
        from coplaw.ingest.text import read_text

        try:
            return read_text(data, name, markdown=claimed == "markdown")
        except CorruptFile as exc:
            if claimed in ("pdf", "docx", "doc", "xml", "html"):
                raise CorruptFile(name, f"is named {suffix} but is not a readable "
                                  f"{_LABELS[claimed]} file ({exc.reason})") from exc
            if claimed is None:
                raise UnsupportedFormat(name, f"is not a format coplaw reads ({exc.reason})"
                                        ) from exc
            raise
    if kind == "xml" and claimed in ("text", "markdown"):
        # Text that happens to start with a tag ("<Section 1>"), or XML of a vocabulary
        # coplaw has no reader for, named as text: read it as the text it claims to be.
        from coplaw.ingest.text import read_text

        return read_text(data, name, markdown=claimed == "markdown")
    if kind in ("akn", "uslm", "lims", "xml"):
        return _read_xml(kind, data, name)
    if kind == "pdf":
        from coplaw.ingest.pdf import read_pdf

        return read_pdf(data, name, max_bytes)
    if kind == "docx":
        from coplaw.ingest.docx import read_docx

        return read_docx(data, name, max_bytes)
    if kind == "html":
        from coplaw.ingest.html import read_html

        return read_html(data, name, max_bytes)
    if kind == "doc":
        from coplaw.ingest.docx import is_encrypted_office

        if is_encrypted_office(data):
            raise EncryptedFile(name, "is a password-protected Word document; open it with "
                                "its password and save an unprotected copy")
        raise UnsupportedFormat(name, "is an old binary Word document (.doc); save it as .docx "
                                "or PDF and load that")
    if kind == "rtf":
        raise UnsupportedFormat(name, "is a Rich Text Format (RTF) document; save it as .docx "
                                "or PDF and load that")
    if kind == "zip":
        if claimed == "docx":
            raise CorruptFile(name, "is named .docx but is not a Word document (a ZIP archive "
                              "without word/document.xml, or a damaged one)")
        raise UnsupportedFormat(name, "is a ZIP archive; unpack it and load its files")
    raise UnsupportedFormat(name, f"is {_LABELS.get(kind, kind)}, which coplaw does not read")


def _read_xml(kind: str, data: bytes, name: str) -> SourceText:
    from coplaw.ingest import xmlsafe

    root = xmlsafe.parse(data, name)
    if kind == "akn":
        from coplaw.ingest.akn import read_akn

        return read_akn(root, name)
    if kind == "uslm":
        from coplaw.ingest.uslm import read_uslm

        return read_uslm(root, name)
    if kind == "lims":
        from coplaw.ingest.lims import read_lims

        return read_lims(root, name)
    raise UnsupportedFormat(name, f"is XML of a kind coplaw does not read (root element "
                            f"<{xmlsafe.local(root.tag)}>); it reads Akoma Ntoso, USLM and "
                            "Justice Canada XML")
