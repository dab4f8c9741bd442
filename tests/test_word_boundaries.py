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


def test_letters_with_marks_match_in_either_spelling() -> None:
    # "য়" is one character in official Bangladeshi texts and two (য + nukta) after NFC;
    # "é" likewise as one character or as "e" and a combining accent
    one, two = "\u09df", "\u09af\u09bc"
    for phrase in (f"নি{one}ম", f"নি{two}ম"):
        for text in (f"এই নি{one}ম।", f"এই নি{two}ম।"):
            (start, end), = scan(matching_copy(text), [phrase])
            assert text[start:end].startswith("নি") and text[end] == "।"
            assert re.search(phrase_pattern(phrase), text) is not None
    assert _spans(["protégé"], "le prote\u0301ge\u0301 et le protégé") == [
        "prote\u0301ge\u0301", "protégé"]
    # near miss: the letter without its nukta is another letter
    assert scan(matching_copy("এই নিযম।"), [f"নি{one}ম"]) == []


def test_lexicon_letters_with_marks_match_in_either_spelling() -> None:
    # the offence lexicons fold text (the nukta dropped from a one-character letter) and keep
    # a separate mark as a letter of its own; a pattern written with the letter takes both
    sells_one, sells_two = "বিক্র\u09df করিলে", "বিক্র\u09af\u09bc করিলে"
    bn = lexicon("bn")
    for text in (sells_one, sells_two):
        acts = [(text[a:b], act) for a, b, act in bn.find("acts", fold(text))]
        assert acts and acts[0][1] == "sell" and acts[0][0].startswith("বিক্র")
    # near miss: without the nukta it is another letter, and the word is not "sell"
    assert not any(act == "sell" for *_, act in bn.find("acts", fold("বিক্রয করিলে".replace(
        "য", "\u09a8"))))


def test_quotes_do_not_cut_a_word_before_its_vowel_sign() -> None:
    from coplaw.annotate.windows import clause, whole_words

    text = "উক্ত তথ্য-উপাত্ত সংরক্ষণের জন্য নির্দেশ প্রদান করিতে পারিবেন"
    inside = text.index("রক্ষণের") + 1  # between a consonant and its vowel sign
    assert whole_words(text, inside, inside + 3) == (text.index("সংরক্ষণের"),
                                                     text.index(" জন্য"))
    start, _ = clause(text, inside, inside, inside, len(text))
    assert text[start:].startswith("সংরক্ষণের")
    # near miss: at a space nothing moves
    at = text.index(" জন্য")
    assert whole_words(text, at, at) == (at, at)
