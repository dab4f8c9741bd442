"""Provision headers the parser must recognise, each beside a near miss it must not take for
one: Portuguese and Brazilian article numbers ("Artigo 176.º", "Art. 218-B."), Spanish
numbers with a full stop or a typed ordinal ("Artículo 117.", "ARTÍCULO 5o."), decimal section
numbers ("474.25 Heading", "163.1 (1) ..."), and headings set as an article's first phrase
("ARTÍCULO 1°. Dignidad humana. El Estado ..."). All texts are drafted for these tests."""

from __future__ import annotations

from coplaw.document import Provision
from coplaw.structure.parser import parse_text


def _all(text: str, language: str) -> dict[str, Provision]:
    tree = parse_text(text, language)
    return {p.eid: p for top in [*tree.body, *tree.schedules] for p in top.walk()}


def _words(text: str, prov: Provision) -> str:
    return text[prov.body_start:prov.end]


# (a) Portuguese and Brazilian articles -------------------------------------------------------

PT = """LEI DE ENSAIO

Artigo 1.º
Objeto
A presente lei estabelece regras de proteção das crianças.

Artigo 1.º-A
Definições
Para efeitos da presente lei, criança é a pessoa com menos de dezoito anos.

Artigo 176.º
Pornografia de menores
1 - Quem utilizar menor em fotografia é punido.
2 - A tentativa é punível.

Artigo 177.º - A pena é agravada de um terço quando a vítima for menor de catorze anos.
"""


def test_portuguese_ordinal_numbers_and_lettered_insertions() -> None:
    provs = _all(PT, "pt")
    assert {"art_1", "art_1-A", "art_176"} <= provs.keys()
    assert provs["art_1-A"].heading == "Definições"
    assert provs["art_176"].heading == "Pornografia de menores"
    assert _words(PT, provs["art_1-A"]).startswith("Para efeitos")


def test_portuguese_article_a_after_a_dash_is_text_not_a_letter() -> None:
    # near miss: "177.º - A pena" is article 177 whose words begin with the article "A"
    provs = _all(PT, "pt")
    assert "art_177" in provs and "art_177-A" not in provs
    assert _words(PT, provs["art_177"]).startswith("A pena é agravada")


BR = "\n\n".join([
    "LEI DE ENSAIO",
    "Art. 218-A. Praticar, na presença de alguém menor de catorze anos, ato destinado a "
    "satisfazer lascívia própria ou de outrem.",
    "Art. 218-B. Submeter, induzir ou atrair à exploração sexual alguém menor de dezoito "
    "anos, ou facilitá-la.",
    "Art. 241-D. Aliciar, assediar, instigar ou constranger, por qualquer meio de "
    "comunicação, criança, com o fim de com ela praticar ato libidinoso.",
    "Art. 242. Esta Lei entra em vigor na data de sua publicação.",
]) + "\n"


def test_brazilian_lettered_articles_any_letter() -> None:
    provs = _all(BR, "pt")
    assert {"art_218-A", "art_218-B", "art_241-D", "art_242"} <= provs.keys()
    assert provs["art_241-D"].num == "241-D"
    assert _words(BR, provs["art_241-D"]).startswith("Aliciar, assediar")


def test_one_line_article_keeps_its_sentence_as_text() -> None:
    # near miss: a short sentence after the number with nothing below is no heading
    provs = _all(BR, "pt")
    assert provs["art_242"].heading is None
    assert _words(BR, provs["art_242"]).startswith("Esta Lei entra em vigor")


# (b) Spanish article numbers -------------------------------------------------------------

ES = """LEY DE ENSAYO

Artículo 116.
Las personas menores de edad tienen derecho a la protección integral.

Artículo 117.
Quien difunda material sexual de menores será castigado con prisión.

Artículo 117 bis.
La pena se agravará cuando se utilicen medios informáticos.

ARTÍCULO 118o.
Las autoridades cooperarán entre sí.
"""


def test_spanish_article_with_full_stop_suffix_and_typed_ordinal() -> None:
    provs = _all(ES, "es")
    assert {"art_116", "art_117", "art_117bis", "art_118"} <= provs.keys()
    assert "art_118o" not in provs
    assert _words(ES, provs["art_117"]).startswith("Quien difunda")
    assert _words(ES, provs["art_117bis"]).startswith("La pena")


def test_german_letter_o_stays_a_lettered_paragraph() -> None:
    # near miss: "§ 111o" is the paragraph after § 111n, not an ordinal mark
    text = ("# Gesetz\n\n§ 111n Erster Fall\n\n(1) Der Text des ersten Falles.\n\n"
            "§ 111o Zweiter Fall\n\n(1) Der Text des zweiten Falles.\n")
    provs = _all(text, "de")
    assert "art_111o" in provs and "art_111" not in provs


def test_long_article_line_still_opens_an_article() -> None:
    sentence = "Las autoridades adoptarán las medidas necesarias para proteger a los menores. "
    text = f"LEY\n\nArtículo 1. {sentence * 8}\n\nArtículo 2. {sentence * 8}\n"
    assert len(text.splitlines()[2]) > 400
    provs = _all(text, "es")
    assert {"art_1", "art_2"} <= provs.keys()
    assert _words(text, provs["art_2"]).startswith("Las autoridades")


# (c) decimal section numbers -------------------------------------------------------------

DEC = """Example Offences Act

474.25 Obligations of service providers
A service provider who becomes aware of abuse material must report it.

474.26 Using a service to procure persons
A person commits an offence if the person procures another person.

474.27 (1) In this section, record means any document or data.
(2) A record may be kept in electronic form.
(3) The fee for a copy of a record is set by the Minister, at

12.50 Dollars for each page

and is paid on request.

475 Saving of other laws
This Part does not exclude any other law.
"""


def test_decimal_section_numbers_with_heading_or_first_subsection() -> None:
    provs = _all(DEC, "en")
    assert {"sec_474-25", "sec_474-26", "sec_474-27", "sec_475"} <= provs.keys()
    assert provs["sec_474-25"].heading == "Obligations of service providers"
    assert _words(DEC, provs["sec_474-25"]).startswith("A service provider")
    assert provs["sec_474-27"].heading is None
    assert {"sec_474-27__subsec_1", "sec_474-27__subsec_2"} <= provs.keys()


def test_amounts_and_dates_do_not_open_sections() -> None:
    # near miss: "12.50 Dollars ..." looks like "474.25 Heading" but is out of sequence
    provs = _all(DEC, "en")
    assert not any(e.startswith("sec_12") for e in provs)
    assert "12.50 Dollars" in _words(DEC, provs["sec_474-27"])
    text = ("Notice\n\n1 Purpose\nThis notice explains the fees.\n\n2 Fees\nThe fees are set.\n"
            "12.05.2020 Decision of the Board\nThe Board decided.\n")
    assert not any(e.startswith("sec_12") for e in _all(text, "en"))


def test_restated_decimal_number_then_subsections() -> None:
    text = ("=== Part V ===\n\n--- Section 163 — Offences ---\n163 (1) Every person commits an "
            "offence who makes material.\n(2) Every person commits an offence who sells it.\n\n"
            "--- Section 163.1 — Definition of material ---\n163.1 (1) In this section, "
            "material means a representation. (2) Every person who makes material is guilty. "
            "(4) Every person who possesses material is guilty. (4.1) Every person who "
            "accesses material is guilty. (4.2) For the purposes of subsection (4.1), a person "
            "accesses material who views it. (5) It is not a defence that the accused "
            "believed otherwise.\n")
    provs = _all(text, "en")
    sec = provs["sec_163-1"]
    assert _words(text, sec).startswith("(1) In this section")
    subs = [c.num for c in sec.children]
    assert subs == ["(1)", "(2)", "(4)", "(4.1)", "(4.2)", "(5)"]
    # near miss: "subsection (4.1)" is a reference inside (4.2), not a subdivision
    assert not provs["sec_163-1__subsec_4-2"].children


# (d) headings set as the first phrase of an article --------------------------------------

CO = "\n\n".join([
    "LEY DE ENSAYO",
    "ARTÍCULO 1°. Dignidad humana. El Estado reconoce la dignidad de todas las personas "
    "menores de edad.",
    "ARTÍCULO 2°. Protección integral . Se entiende por protección integral el "
    "reconocimiento de los niños como sujetos de derechos.",
    "ARTÍCULO 3°. Las autoridades garantizarán el ejercicio de estos derechos en todo el "
    "territorio nacional y en el exterior.",
    "ARTÍCULO 4°. Ámbito de aplicación. Esta ley se aplica a todas las personas menores de "
    "dieciocho años.",
    "ARTÍCULO 5°. Modificado por el art. 2 de la Ley 10 de 2020. Las penas se aumentarán en "
    "la mitad.",
]) + "\n"


def test_lead_in_phrase_becomes_the_heading() -> None:
    provs = _all(CO, "es")
    assert provs["art_1"].heading == "Dignidad humana"
    assert provs["art_2"].heading == "Protección integral"
    assert provs["art_4"].heading == "Ámbito de aplicación"
    assert _words(CO, provs["art_1"]).startswith("El Estado reconoce")


def test_sentences_and_notes_are_not_lead_in_headings() -> None:
    provs = _all(CO, "es")
    assert provs["art_3"].heading is None  # one long sentence
    assert provs["art_5"].heading is None  # an amendment note ending in an abbreviation
    assert _words(CO, provs["art_3"]).startswith("Las autoridades")


def test_lead_in_needs_a_document_drafted_that_way() -> None:
    # near miss: one short first sentence among articles without headings is text
    text = ("LEY\n\nArtículo 1. Queda prohibida la venta. Las sanciones serán impuestas por "
            "el juez competente en cada caso.\n\nArtículo 2. Las autoridades adoptarán las "
            "medidas que sean necesarias para aplicar la presente ley.\n\nArtículo 3. El "
            "Ministerio dictará el reglamento dentro de los seis meses siguientes.\n\n"
            "Artículo 4. La presente ley rige desde su publicación en el diario oficial.\n")
    provs = _all(text, "es")
    assert provs["art_1"].heading is None
    assert _words(text, provs["art_1"]).startswith("Queda prohibida")


def test_lead_in_heading_in_english_numbered_text() -> None:
    text = ("EXAMPLE ACT\n\n1. Short title. This Act may be cited as the Example Act.\n\n"
            "2. Interpretation. In this Act, child means a person under eighteen years.\n\n"
            "3. Offence. A person who makes abuse material commits an offence.\n")
    provs = _all(text, "en")
    assert [provs[f"sec_{n}"].heading for n in (1, 2, 3)] == [
        "Short title", "Interpretation", "Offence"]
    assert _words(text, provs["sec_2"]).startswith("In this Act")


# (e) Bengali sections: a Bengali number ended by a danda, the heading ended by "।—" ----------

BN = ("পরীক্ষা আইন, ২০২০\n\n১। সংক্ষিপ্ত শিরোনাম।— এই আইন পরীক্ষা আইন নামে অভিহিত হইবে।\n\n"
      "২। সংজ্ঞা।— এই আইনে, “শিশু” অর্থ আঠার বৎসরের কম বয়সী কোন ব্যক্তি।\n\n"
      "৩। অপরাধ।— (১) কোন ব্যক্তি শিশু পর্নোগ্রাফি উৎপাদন করিলে তিনি অপরাধ করিবেন।\n"
      "(২) ধারা ২ এর বিধান প্রযোজ্য হইবে।\n")


def test_bengali_sections_numbered_with_a_danda() -> None:
    provs = _all(BN, "bn")
    assert [provs[f"sec_{n}"].heading for n in "১২৩"] == ["সংক্ষিপ্ত শিরোনাম", "সংজ্ঞা", "অপরাধ"]
    assert _words(BN, provs["sec_২"]).startswith("এই আইনে")
    assert {"sec_৩__subsec_১", "sec_৩__subsec_২"} <= set(provs)


def test_bengali_number_inside_a_sentence_is_no_section() -> None:
    # near miss: "২০২০।" ends a sentence; "ধারা ২ এর" cites a section
    provs = _all(BN, "bn")
    assert not any(eid.startswith("sec_২০") for eid in provs)
    assert len([e for e in provs if "__" not in e]) == 3


# (f) An act of one section ------------------------------------------------------------------

def test_a_single_section_or_article_is_a_provision() -> None:
    en = ("CHILD PROTECTION (AMENDMENT) ACT 2021\n\nSection 1. Possession of child pornography\n"
          "A person who knowingly possesses child pornography commits an offence.\n")
    assert _all(en, "en")["sec_1"].heading == "Possession of child pornography"
    es = ("LEY 5\n\nArtículo 1. Posesión\nEl que posea pornografía infantil será sancionado "
          "con prisión de uno a tres años.\n")
    assert _all(es, "es")["art_1"].heading == "Posesión"


def test_a_single_section_amending_another_act_keeps_its_own_number() -> None:
    # near miss: "Section 163 of the Penal Code is amended" names the amended section
    text = ("PENAL CODE (AMENDMENT) ACT 2021\n\n1. Amendment of section 163\nSection 163 of the "
            "Penal Code is amended by inserting after subsection (1) the following.\n")
    provs = _all(text, "en")
    assert "sec_1" in provs and "sec_163" not in provs
