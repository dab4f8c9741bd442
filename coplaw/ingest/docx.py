"""Word (DOCX): paragraphs and tables in order, with automatic list numbers written out.

Drafters number paragraphs with Word's list numbering, so "(a)" is not in the text runs but
in ``numbering.xml`` (format ``lowerLetter``, pattern ``(%1)``). This reader keeps counters
per list and level and writes the number in front of the paragraph, as printed, because the
structure stage reads provision numbers from the text. Numbering that comes from the
paragraph style (``List Number``) is followed through the style chain.

The package is checked before anything is unpacked: too many entries, a total unpacked size
over the limit, or an entry compressed more than ``MAX_RATIO`` times is a zip bomb
(``UnsafeFile``). Every XML part goes through the safe parser.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from lxml import etree

from coplaw.document import SourceText
from coplaw.errors import CorruptFile, EncryptedFile, UnsafeFile
from coplaw.ingest import xmlsafe
from coplaw.ingest.textmap import TextBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HIDDEN = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delInstrText", f"{W}pPr",
           f"{W}rPr", f"{W}footnoteReference", f"{W}endnoteReference"}
MAX_ENTRIES = 5000
MAX_RATIO = 200
MAX_UNPACKED = 500 * 1024 * 1024
RATIO_FLOOR = 1024 * 1024  # small entries may compress well; judge ratio above this size


def check_zip(zf: zipfile.ZipFile, name: str, max_unpacked: int) -> None:
    """Refuse archives that would unpack to far more than they weigh."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeFile(name, f"is a ZIP package with {len(infos)} entries (limit "
                         f"{MAX_ENTRIES}); refusing to unpack it")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            raise UnsafeFile(name, f"looks like a zip bomb: entry {info.filename} unpacks to "
                             f"{info.file_size / 2**20:.0f} MiB from {info.compress_size} "
                             f"bytes (over {MAX_RATIO}:1)")
    if total > max_unpacked:
        raise UnsafeFile(name, f"looks like a zip bomb: it would unpack to "
                         f"{total / 2**20:.0f} MiB (limit {max_unpacked / 2**20:.0f} MiB)")


def _part(zf: zipfile.ZipFile, part: str, name: str, limit: int) -> etree._Element | None:
    """Parse one XML part, reading at most ``limit`` bytes whatever the header claims."""
    try:
        with zf.open(part) as fh:
            data = fh.read(limit + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile(name, f"is a damaged Word document ({part}: {exc})") from exc
    if len(data) > limit:
        raise UnsafeFile(name, f"looks like a zip bomb: {part} unpacks past "
                         f"{limit / 2**20:.0f} MiB")
    return xmlsafe.parse(data, f"{name} ({part})")


def _fmt_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            s = chr(ord("a") + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _level(lvl: etree._Element) -> _Level:
    level = _Level()
    fmt = lvl.find(f"{W}numFmt")
    if fmt is not None:
        level.fmt = fmt.get(f"{W}val") or "decimal"
    txt = lvl.find(f"{W}lvlText")
    if txt is not None:
        level.text = txt.get(f"{W}val") or ""
    start = lvl.find(f"{W}start")
    if start is not None:
        level.start = int(start.get(f"{W}val") or 1)
    return level


@dataclass
class Numbering:
    """List definitions and running counters, as Word numbers paragraphs.

    Lists (``w:num``) that point at the same abstract definition continue one another's
    count, as Word does. A list with a ``w:lvlOverride`` (what "restart numbering" and
    "set numbering value" write) counts on its own, from its ``w:startOverride`` and with
    any level it redefines.
    """

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    abstract_of: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: etree._Element | None) -> Numbering:
        num = cls()
        if root is None:
            return num
        for absn in root.iter(f"{W}abstractNum"):
            aid = absn.get(f"{W}abstractNumId") or ""
            num.levels[aid] = {int(lvl.get(f"{W}ilvl") or 0): _level(lvl)
                               for lvl in absn.iter(f"{W}lvl")}
        for n in root.iter(f"{W}num"):
            num_id = n.get(f"{W}numId") or ""
            ref = n.find(f"{W}abstractNumId")
            if ref is None:
                continue
            aid = ref.get(f"{W}val") or ""
            num.abstract_of[num_id] = aid
            changed: dict[int, _Level] = {}
            for over in n.iter(f"{W}lvlOverride"):
                ilvl = int(over.get(f"{W}ilvl") or 0)
                lvl = over.find(f"{W}lvl")
                base = _level(lvl) if lvl is not None else replace(
                    num.levels.get(aid, {}).get(ilvl, _Level()))
                start = over.find(f"{W}startOverride")
                if start is not None:
                    base.start = int(start.get(f"{W}val") or 1)
                changed[ilvl] = base
            if changed:
                num.overrides[num_id] = changed
        return num

    def label(self, num_id: str, ilvl: int) -> str:
        """The number text for the next paragraph of list ``num_id`` at level ``ilvl``."""
        aid = self.abstract_of.get(num_id, "")
        lvls = {**self.levels.get(aid, {}), **self.overrides.get(num_id, {})}
        if ilvl not in lvls:
            return ""
        key = f"num:{num_id}" if num_id in self.overrides else f"abstract:{aid}"
        counts = self.counters.setdefault(key, [0] * 9)
        if ilvl >= len(counts):
            return ""
        if counts[ilvl] == 0:
            counts[ilvl] = lvls[ilvl].start
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        level = lvls[ilvl]
        if level.fmt == "bullet":
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = lvls.get(k, _Level())
            value = counts[k] if k < len(counts) and counts[k] else lv.start
            return _fmt_number(value, lv.fmt)

        return re.sub(r"%(\d)", sub, level.text).strip()


def _style_numbering(styles: etree._Element | None) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, ilvl) for styles that number their paragraphs, basedOn followed."""
    if styles is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for st in styles.iter(f"{W}style"):
        sid = st.get(f"{W}styleId") or ""
        numpr = st.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            nid_el = numpr.find(f"{W}numId")
            ilvl_el = numpr.find(f"{W}ilvl")
            own[sid] = (nid_el.get(f"{W}val") if nid_el is not None else None,
                        int(ilvl_el.get(f"{W}val") or 0) if ilvl_el is not None else None)
        base = st.find(f"{W}basedOn")
        if base is not None:
            based[sid] = base.get(f"{W}val") or ""
    out: dict[str, tuple[str, int]] = {}
    for sid in set(own) | set(based):
        cur: str | None = sid
        seen: set[str] = set()
        nid: str | None = None
        ilvl_v: int | None = None
        while cur and cur not in seen:
            seen.add(cur)
            n, i = own.get(cur, (None, None))
            nid = nid or n
            ilvl_v = ilvl_v if ilvl_v is not None else i
            cur = based.get(cur)
        if nid:
            out[sid] = (nid, ilvl_v or 0)
    return out


class _Writer:
    def __init__(self, numbering: Numbering, style_num: dict[str, tuple[str, int]]) -> None:
        self.numbering = numbering
        self.style_num = style_num
        self.b = TextBuilder()

    def runs(self, p: etree._Element) -> str:
        """The paragraph's visible characters: deletions, moved-away text and field codes
        left out; tabs and line breaks kept."""
        out: list[str] = []
        self._runs(p, out)
        return "".join(out)

    def _runs(self, el: etree._Element, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab":
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag not in _HIDDEN:
                self._runs(child, out)

    def number(self, p: etree._Element) -> str:
        ppr = p.find(f"{W}pPr")
        num_id: str | None = None
        ilvl = 0
        if ppr is not None:
            numpr = ppr.find(f"{W}numPr")
            style = ppr.find(f"{W}pStyle")
            if style is not None and style.get(f"{W}val") in self.style_num:
                num_id, ilvl = self.style_num[style.get(f"{W}val") or ""]
            if numpr is not None:
                nid = numpr.find(f"{W}numId")
                lvl = numpr.find(f"{W}ilvl")
                if nid is not None:
                    num_id = nid.get(f"{W}val")
                if lvl is not None:
                    ilvl = int(lvl.get(f"{W}val") or 0)
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl)

    def paragraph(self, p: etree._Element, where: str) -> None:
        text = self.runs(p).strip()
        label = self.number(p)
        if not text and not label:
            return
        line = f"{label} {text}".strip() if label else text
        self.b.newline()
        self.b.add(line, element=where)
        self.b.newline()

    def table(self, tbl: etree._Element, where: str) -> None:
        for r, tr in enumerate(tbl.findall(f"{W}tr"), 1):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                cells.append(" ".join(t for t in (self.runs(p).strip()
                                                  for p in tc.iter(f"{W}p")) if t))
            line = " | ".join(c for c in cells if c)
            if line:
                self.b.newline()
                self.b.add(line, element=f"{where}/w:tr[{r}]")
                self.b.newline()

    def body(self, body: etree._Element, prefix: str) -> None:
        counts: dict[str, int] = {}
        for child in body:
            tag = xmlsafe.local(child.tag)
            counts[tag] = counts.get(tag, 0) + 1
            where = f"{prefix}/w:{tag}[{counts[tag]}]"
            if tag == "p":
                self.paragraph(child, where)
            elif tag == "tbl":
                self.table(child, where)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
                self.body(child, where)


def read_docx(data: bytes, name: str, max_bytes: int = 50 * 2**20) -> SourceText:
    """Paragraphs and tables of ``word/document.xml``, list numbers written out."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile(name, f"is a damaged Word document (not a readable ZIP: {exc})"
                          ) from exc
    with zf:
        limit = min(MAX_UNPACKED, max(max_bytes, 1) * 10)
        check_zip(zf, name, limit)
        doc = _part(zf, "word/document.xml", name, limit)
        if doc is None:
            raise CorruptFile(name, "is a ZIP package without word/document.xml, so not a "
                              "Word document")
        numbering = Numbering.load(_part(zf, "word/numbering.xml", name, limit))
        style_num = _style_numbering(_part(zf, "word/styles.xml", name, limit))
        title = None
        core = _part(zf, "docProps/core.xml", name, limit)
        if core is not None:
            t = next((e for e in core.iter() if xmlsafe.local(e.tag) == "title"), None)
            if t is not None and (t.text or "").strip():
                title = (t.text or "").strip()
    body = doc.find(f"{W}body")
    if body is None:
        raise CorruptFile(name, "is a Word document without a body")
    writer = _Writer(numbering, style_num)
    writer.body(body, "/w:document/w:body")
    return SourceText(path=name, format="docx", text=writer.b.text(), title=title,
                      source_map=writer.b.spans)


def is_encrypted_office(data: bytes) -> bool:
    """An OLE container holding an encrypted Office Open XML package."""
    return "EncryptedPackage".encode("utf-16-le") in data


__all__ = ["EncryptedFile", "check_zip", "is_encrypted_office", "read_docx"]
