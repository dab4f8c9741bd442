"""PDF: the text layer page by page (pypdfium2), OCR with Tesseract for pages without one.

Each page's text is followed by one newline; ``pages`` records where each page starts and
ends in the text, so evidence can cite the printed page. A page whose text layer is empty
(a scan) is rendered at 300 dpi and read by Tesseract when it is installed and OCR is not
turned off (``COPLAW_OCR=0``). OCR takes seconds a page on a small machine, so its text is
cached per file hash, page and language under the user cache directory (``COPLAW_CACHE_DIR``
overrides it); reading the same scan again costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from coplaw.document import Page, SourceSpan, SourceText
from coplaw.errors import CorruptFile, EncryptedFile, NoTextLayer

_ERR_PASSWORD = 4
_ERR_SECURITY = 6
OCR_DPI = 300
OCR_ENV = "COPLAW_OCR"
OCR_LANG_ENV = "COPLAW_OCR_LANG"
CACHE_ENV = "COPLAW_CACHE_DIR"


def ocr_enabled() -> bool:
    """OCR runs unless ``COPLAW_OCR`` is 0/off/false/no."""
    return os.environ.get(OCR_ENV, "1").strip().lower() not in ("0", "off", "false", "no")


def tesseract_status() -> str | None:
    """None when Tesseract can run, else why not (plain words for a message)."""
    if not ocr_enabled():
        return f"OCR is turned off ({OCR_ENV}={os.environ.get(OCR_ENV)})"
    try:
        import pytesseract

        pytesseract.get_tesseract_version()
    except ImportError:
        return "pytesseract is not installed"
    except Exception:  # noqa: BLE001 - any failure here means no usable tesseract binary
        return "the tesseract program is not installed"
    return None


def cache_dir() -> Path:
    """Where OCR text is kept between runs."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / "ocr"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("coplaw")) / "ocr"


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise EncryptedFile(name, "is a password-protected PDF; open it with its password "
                                "and save an unprotected copy") from exc
        raise CorruptFile(name, f"is a damaged PDF that cannot be opened ({exc})") from exc


_SCAN_MAX_CHARS = 20


def _is_scan(page: pdfium.PdfPage, text: str) -> bool:
    """No text layer: nothing but whitespace, or a few stray characters (a stamped page
    number) over a page image."""
    words = len("".join(text.split()))
    if words == 0:
        return True
    if words >= _SCAN_MAX_CHARS:
        return False
    images = page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2)
    return next(iter(images), None) is not None


def _ocr_languages() -> str:
    return os.environ.get(OCR_LANG_ENV, "eng")


def _ocr_page(pdf: pdfium.PdfDocument, index: int, digest: str) -> str:
    """Tesseract's text for one page, from the cache when it was read before."""
    lang = _ocr_languages()
    cache = cache_dir() / f"{digest}-p{index + 1}-{lang.replace('+', '_')}.txt"
    try:
        return cache.read_text("utf-8")
    except OSError:
        pass
    import pytesseract

    image = pdf[index].render(scale=OCR_DPI / 72).to_pil()
    text = str(pytesseract.image_to_string(image, lang=lang))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(text, "utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # an unwritable cache only costs time
    return text


def _clean(text: str) -> str:
    """PDFium's page text with CRLF line ends and stray NULs normalised, in composed form
    (NFC): a text layer may hold a letter and its accent as two characters ("e" and U+0301),
    which the offence lexicons, written for one-character letters, would not read."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace(
        "\ufffe", "").replace("\x02", "-")
    return unicodedata.normalize("NFC", text)


def read_pdf(data: bytes, name: str, max_bytes: int = 0) -> SourceText:
    """Text of every page; OCR for pages without a text layer."""
    pdf = _open(data, name)
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptFile(name, "is a PDF with no pages")
        texts: list[str | None] = []
        for i in range(count):
            try:
                page = pdf[i]
                textpage = page.get_textpage()
                raw = textpage.get_text_range()
            except pdfium.PdfiumError as exc:
                raise CorruptFile(name, f"has a damaged page {i + 1} ({exc})") from exc
            text = _clean(raw)
            texts.append(None if _is_scan(page, text) else text)
        blank = [i for i, t in enumerate(texts) if t is None]
        warnings: list[str] = []
        ocr_pages: list[int] = []
        if blank:
            why = tesseract_status()
            if why is None:
                digest = hashlib.sha256(data).hexdigest()
                for i in blank:
                    texts[i] = _clean(_ocr_page(pdf, i, digest))
                    ocr_pages.append(i + 1)
                warnings.append(f"{name}: pages {_ranges(ocr_pages)} have no text layer and "
                                "were read by OCR; expect recognition errors")
            elif len(blank) == count:
                raise NoTextLayer(name, f"is a scanned PDF with no text layer on any of its "
                                  f"{count} pages, and OCR is not available: {why}")
            else:
                warnings.append(f"{name}: pages {_ranges([i + 1 for i in blank])} have no "
                                f"text layer and were skipped ({why})")
    finally:
        pdf.close()
    parts: list[str] = []
    pages: list[Page] = []
    spans: list[SourceSpan] = []
    pos = 0
    for i, page_text in enumerate(texts):
        body = (page_text or "").rstrip("\n") + "\n"
        parts.append(body)
        pages.append(Page(number=i + 1, start=pos, end=pos + len(body)))
        spans.append(SourceSpan(pos, pos + len(body), page=i + 1,
                                element="ocr" if i + 1 in ocr_pages else None))
        pos += len(body)
    full = "".join(parts)
    if not full.strip():
        raise NoTextLayer(name, "is a PDF whose pages hold no text, even after OCR")
    return SourceText(path=name, format="pdf", text=full, pages=pages, warnings=warnings,
                      source_map=spans)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif prev is not None and n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else f"{start}")
    return ", ".join(out)
