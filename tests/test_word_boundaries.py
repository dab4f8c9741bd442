"""Word boundaries in scripts whose vowel signs are combining marks (Bengali here).

Python's ``\\w`` does not take the marks, so without care a phrase ends in the middle of a
word ("শিশু" inside "শিশুকে") and a stem with ``*`` stops at the first vowel sign.
"""

from __future__ import annotations

import re

from coplaw.annotate.concepts import phrase_pattern, scan
from coplaw.lexicons import fold, lexicon
from coplaw.lexicons.boundaries import marks_as_letters, matching_copy

SENTENCE = "কোন ব্যক্তি কোন শিশুকে ব্যবহার করিলে, উক্ত শিশু।"
WHOLE = SENTENCE.index("শিশু।")


def _spans(phrases: list[str], text: str = SENTENCE) -> list[str]:
    return [text[a:b] for a, b in scan(matching_copy(text), phrases)]


def test_copy_keeps_every_offset() -> None:
    copy = matching_copy(SENTENCE)
    assert len(copy) == len(SENTENCE)
    assert copy != SENTENCE  # the vowel signs were replaced
    assert matching_copy("The CHILD") == "the child"  # no marks: plain lower case
    assert marks_as_letters("plain text") == "plain text"


def test_exact_phrase_does_not_match_inside_a_longer_word() -> None:
    # "শিশু" stands alone once (before the danda), and once as the start of "শিশুকে"
    assert _spans(["শিশু"]) == ["শিশু"]
    (start, _end), = scan(matching_copy(SENTENCE), ["শিশু"])
    assert start == WHOLE
    # a phrase ending in a consonant, before a vowel sign: "ব্যবহার" is not in "ব্যবহারে"
    text = "ব্যবহারে এবং ব্যবহার"
    assert scan(matching_copy(text), ["ব্যবহার"]) == [(text.rindex("ব্যবহার"), len(text))]


def test_stem_takes_the_whole_inflected_word() -> None:
    assert _spans(["শিশু*"]) == ["শিশুকে", "শিশু"]
    assert _spans(["ব্যবহার কর*"]) == ["ব্যবহার করিলে"]


def test_phrase_ending_a_word_widens_over_vowel_signs() -> None:
    # a leading * lets the phrase end a longer word; the start goes back over the whole word
    text = "অপ্রাপ্তবয়স্ক শিশুকে"
    assert _spans(["*বয়স্ক"], text) == ["অপ্রাপ্তবয়স্ক"]


def test_original_text_patterns_know_the_marks_too() -> None:
    # the per-concept regexes run on the original text, not on the matching copy
    assert re.search(phrase_pattern("শিশু"), "শিশুকে") is None
    assert re.search(phrase_pattern("ব্যবহার"), "ব্যবহারে") is None
    m = re.search(phrase_pattern("শিশু*"), "উক্ত শিশুকে দিয়া")
    assert m is not None and m.group() == "শিশুকে"
    assert re.search(phrase_pattern("child"), "the children") is None
    assert re.search(phrase_pattern("child*"), "the children") is not None


def test_latin_words_are_unchanged() -> None:
    assert _spans(["possess*"], "Whoever possesses it") == ["possesses"]
    assert _spans(["child"], "children and a child.") == ["child"]
    # a decomposed accent belongs to its word
    assert _spans(["cafe"], "cafe\u0301 cafe") == ["cafe"]


def test_lexicon_patterns_on_folded_text() -> None:
    bn = lexicon("bn")
    folded = fold(SENTENCE)
    found = [SENTENCE[a:b] for a, b, _ in bn.find("child", folded)]
    assert found == ["শিশুকে", "শিশু"]
    assert len(folded) == len(SENTENCE)
