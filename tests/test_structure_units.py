"""Structure rules on drafted snippets: numbering, tables of contents, schedules, inline
subdivisions, civil-law numbers, cross-references, definitions and their scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw.document import Instrument, SourceText
from coplaw.structure.crossrefs import resolve_across
from coplaw.structure.definitions import term_uses
from coplaw.structure.eids import clean_num
from coplaw.structure.load import load_paths, parse_source
from coplaw.structure.numbering import LOWER, ROMAN, assign_levels

BILL = (Path(__file__).parent / "fixtures" / "structure" / "bill.txt").read_text("utf-8")


def _parse(text: str, language: str = "en", path: str = "bill.txt") -> Instrument:
    return parse_source(SourceText(path=path, format="text", text=text, language=language))


def _eids(inst: Instrument) -> list[str]:
    return [p.eid for p in inst.provisions()]


def _by_eid(inst: Instrument, eid: str):  # type: ignore[no-untyped-def]
    found = [p for p in inst.provisions() if p.eid == eid]
    assert found, f"{eid} not in {_eids(inst)}"
    return found[0]


@pytest.fixture(scope="module")
def bill() -> Instrument:
    return _parse(BILL)


# numbering ---------------------------------------------------------------------------------

def test_i_after_h_is_a_letter() -> None:
    tokens = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    levels = assign_levels(tokens)
    assert levels[8] == (0, LOWER)
    assert levels[9] == (0, LOWER)


def test_i_under_an_open_paragraph_is_roman() -> None:
    levels = assign_levels(["1", "a", "i", "ii", "b", "2"])
    assert levels == [(0, "arabic"), (1, LOWER), (2, ROMAN), (2, ROMAN), (1, LOWER),
                      (0, "arabic")]


def test_i_after_h_followed_by_ii_is_roman() -> None:
    # (h) holds subparagraphs (i), (ii); the paragraph after (h) is then the letter (i)
    levels = assign_levels(["a", "b", "c", "d", "e", "f", "g", "h", "i", "ii", "i", "j"])
    assert levels[8] == (1, ROMAN)
    assert levels[9] == (1, ROMAN)
    assert levels[10] == (0, LOWER)
    assert levels[11] == (0, LOWER)


def test_v_and_x_follow_their_own_sequence() -> None:
    # (v) after (iv) is roman five; (v) after (u) is a letter
    assert assign_levels(["a", "i", "ii", "iii", "iv", "v"])[5] == (1, ROMAN)
    letters = [chr(c) for c in range(ord("a"), ord("v") + 1)]
    assert assign_levels(letters)[-1] == (0, LOWER)
    roman10 = ["a", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "b"]
    levels = assign_levels(roman10)
    assert levels[10] == (1, ROMAN)
    assert levels[11] == (0, LOWER)


def test_inline_reference_is_not_a_marker() -> None:
    inst = _parse("1. Offence.—(1) A person who breaches paragraph (b) of subsection (2) or "
                  "section 5(3) commits an offence.\n2. Other.—Text.\n3. Third.—Text.\n")
    assert [p.eid for p in _by_eid(inst, "sec_1").walk()] == ["sec_1", "sec_1__subsec_1"]


# tables of contents, sections, schedules ---------------------------------------------------

def test_arrangement_of_sections_is_not_the_body(bill: Instrument) -> None:
    secs = [p for p in bill.provisions() if p.kind == "section"]
    assert [p.eid for p in secs] == ["sec_1", "sec_2", "sec_3", "sec_4"]
    sec1 = secs[0]
    assert sec1.heading == "Short title"
    assert bill.text[sec1.body_start:].startswith("This Act may be cited")
    assert [p.eid for p in bill.body] == ["part_I", "part_II"]
    assert [c.eid for c in bill.body[1].children] == ["sec_3", "sec_4"]


def test_schedule_kept_apart(bill: Instrument) -> None:
    assert [s.eid for s in bill.schedules] == ["att_1"]
    sched = bill.schedules[0]
    assert sched.heading == "FORMS"
    assert [c.eid for c in sched.children] == ["att_1__para_1", "att_1__para_2"]
    assert all(not p.eid.startswith("att_") for top in bill.body for p in top.walk())


def test_inline_subdivisions_have_exact_offsets(bill: Instrument) -> None:
    sec3 = _by_eid(bill, "sec_3")
    kids = [p.eid for p in sec3.walk()]
    assert kids[:3] == ["sec_3", "sec_3__subsec_1", "sec_3__subsec_1__para_a"]
    assert "sec_3__subsec_1__para_i" in kids  # (i) after (h): the ninth letter
    assert "sec_3__subsec_2" in kids
    para_c = _by_eid(bill, "sec_3__subsec_1__para_c")
    assert bill.text[para_c.start:para_c.end] == "(c) possesses;"
    assert bill.text[para_c.body_start:para_c.end] == "possesses;"
    sub = _by_eid(bill, "sec_4__subsec_1__para_a__subpara_ii")
    assert bill.text[sub.start:].startswith("(ii) sends material")


def test_metadata_of_a_bill(bill: Instrument) -> None:
    assert bill.id == "bill"
    assert bill.title == "THE CHILD ONLINE PROTECTION BILL, 2025"
    assert bill.year == 2025
    assert bill.status == "draft"


def test_word_headings_and_next_line_heading() -> None:
    text = ("Section 1 Short title\nThis Act is the Example Act 2019.\n\n"
            "Section 2\nChild pornography\n(1) A person who possesses child pornography "
            "commits an offence.\n(2) It is a defence that ...\n")
    inst = _parse(text)
    assert inst.status == "in_force"
    sec2 = _by_eid(inst, "sec_2")
    assert sec2.heading == "Child pornography"
    assert [c.eid for c in sec2.children] == ["sec_2__subsec_1", "sec_2__subsec_2"]


# civil law ---------------------------------------------------------------------------------

def test_french_code_numbers_and_containers() -> None:
    text = ("# Code pénal\n\n### Livre II : Des crimes\n\n#### Titre II : Des atteintes\n\n"
            "#### Chapitre VII : Des atteintes aux mineurs\n\n"
            "#### Section 5 : De la mise en péril\n\n"
            "##### Article 227-23\n\nLe fait de diffuser l'image d'un mineur est puni.\n\n"
            "##### Article 227-23-1\n\nLe fait de solliciter est puni.\n\n"
            "#### Chapitre VIII : Autres\n\n##### Article 228 bis\n\n"
            "Texte : 1° premier ; 2° second.\n")
    inst = _parse(text, "fr")
    eids = _eids(inst)
    assert "art_227-23" in eids and "art_227-23-1" in eids and "art_228bis" in eids
    sec = _by_eid(inst, "book_II__title_II__chp_VII__sec_5")
    assert [c.eid for c in sec.children] == ["art_227-23", "art_227-23-1"]
    assert _by_eid(inst, "book_II__title_II__chp_VIII").children[0].eid == "art_228bis"


def test_spanish_and_german_numbers() -> None:
    es = _parse("**TITULO III**\n\n**DELITOS CONTRA LA INTEGRIDAD SEXUAL**\n\n"
                "ARTICULO 128.- Será reprimido el que produjere.\n\n"
                "ART. 366 quáter.\nEl que, sin realizar una acción sexual,\nserá castigado:\n"
                "a) con presidio;\nb) con multa.\n", "es")
    assert _by_eid(es, "title_III").heading == "DELITOS CONTRA LA INTEGRIDAD SEXUAL"
    art = _by_eid(es, "art_366quater")
    assert art.num == "366 quáter"
    assert [c.eid for c in art.children] == ["art_366quater__point_a", "art_366quater__point_b"]
    de = _parse("## Besonderer Teil\n\n### Dreizehnter Abschnitt - Straftaten\n\n"
                "#### § 184b Verbreitung kinderpornographischer Inhalte\n\n"
                "(1) Mit Freiheitsstrafe wird bestraft, wer\n1. einen Inhalt verbreitet,\n"
                "2. einen Inhalt herstellt.\n\n(2) Ebenso wird bestraft.\n\n"
                "#### § 184c Jugendpornographie\n\nText.\n", "de")
    art = _by_eid(de, "art_184b")
    assert art.heading == "Verbreitung kinderpornographischer Inhalte"
    assert [p.eid for p in art.walk()] == [
        "art_184b", "art_184b__para_1", "art_184b__para_1__point_1", "art_184b__para_1__point_2",
        "art_184b__para_2"]
    assert _by_eid(de, "part_nn_1__chp_13").children[0].eid == "art_184b"


def test_clean_num_follows_the_naming_convention() -> None:
    assert clean_num("(2)") == "2"
    assert clean_num("189 bis") == "189bis"
    assert clean_num("1.2.") == "1-2"
    assert clean_num("1º") == "1"
    assert clean_num("II") == "II"


# cross-references and definitions ----------------------------------------------------------

def test_cross_references_resolve_within_the_instrument(bill: Instrument) -> None:
    refs = {(r.text, r.target) for r in bill.references}
    assert ("section 3(1)(a)", "sec_3__subsec_1__para_a") in refs
    assert ("sections 3 to 4", "sec_3") in refs and ("sections 3 to 4", "sec_4") in refs
    assert all(r.target_instrument in (None, "bill") for r in bill.references)


def test_cross_reference_to_another_loaded_instrument() -> None:
    code = _parse("# Code pénal\n\n##### Article 227-23\n\nLe fait de diffuser est puni.\n\n"
                  "##### Article 227-24\n\nTexte.\n", "fr", "code_penal.md")
    loi = _parse("# Loi sur le numérique\n\n##### Article 6\n\nLes hébergeurs signalent les "
                 "infractions prévues à l'article 227-23 du code pénal.\n\n##### Article 7\n\n"
                 "Voir l'article 6.\n", "fr", "loi.md")
    resolve_across([code, loi])
    ref = next(r for r in loi.references if "227-23" in r.text)
    assert (ref.target_instrument, ref.target) == ("code-penal", "art_227-23")
    own = next(r for r in loi.references if r.text.startswith("article 6"))
    assert (own.target_instrument, own.target) == ("loi", "art_6")


def test_definitions_and_their_scope(bill: Instrument) -> None:
    defs = {d.term: d for d in bill.definitions}
    assert set(defs) == {"child", "computer system", "service provider", "material", "meet"}
    assert defs["child"].scope is None
    assert defs["child"].meaning == "a person under the age of eighteen years"
    assert defs["material"].scope == "part_II"
    assert defs["meet"].scope == "sec_4"
    assert defs["computer system"].meaning.startswith("any device which")
    assert "stores data" in defs["computer system"].meaning


def test_term_uses_link_to_the_narrowest_definition(bill: Instrument) -> None:
    uses = term_uses(bill)
    terms = [bill.definitions[u.definition].term for u in uses]
    assert "material" in terms
    # "material" in section 4 (Part II) is governed by the Part II definition
    sec4 = next(p for p in bill.provisions() if p.eid == "sec_4")
    in_sec4 = [u for u in uses if sec4.start <= u.start < sec4.end and u.term == "material"]
    assert in_sec4 and all(bill.definitions[u.definition].scope == "part_II" for u in in_sec4)
    # "child" used in section 3 links to the Act-wide definition
    assert any(u.term == "child" and bill.definitions[u.definition].scope is None for u in uses)


def test_other_language_definitions() -> None:
    fr = _parse("##### Article 1\n\nAu sens de la présente loi, on entend par « prestataire » "
                "toute personne qui fournit un service.\n", "fr")
    assert [d.term for d in fr.definitions] == ["prestataire"]
    es = _parse("ARTÍCULO 3.- Para los efectos de esta ley se entiende por niño a toda persona "
                "menor de dieciocho años.\nARTÍCULO 4.- Otro.\n", "es")
    assert [d.term for d in es.definitions] == ["niño"]
    de = _parse("#### § 1 Begriffsbestimmungen\n\n(1) Kinder im Sinne dieses Gesetzes sind "
                "Personen, die noch nicht 14 Jahre alt sind.\n\n#### § 2 Anderes\n\nText.\n",
                "de")
    assert [d.term for d in de.definitions] == ["Kinder"]


# loading files -----------------------------------------------------------------------------

def test_load_directory_reports_bad_files_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a_act.txt").write_text(BILL, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "c_garbage.txt").write_bytes(bytes(range(256)) * 10)
    result = load_paths([tmp_path])
    assert [i.id for i in result.instruments] == ["a-act"]
    failed = sorted(Path(f).name for f, _ in result.errors)
    assert failed == ["b_empty.txt", "c_garbage.txt"]
    for file, message in result.errors:
        assert Path(file).name in message


def test_relative_references(bill: Instrument) -> None:
    refs = {r.text: r.target for r in bill.references}
    # "subsection (1) of section 3" is one reference into section 3
    assert refs["subsection (1) of section 3"] == "sec_3__subsec_1"
    inst = _parse("1. Offence.—(1) A person commits an offence.\n(2) A person convicted under "
                  "subsection (1) is liable to a fine.\n2. Other.—Text.\n3. Third.—Text.\n")
    ref = next(r for r in inst.references if r.text == "subsection (1)")
    assert (ref.provision, ref.target) == ("sec_1__subsec_2", "sec_1__subsec_1")


def test_number_space_heading_layout() -> None:
    text = ("Example Act 1978\n\n1 Indecent photographs of children\n(1) It is an offence for a "
            "person—\n(a) to take a photograph; or\n(b) to show it.\n\n2 Evidence\nIn "
            "proceedings the court may consider 2 things.\n\n3 Offences by corporations\n"
            "Where a body corporate is guilty, the officer is also guilty.\n")
    inst = _parse(text)
    assert [(p.eid, p.heading) for p in inst.body] == [
        ("sec_1", "Indecent photographs of children"), ("sec_2", "Evidence"),
        ("sec_3", "Offences by corporations")]
    assert "sec_1__subsec_1__para_b" in _eids(inst)


def test_act_flattened_into_one_line() -> None:
    filler = "The Minister may make regulations on any matter in this Act. " * 30
    text = ("EXAMPLE ACT ARRANGEMENT OF SECTIONS CHAPTER 1 PRELIMINARY 1. Interpretation "
            "2. Objects CHAPTER 2 OFFENCES 3. Child sexual abuse material 4. Grooming "
            "CHAPTER 1 PRELIMINARY 1. Interpretation (1) In this Act \"child\" means a person "
            f"under 18. {filler} 2. Objects The objects are— (a) to protect; (b) to punish. "
            f"{filler} CHAPTER 2 OFFENCES 3. Child sexual abuse material (1) A person who "
            f"possesses it commits an offence. {filler} 4. Grooming A person who grooms a "
            f"child commits an offence. {filler}\n")
    assert len(text) > 5000 and text.count("\n") == 1
    inst = _parse(text)
    assert [(p.eid, p.heading) for p in inst.body] == [
        ("chp_1", "PRELIMINARY"), ("chp_2", "OFFENCES")]
    secs = [(p.eid, p.heading) for p in inst.provisions() if p.kind == "section"]
    assert secs == [("sec_1", "Interpretation"), ("sec_2", "Objects"),
                    ("sec_3", "Child sexual abuse material"), ("sec_4", "Grooming")]
    sec3 = _by_eid(inst, "sec_3")
    assert inst.text[sec3.body_start:].startswith("(1) A person who possesses")


def test_files_with_the_same_name_in_several_folders_get_distinct_ids(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "act.txt").write_text(
            f"1. Short title.—This is the {folder} Act.\n", encoding="utf-8"
        )
    (tmp_path / "act.md").write_text("1. Short title.—The Markdown Act.\n", encoding="utf-8")
    result = load_paths([tmp_path])
    assert not result.errors
    ids = [i.id for i in result.instruments]
    assert len(ids) == 4 and len(set(ids)) == 4, ids
