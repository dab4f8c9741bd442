"""Plain text and Markdown: decode the bytes, keep every character.

Decoding order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); then strict UTF-8; then
UTF-16 without a mark when every other byte is NUL; then charset-normalizer's best guess, with
cp1252 preferred over its Latin look-alikes (Windows-1252 is what Word and old web pages wrote).
Text that decodes to mostly control characters is refused as binary.

Markdown is NOT stripped of its markup. The text equals the decoded file, so every offset the
later stages quote is an exact position in the user's file, and headings stay on their own
lines (``## Article 5``) where the structure parser reads them; the structure stage drops the
``#``/``*`` decoration from the headings it builds. The price is that a quote may carry
emphasis markers (``**ARTICULO 1º —**``); a report can strip those when it displays a quote.
YAML front matter is kept in the text too and its ``title:`` becomes the title.
"""

from __future__ import annotations

import codecs
import re

from coplaw.document import SourceSpan, SourceText
from coplaw.errors import CorruptFile, EmptyFile

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Single-byte Western code pages charset-normalizer may name for text written in cp1252.
_LATIN_LOOKALIKES = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "cp1254",
                     "cp1257", "iso8859_2", "iso8859_9", "mac_roman", "mac_latin2", "cp850",
                     "cp437", "iso8859_10", "iso8859_14", "iso8859_13", "iso8859_16"}


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces and the mark's length, or None."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on every other byte, as in UTF-16 Latin text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def control_ratio(text: str) -> float:
    """Share of characters that are control codes no text file has (NUL, BEL, ...)."""
    if not text:
        return 0.0
    sample = text[:20000]
    return len(_BAD_CONTROLS.findall(sample)) / len(sample)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a text file's bytes: (text, encoding name). Raises CorruptFile for binary data."""
    found = bom_encoding(data)
    if found:
        enc, skip = found
        try:
            text = data[skip:].decode(enc)
        except UnicodeDecodeError as exc:
            raise CorruptFile(name, f"starts with a {enc} byte-order mark but is not valid "
                              f"{enc} text (byte {exc.start + skip})") from exc
        return _checked(text, enc, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, name)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise CorruptFile(name, "holds binary data (NUL bytes), not text")
    return _checked(*_guess(data, name), name)


def _guess(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise CorruptFile(name, "is not text in any encoding coplaw recognises (binary data?)")
    enc = best.encoding
    if enc in _LATIN_LOOKALIKES or "cp1252" in best.could_be_from_charset:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), enc


def _checked(text: str, enc: str, name: str) -> tuple[str, str]:
    if control_ratio(text) > 0.005:
        raise CorruptFile(name, f"decodes as {enc} to mostly control characters: it is binary "
                          "data, not text")
    return text, enc


def line_spans(text: str) -> list[SourceSpan]:
    """One span per line (1-based), ending after the line's newline."""
    spans: list[SourceSpan] = []
    pos = 0
    n = len(text)
    line = 1
    find = text.find
    while pos < n:
        nl = find("\n", pos)
        end = n if nl < 0 else nl + 1
        spans.append(SourceSpan(pos, end, line=line))
        pos = end
        line += 1
    return spans


_FRONT_TITLE = re.compile(r"^(?:title|titulo|Title)\s*:\s*[\"']?(.+?)[\"']?\s*$", re.M)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def markdown_title(text: str) -> str | None:
    """The front matter's ``title:`` or the first level-one heading."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            m = _FRONT_TITLE.search(text, 3, end)
            if m:
                return m.group(1).strip()
    m = _H1.search(text, 0, 20000)
    if m:
        return m.group(1).strip().strip("*_").strip() or None
    return None


def read_text(data: bytes, name: str, *, markdown: bool = False) -> SourceText:
    """Plain text or Markdown; ``text`` is the decoded file, character for character."""
    text, enc = decode_bytes(data, name)
    if not text.strip():
        raise EmptyFile(name, "holds no text (only whitespace)")
    src = SourceText(path=name, format="markdown" if markdown else "text", text=text,
                     encoding=enc, source_map=line_spans(text))
    if markdown:
        src.title = markdown_title(text)
    return src
