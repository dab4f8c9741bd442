"""What a file really is, from its first bytes rather than its name.

Users rename files, save web pages as .txt and e-mail PDFs without extensions; the content
decides which reader runs, and the name is only checked against it to warn.
"""

from __future__ import annotations

import io
import re
import zipfile

from coplaw.ingest.xmlsafe import root_name

# Kinds: pdf, docx, html, akn, uslm, lims, xml (other vocabulary), zip, doc (OLE Word),
# text (anything else; the text reader decides whether it is really text).

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:head|body|div|p|table|meta|title)[\s>/]", re.I)
_XML_START = re.compile(rb"^\s*<(?:\?xml|[A-Za-z_][\w.:-]*[\s>/]|!--)", re.S)

AKN_ROOTS = {"akomaNtoso"}
USLM_ROOTS = {"uscDoc", "lawDoc", "bill", "resolution", "amendment", "statutesAtLarge",
              "pLaw", "uslm"}
LIMS_ROOTS = {"Statute", "Regulation", "SectionExcerpt", "Bill"}

SUFFIX_KINDS = {
    ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".xml": "xml", ".akn": "xml", ".doc": "doc", ".rtf": "rtf",
}

XML_KINDS = {"akn", "uslm", "lims", "xml"}


def _head_text(data: bytes) -> bytes:
    """The head of the file as ASCII-compatible bytes (UTF-16 transcoded) without a BOM."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    return head


def sniff(data: bytes) -> str:
    """The kind of content in ``data``."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    text = _head_text(data)
    if text.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML_START.match(text):
        return "html"
    if _XML_START.match(text):
        root = root_name(data)
        if root is None:
            return "text"
        if root.lower() == "html":
            return "html"
        if root in AKN_ROOTS:
            return "akn"
        if root in USLM_ROOTS and b"xml.house.gov/schemas/uslm" in data[:8192]:
            return "uslm"
        if root in LIMS_ROOTS:
            return "lims"
        return "xml"
    if text.lstrip().startswith(b"<") and len(_HTML_TAGS.findall(text)) >= 2:
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    return "docx" if "word/document.xml" in names else "zip"
