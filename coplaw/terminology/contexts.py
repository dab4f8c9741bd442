"""Legitimate contexts for an outdated term: where a law keeps the old words on purpose.

The catalogue's ``keep_in`` vocabulary names them: ``act_title`` (an instrument cited by its
name), ``treaty_quotation`` (a treaty that uses the old words, quoted or referred to),
``statute_quotation`` (words quoted from a statute, as in "the words 'child pornography'") and
``amendment`` (a provision that repeals the old words or replaces them). Each test looks only at
the sentence around the occurrence and at the instrument's own title, never at a country.
"""

from __future__ import annotations

import re

from coplaw.document import Instrument
from coplaw.terminology.lexicon import CompiledTerms

OPEN_QUOTES = "\"“«„‘'"
CLOSE_QUOTES = "\"”»“’'"
QUOTES = set(OPEN_QUOTES + CLOSE_QUOTES)
_SENTENCE_END = re.compile(r"[.;!?](?=\s)|\n\s*\n")
# Words that join the capitalised words of a title ("Prevention of Child Pornography Act").
_JOINERS = {"of", "and", "on", "the", "for", "to", "in", "against", "from", "de", "del", "la",
            "des", "du", "et", "y", "e", "da", "do", "der", "die", "und", "zur", "zum", "&", "à",
            "a", "al", "au", "aux", "contra", "contre", "el", "los", "las", "le", "les", "o",
            "os", "as", "über", "gegen", "von"}
# Words after a head noun that say a title follows ("Act on ...", "Loi relative à ...").
_HEAD_LEADS = {"on", "for", "of", "relative", "relatif", "relativo", "relativa", "concernant",
               "portant", "sur", "contre", "sobre", "de", "del", "zur", "zum", "über", "gegen",
               "no", "no.", "n°", "nº", "número", "para", "que", "against"}
_WORD = re.compile(r"[^\s,;:]+")


def sentence_bounds(text: str, start: int, end: int, reach: int = 600) -> tuple[int, int]:
    """The sentence (or list item) holding ``text[start:end]``, at most ``reach`` each side."""
    lo = max(0, start - reach)
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    m2 = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    e = m2.start() + 1 if m2 else min(len(text), end + reach)
    return s, e


def quoted(text: str, start: int, end: int, reach: int = 80) -> tuple[int, int] | None:
    """The quote marks around ``text[start:end]`` (positions of opening and closing mark)."""
    lo = max(0, start - reach)
    before = text[lo:start]
    open_at = None
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch in QUOTES and not (ch in "'’" and i > 0 and before[i - 1].isalpha()):
            open_at = lo + i
            break
        if ch in ".;\n" and i < len(before) - 1 and before[i + 1] in "\n":
            break
    if open_at is None or text[open_at] not in OPEN_QUOTES:
        return None
    # the stretch between the opening mark and the term must be part of the quoted words
    if any(c in ".;" for c in text[open_at:start]):
        return None
    after = text[end:min(len(text), end + reach)]
    for i, ch in enumerate(after):
        apostrophe = ch in "'’" and i + 1 < len(after) and after[i + 1].isalpha()
        if ch in CLOSE_QUOTES and not apostrophe:
            return open_at, end + i
        if ch in ".;":
            return None
    return None


def is_definition(text: str, close_at: int, definition_words: re.Pattern[str]) -> bool:
    """True when the quoted words are the term a definition defines ("'x' means ...")."""
    tail = text[close_at + 1:close_at + 60].lstrip(" \t\n,:-—")
    m = definition_words.match(tail)
    return m is not None


def _title_case(words: str) -> bool:
    letters = [w for w in re.findall(r"[^\W\d_]+", words)]
    return bool(letters) and all(w[0].isupper() for w in letters)


def in_own_title(inst: Instrument, text: str, start: int, end: int) -> bool:
    """The occurrence is the instrument's own title, or a running header repeating it."""
    title = inst.title or ""
    shown = text[start:end]
    if not (_title_case(shown) or shown.isupper()):
        return False  # a title is written with capitals; a lower-case use is the law's words
    found = shown.lower()
    pos = title.lower().find(found)
    if pos < 0:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    if line.lower().strip(" .") in title.lower() and len(line) >= len(found):
        return True
    if line.isupper() and len(line) <= 80:  # a running header repeating the title
        return True
    tail = title[pos + len(found):].strip()
    if not tail:
        return False
    first = tail.split()[0].lower()
    following = text[end:end + len(first) + 20].lstrip().lower()
    return following.startswith(first)


def in_cited_title(text: str, start: int, end: int, heads: frozenset[str]) -> bool:
    """The occurrence is part of a capitalised name ending or starting with a head noun
    ("... Child Pornography (Prevention) Act", "Protocol on ... Child Prostitution")."""
    found = text[start:end]
    if not (_title_case(found) or found.isupper()):
        return False
    upper = found.isupper()
    # forwards: capitalised words, joiners, brackets, years, then a head noun
    for n, m in enumerate(_WORD.finditer(text, end, min(len(text), end + 120))):
        if n > 8 or "\n\n" in text[end:m.start()]:
            break
        word = m.group().strip("()[]")
        bare = word.rstrip(".,")
        if bare in heads or (upper and bare.title() in heads):
            return True
        if not word:
            continue
        if word.lower() in _JOINERS or word[0].isupper() or word[0].isdigit():
            continue
        break
    # backwards: a head noun, a word that leads into a title, then capitalised words
    words = list(_WORD.finditer(text, max(0, start - 120), start))
    words.reverse()
    for n, m in enumerate(words):
        if n > 8:
            break
        word = m.group().strip("()[]")
        if word in heads or (upper and word.title() in heads):
            nxt = text[m.end():start].split()
            return bool(nxt) and nxt[0].lower().strip(",") in _HEAD_LEADS
        if word.lower() in _JOINERS or (word and (word[0].isupper() or word[0].isdigit())):
            continue
        break
    return False


def in_identifier(text: str, start: int, end: int) -> bool:
    """The occurrence is part of a web address or file name, not of the law's words."""
    lo = start
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    token = text[lo:hi]
    return "/" in token or "_" in token or "://" in token


def legitimate_context(inst: Instrument, start: int, end: int, keep_in: list[str],
                       words: CompiledTerms, definition_words: re.Pattern[str],
                       preferred_here: bool) -> str | None:
    """The ``keep_in`` context that excuses this occurrence, or None when it is to be flagged.

    ``preferred_here`` says whether the rule's preferred term occurs in the same sentence.
    """
    text = inst.text
    s, e = sentence_bounds(text, start, end)
    sentence = text[s:e]
    quote = quoted(text, start, end)
    defining = quote is not None and is_definition(text, quote[1], definition_words)
    if "act_title" in keep_in and not defining and (
            in_own_title(inst, text, start, end)
            or in_cited_title(text, start, end, words.title_heads)):
        return "act_title"
    if ("amendment" in keep_in and not defining and words.amendment.search(sentence)
            and (quote is not None or preferred_here)):
        return "amendment"
    if "statute_quotation" in keep_in and quote is not None and not defining:
        lead = text[max(s, quote[0] - 40):quote[0]]
        if words.quotation.search(lead):
            return "statute_quotation"
    if "treaty_quotation" in keep_in and words.treaty.search(sentence):
        return "treaty_quotation"
    return None
