"""HTML: the law's headings and paragraphs, without the web page around them.

Two passes, because neither alone is right for legislation:
1. lxml removes what is never law (scripts, styles, forms, ``nav``/``footer``/``aside``,
   page-level ``header``, and elements whose role, id or class names navigation, menus,
   breadcrumbs, cookie banners, sharing widgets), and narrows to ``main``/``article`` when
   the page marks its content.
2. When the page does not mark its content, jusText classifies paragraphs; its verdicts only
   set where the legal text begins and ends. Everything between the first and last good
   paragraph is kept, because jusText on its own drops short lines such as
   ``(a) the child;`` as boilerplate, and those lines are the law.
Each block (heading, paragraph, list item, table row ...) becomes one line of text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from coplaw.document import SourceText
from coplaw.errors import CorruptFile
from coplaw.ingest import language
from coplaw.ingest.text import decode_bytes
from coplaw.ingest.textmap import TextBuilder, squash

_DROP_TAGS = {"script", "style", "noscript", "nav", "footer", "aside", "form", "iframe",
              "svg", "button", "select", "input", "template", "object", "embed", "canvas",
              "map", "dialog", "menu"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu",
               "menubar", "toolbar"}
_DROP_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|cookies?|"
    r"consent|share|sharing|social|skip|skiplink|masthead|topbar|banner|pagination|"
    r"related|advert|ads?)(?:$|[\s_-])", re.I)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote",
           "caption", "figcaption", "address", "td", "th", "tr", "div", "section", "article",
           "main", "center", "body", "header", "dl", "ul", "ol", "table", "tbody", "thead",
           "tfoot", "hr", "br", "label", "legend", "fieldset", "details", "summary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_JUSTEXT_LANG = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese",
                 "de": "German", "bn": "Bengali"}
_PATH_ATTR = "data-coplaw-source-path"
_BR = "\u2028"  # marks a <br> until lines are split; source newlines are only layout
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)


def _parse(text: str, name: str) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  remove_blank_text=False)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(name, f"is HTML that cannot be parsed ({exc})") from exc
    return root


def _drop_boilerplate(root: lxml.html.HtmlElement) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _DROP_TAGS:
            doomed.append(el)
            continue
        if tag == "header" and not any(a.tag in ("article", "main")
                                       for a in el.iterancestors()):
            doomed.append(el)
            continue
        role = (el.get("role") or "").lower()
        if role in _DROP_ROLES:
            doomed.append(el)
            continue
        if el.get("aria-hidden") == "true" or "display:none" in (el.get("style") or "").replace(
                " ", ""):
            doomed.append(el)
            continue
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        if tag not in ("body", "main", "article", "html") and _DROP_NAMES.search(names):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def _content_root(root: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, bool]:
    """The element holding the law, and whether the page marked it (main/article)."""
    body = root.find("body")
    if body is None:
        body = root
    total = len(squash(body.text_content()))
    for xpath in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(xpath)
        if len(found) == 1:
            size = len(squash(found[0].text_content()))
            if total and size >= 0.3 * total:
                return found[0], True
    return body, False


def _own_text(el: lxml.html.HtmlElement) -> str:
    """Text of ``el`` excluding nested block elements (they get their own lines)."""
    out: list[str] = []
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() in _BLOCKS:
            if child.tag.lower() == "br":
                out.append(_BR)
        else:
            out.append(child.text_content() if isinstance(child.tag, str) else "")
        if child.tail:
            out.append(child.tail)
    return "\n".join(s for s in (squash(x) for x in "".join(out).split(_BR)) if s)


_CELL_BLOCKS = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                "blockquote", "pre", "section", "article", "br"}


def _layout_row(tr: lxml.html.HtmlElement) -> bool:
    """A table row used for page layout (its cells hold paragraphs), not a row of data."""
    return any(isinstance(d.tag, str) and d.tag.lower() in _CELL_BLOCKS
               for cell in tr for d in cell.iterdescendants())


def _blocks(el: lxml.html.HtmlElement, out: list[tuple[str, lxml.html.HtmlElement]]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "tr" and not _layout_row(el):
        cells = [squash(c.text_content()) for c in el if isinstance(c.tag, str)
                 and c.tag.lower() in ("td", "th")]
        line = " | ".join(c for c in cells if c)
        if line:
            out.append((line, el))
        return
    own = _own_text(el)
    if own:
        out.append((own, el))
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() in _BLOCKS:
            _blocks(child, out)


def _justext_range(html: str, lines: list[str], lang: str | None) -> tuple[int, int] | None:
    """First and last line jusText calls good content, or None when it finds none."""
    stoplist_name = _JUSTEXT_LANG.get(lang or "")
    if not stoplist_name:
        return None
    import justext

    try:
        paras = justext.justext(html, justext.get_stoplist(stoplist_name))
    except Exception:  # noqa: BLE001 - jusText is advisory here; failing it keeps everything
        return None
    # Final classes first; on pages of many short lines jusText's context pass can turn every
    # paragraph "bad", and then its context-free verdicts still show where the prose is.
    chosen = [p for p in paras if p.class_type == "good"] or [
        p for p in paras if p.cf_class in ("good", "neargood")]
    good = [squash(p.text) for p in chosen if squash(p.text)]
    if not good:
        return None
    squashed = [squash(line) for line in lines]

    def find(text: str, from_end: bool) -> int | None:
        order = range(len(squashed) - 1, -1, -1) if from_end else range(len(squashed))
        for i in order:
            line = squashed[i]
            if line and (line == text or text in line or (len(line) >= 20 and line in text)):
                return i
        return None

    first = find(good[0], False)
    last = find(good[-1], True)
    if first is None or last is None or last < first:
        return None
    return first, last


def _title_like(text: str, el: lxml.html.HtmlElement) -> bool:
    """A heading, or a short centred or capitalised line that is not a row of links: the
    act's title and number printed just above its first paragraph."""
    if str(el.tag).lower() in _HEADINGS:
        return True
    if len(text) > 250:
        return False
    links = sum(len(squash(a.text_content())) for a in el.iter("a"))
    if links > 0.5 * len(text):
        return False
    letters = [c for c in text if c.isalpha()]
    capitalised = bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
    centred = (el.get("align") or "").lower() == "center" or "center" in (
        el.get("style") or "").replace(" ", "")
    return capitalised or centred


def read_html(data: bytes, name: str, max_bytes: int = 0) -> SourceText:
    """Headings and paragraphs of the legal text, one block a line."""
    html, enc = decode_bytes(data, name)
    root = _parse(html, name)
    title_el = root.find(".//title")
    title = squash(title_el.text_content()) if title_el is not None else None
    tree = root.getroottree()
    for el in root.iter():
        if isinstance(el.tag, str):
            el.set(_PATH_ATTR, tree.getpath(el))  # paths of the page as written, not as cleaned
    _drop_boilerplate(root)
    content, marked = _content_root(root)
    blocks: list[tuple[str, lxml.html.HtmlElement]] = []
    _blocks(content, blocks)
    warnings: list[str] = []
    if not marked and blocks:
        lang = language.detect("\n".join(t for t, _ in blocks))
        span = _justext_range(html, [t for t, _ in blocks], lang)
        if span is not None:
            first, last = span
            # keep headings just above the first good paragraph (the act's title, Part 1)
            while first > 0 and _title_like(*blocks[first - 1]):
                first -= 1
            if first or last < len(blocks) - 1:
                warnings.append(f"{name}: {first + len(blocks) - 1 - last} blocks around the "
                                "legal text were taken as page furniture and left out")
            blocks = blocks[first:last + 1]
    b = TextBuilder()
    for text, el in blocks:
        for line in text.split("\n"):
            b.newline()
            b.add(line, element=el.get(_PATH_ATTR), line=el.sourceline)
            b.newline()
    h1 = next((t for t, el in blocks if str(el.tag).lower() == "h1"), None)
    return SourceText(path=name, format="html", text=b.text(), encoding=enc,
                      title=h1 or title, warnings=warnings, source_map=b.spans)
