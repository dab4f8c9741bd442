"""Single operational rules of the model-law tests, both sides, on small drafted texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from coplaw import lexicons
from coplaw.annotate import concepts
from coplaw.annotate.concepts import LexiconError, phrase_pattern
from coplaw.assess.model_law import assess_instruments
from coplaw.findings import Finding
from coplaw.structure.load import load_paths


def _run(tmp_path: Path, *texts: str) -> dict[str, Finding]:
    for n, text in enumerate(texts):
        (tmp_path / f"law_{n}.txt").write_text(text, encoding="utf-8")
    result = load_paths([tmp_path])
    assert not result.errors
    findings = assess_instruments(result.instruments)
    texts_by_id = {i.id: i.text for i in result.instruments}
    for f in findings:
        for ev in f.evidence:
            assert texts_by_id[ev.instrument][ev.start : ev.end] == ev.quote
    return {f.method.rsplit(":", 1)[-1]: f for f in findings}


def _act(*sections: str, title: str = "TEST ACT 2020") -> str:
    body = "\n\n".join(f"Section {n}. Provision {n}\n{s}" for n, s in enumerate(sections, start=1))
    return f"{title}\n\n{body}\n"


OFFENCE = (
    "A person who produces or distributes child pornography commits an offence "
    "and is liable to imprisonment."
)


def test_grooming_without_meeting_is_met_and_with_meeting_partial(tmp_path: Path) -> None:
    online = _act(
        "A person who by means of a computer solicits a child for sexual purposes "
        "commits an offence."
    )
    for sub in ("a", "b", "c"):
        (tmp_path / sub).mkdir()
    f = _run(tmp_path / "a", online)
    assert f["grooming"].status == "met"
    meet = _act(
        "A person who communicates with a child and then meets the child for a sexual purpose "
        "commits an offence."
    )
    f = _run(tmp_path / "b", meet)
    assert f["grooming"].status == "partially_met"
    negated = _act(
        "A person who communicates with a child for a sexual purpose commits an offence, whether "
        "or not a meeting takes place."
    )
    assert _run(tmp_path / "c", negated)["grooming"].status == "met"


def test_soliciting_an_adult_is_not_grooming(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act("A person who solicits another person for sexual purposes commits an offence."),
    )
    assert f["grooming"].status == "not_met"


def test_possession_with_intent_only_is_not_simple_possession(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            "A person who possesses child pornography with intent to distribute it, or who "
            "views child pornography on the internet, commits an offence."
        ),
    )
    assert f["offences"].status == "partially_met"
    assert "simple possession" in f["offences"].rationale


def test_possession_regardless_of_intent_is_simple(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            "A person who possesses child pornography, whether or not with intent to "
            "distribute it, commits an offence.",
            "A person who downloads child pornography commits an offence.",
        ),
    )
    assert f["offences"].status == "met"


def test_general_reporting_duty_and_host_exemption_are_not_reporting(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            "Every person who knows that an offence of child pornography has been committed "
            "shall report it "
            "to the police.",
            "A host shall not be liable for child pornography stored by a user "
            "if it removes it on notice.",
        ),
    )
    assert f["mandatory_reporting"].status == "not_met"


def test_duty_on_persons_named_earlier_rests_on_them(tmp_path: Path) -> None:
    """A duty laid on "such persons" reaches the groups the section before named, and both the
    duty and the naming words are cited."""
    text = _act(
        "This Part applies to internet service providers and to banks.",
        "Such persons shall report child pornography found on their systems to the police.",
    )
    f = _run(tmp_path, text)["mandatory_reporting"]
    assert f.status == "partially_met", f.rationale
    assert "internet service providers" in f.rationale and "payment" in f.rationale
    quotes = " | ".join(e.quote for e in f.evidence)
    assert "Such persons shall report" in quotes and "internet service providers" in quotes


def test_french_duty_on_the_persons_mentioned_above(tmp_path: Path) -> None:
    text = (
        "LOI D'ESSAI\n\nArticle 1\nLe présent article s'applique aux fournisseurs d'accès "
        "à internet et aux hébergeurs.\n\nArticle 2\nLes personnes mentionnées ci-dessus sont "
        "tenues de signaler aux autorités toute image pédopornographique et tout abus sexuel "
        "sur mineur dont elles ont connaissance.\n"
    )
    f = _run(tmp_path, text)["mandatory_reporting"]
    assert f.status == "partially_met", f.rationale
    assert "internet service providers" in f.rationale


def test_notice_to_the_family_is_no_report_but_informing_an_officer_is(tmp_path: Path) -> None:
    """A doctor who must "notify the parent" of treatment reports nothing to an authority; a
    medical officer who must "inform a police officer" of sexual abuse does. "Psychologically"
    names no psychologist."""
    family = _act(
        "Where a child who was sexually abused needs surgery, the medical practitioner shall "
        "notify the parent or guardian of the child.",
        "A person who is psychologically harmed by sexual abuse shall inform a social welfare "
        "office.",
    )
    (tmp_path / "a").mkdir()
    assert _run(tmp_path / "a", family)["mandatory_reporting"].status == "not_met"
    officer = _act(
        "A medical officer who believes that a child is sexually abused shall inform a police "
        "officer at once."
    )
    (tmp_path / "b").mkdir()
    f = _run(tmp_path / "b", officer)["mandatory_reporting"]
    assert f.status == "partially_met", f.rationale
    assert "medical officer" in f.evidence[0].quote


def test_material_shown_to_a_child_is_not_material_depicting_one(tmp_path: Path) -> None:
    """Showing pornography to a child is exposure, not abuse material; an image of a child
    in sexual activity is."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shown = _act(
        "A person who through a computer makes pornographic material available to any child, or "
        "facilitates access by any child to pornography, commits an offence and is liable to "
        "imprisonment."
    )
    assert _run(tmp_path / "a", shown)["making_known"].status == "not_met"
    depicted = _act(
        "A person who through a computer makes available any image of a child engaged in sexual "
        "activity commits an offence and is liable to imprisonment."
    )
    assert _run(tmp_path / "b", depicted)["making_known"].status == "partially_met"


def test_a_factor_among_the_prohibited_acts_is_no_aggravation(tmp_path: Path) -> None:
    """Violence named in what the offence forbids does not raise its penalty; violence named
    where the law increases the penalty does."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    listed = _act(
        "(1) No person shall produce child pornography showing violence or debt bondage.\n"
        "(2) A person who contravenes subsection (1) commits an offence and is liable to "
        "imprisonment for ten years.",
        "This Act comes into force on its publication.",
    )
    assert _run(tmp_path / "a", listed)["aggravation"].status == "not_met"
    raised = _act(
        "(1) A person who produces child pornography commits an offence and is liable to "
        "imprisonment for ten years.\n"
        "(2) The penalty is increased to twenty years where the offence involves violence.",
        "This Act comes into force on its publication.",
    )
    assert _run(tmp_path / "b", raised)["aggravation"].status == "partially_met"


def test_guardian_who_consents_to_the_child_being_so_used(tmp_path: Path) -> None:
    """ "consents to the child being so used" reaches the material named earlier in the list;
    a guardian's consent to publishing a name permits nothing sexual."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    so_used = _act(
        "(1) A person commits an offence who (a) uses a child for the production of child "
        "sexual abuse material; or (b) having the custody of a child, consents to the child "
        "being so used.\n(2) The penalty is imprisonment for ten years.",
        "This Act comes into force on its publication.",
    )
    assert _run(tmp_path / "a", so_used)["parents"].status == "met"
    publication = _act(
        "No person shall publish the name of a child witness in a trial for a sexual offence "
        "unless the guardian of the child has given consent in writing to the publication; a "
        "person who does so commits an offence and is liable to a fine.",
        "This Act comes into force on its publication.",
    )
    assert _run(tmp_path / "b", publication)["parents"].status == "not_met"


def test_reference_without_named_groups_is_no_duty(tmp_path: Path) -> None:
    """"Such persons" with nobody of the model law's groups named before stays unassigned."""
    text = _act(
        "(1) This section applies to every resident.\n"
        "(2) Such persons shall report child pornography found on their systems to the police."
    )
    assert _run(tmp_path, text)["mandatory_reporting"].status == "not_met"


def test_isp_duty_without_professionals_is_partial(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            "An internet service provider shall report child pornography found on its "
            "service to the police."
        ),
    )
    assert f["mandatory_reporting"].status == "partially_met"
    assert "professionals" in f["mandatory_reporting"].rationale


def test_by_means_of_is_not_a_definition(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            "A person who distributes child pornography by means of a computer system commits "
            "an offence and is liable to imprisonment."
        ),
    )
    assert f["csam_definition"].status == "not_met"
    assert f["offences"].status == "partially_met"


def test_material_age_lower_than_child_age_is_partial(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            'In this Act "child" means a person under the age of 18 years.',
            "A person who produces child pornography showing a person under the age of 16 "
            "years commits an "
            "offence and is liable to imprisonment.",
            title="MIXED AGES ACT",
        ),
    )
    # the offence names its own threshold: under 16, whatever the general definition says
    assert f["child_definition"].status == "partially_met"
    assert "under 16" in f["child_definition"].rationale


def test_german_age_written_number_first() -> None:
    from coplaw.annotate.child_age import age_phrases
    from coplaw.annotate.concepts import index_instrument
    from coplaw.document import Instrument

    text = "Kind im Sinne dieses Gesetzes ist, wer das 18. Lebensjahr noch nicht vollendet hat."
    inst = Instrument(id="x", title="x", file="x", format="text", language="de", text=text)
    ages = age_phrases(index_instrument(inst), 0, len(text))
    assert [a.age for a in ages] == [18]


@pytest.mark.parametrize(("language", "text", "age"), [
    ("en", "In this Act a child means a person under 18 (eighteen) years of age.", 18),
    ("en", "In this Act a child means a person under eighteen (18) years of age.", 18),
    ("bn", "এই আইনে, “শিশু” অর্থ ১৮ (আঠার) বৎসরের কম বয়সী কোন ব্যক্তি।", 18),
    ("bn", "এই আইনে, “শিশু” অর্থ অনূর্ধ্ব ১৬ (ষোল) বৎসর বয়সের কোন ব্যক্তি।", 16),
    # near misses: a term of imprisonment restated in words is no age
    ("en", "A person who does so is liable to imprisonment for not less than 5 (five) years.",
     None),
    ("bn", "তিনি অপরাধ করিয়াছেন এবং অনধিক ৫ (পাঁচ) বৎসর কারাদণ্ডে দণ্ডিত হইবেন।", None),
])
def test_age_with_the_number_restated_in_brackets(
    language: str, text: str, age: int | None
) -> None:
    from coplaw.annotate.child_age import age_phrases
    from coplaw.annotate.concepts import index_instrument
    from coplaw.document import Instrument

    inst = Instrument(id="x", title="x", file="x", format="text", language=language, text=text)
    ages = age_phrases(index_instrument(inst), 0, len(text))
    assert [a.age for a in ages] == ([age] if age else [])


def test_attempt_in_an_act_without_material_offences_does_not_reach_them(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(OFFENCE, title="MATERIAL ACT"),
        _act(
            "A person who attempts to commit an offence under this Act commits an offence.",
            "A person who steals a vehicle commits an offence.",
            title="VEHICLES ACT",
        ),
    )
    assert f["attempt"].status == "partially_met"


def test_attempt_under_this_act_reaches_material_offences(tmp_path: Path) -> None:
    f = _run(
        tmp_path,
        _act(
            OFFENCE, "A person who attempts to commit an offence under this Act commits an offence."
        ),
    )
    assert f["attempt"].status == "met"


def test_portuguese_grooming_and_spanish_download(tmp_path: Path) -> None:
    pt = (
        "LEI 1\n\nArtigo 1. Aliciamento\nAliciar, por qualquer meio de comunicação, "
        "criança, com o fim de com "
        "ela praticar ato sexual: Pena - reclusão, de um a três anos.\n"
    )
    es = (
        "LEY 2\n\nArtículo 1. Descarga\nEl que descargue pornografía infantil por "
        "internet será sancionado "
        "con pena de prisión de uno a tres años. El que tenga en su poder "
        "pornografía infantil será "
        "sancionado con la misma pena.\n"
    )
    (tmp_path / "pt").mkdir()
    (tmp_path / "es").mkdir()
    assert _run(tmp_path / "pt", pt)["grooming"].status == "met"
    assert _run(tmp_path / "es", es)["offences"].status == "met"


def test_every_language_lexicon_loads_with_required_concepts() -> None:
    langs = concepts.languages()
    assert {"en", "fr", "es", "pt", "de", "bn"} <= set(langs)
    # every language the offence lexicons read has the concepts too (no silent English fallback)
    assert set(lexicons.available()) <= set(langs)
    english = set(concepts.load("en").patterns)
    for lang in langs:
        lex = concepts.load(lang)
        assert lex.language == lang
        assert "csam" in lex.patterns and "child" in lex.patterns
        assert set(concepts._vocabulary(lang)) == set(concepts._vocabulary("en")), lang
        assert set(lex.patterns) <= english


def test_bad_lexicon_is_reported_with_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "xx.yaml"
    bad.write_text("language: xx\nconcepts:\n  child: [kid]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="xx.yaml.*concepts missing"):
        concepts._validate(bad)


def test_phrase_pattern_conventions() -> None:
    import re

    assert re.search(phrase_pattern("possess*"), "who possesses it")
    assert not re.search(phrase_pattern("meet"), "meeting")
    assert re.search(phrase_pattern("*pornograph*"), "Kinderpornographie")
    assert re.search(
        phrase_pattern("représentation* pornographique* d'un mineur"),
        "représentations pornographiques d’un mineur",
    )


@pytest.mark.parametrize(("clause", "status"), [
    ("in der Absicht, sie zu verbreiten", "partially_met"),
    ("unabhängig davon, ob er in der Absicht handelt, sie zu verbreiten", "met"),
])
def test_german_possession_regardless_of_purpose_is_simple(tmp_path: Path, clause: str,
                                                           status: str) -> None:
    law = ("GESETZ ZUM SCHUTZ VON KINDERN VOR SEXUELLER AUSBEUTUNG\n\n"
           "§ 1 Besitz\n"
           f"Wer kinderpornographische Inhalte besitzt, {clause}, wird mit Freiheitsstrafe "
           "bis zu drei Jahren bestraft.\n\n"
           "§ 2 Abruf\n"
           "Wer kinderpornographische Inhalte über das Internet abruft, wird mit "
           "Freiheitsstrafe bis zu drei Jahren bestraft.\n")
    f = _run(tmp_path, law)
    assert f["offences"].status == status, f["offences"].rationale


BN_ACT = (
    "শিশু সুরক্ষা (পরীক্ষামূলক) আইন, ২০২০\n\n"
    "১। সংক্ষিপ্ত শিরোনাম।— এই আইন শিশু সুরক্ষা (পরীক্ষামূলক) আইন, ২০২০ নামে অভিহিত হইবে।\n\n"
    "২। সংজ্ঞা।— এই আইনে, “শিশু” অর্থ আঠার বৎসরের কম বয়সী কোন ব্যক্তি।\n\n"
    "৩। অপরাধ ও দণ্ড।— (১) কোন ব্যক্তি শিশু পর্নোগ্রাফি উৎপাদন, বিতরণ বা বিক্রয় করিলে তিনি "
    "অপরাধ করিয়াছেন বলিয়া গণ্য হইবেন এবং অনধিক দশ বৎসর কারাদণ্ডে দণ্ডিত হইবেন।\n"
)
BN_POSSESSION = (
    "(২) কোন ব্যক্তি শিশু পর্নোগ্রাফি নিজের দখলে রাখিলে তিনি অপরাধ করিয়াছেন বলিয়া গণ্য "
    "হইবেন এবং অনধিক পাঁচ বৎসর কারাদণ্ডে দণ্ডিত হইবেন।\n"
)


def test_bengali_statute_is_read_in_bengali(tmp_path: Path) -> None:
    (tmp_path / "with").mkdir()
    f = _run(tmp_path / "with", BN_ACT + BN_POSSESSION)
    child = f["child_definition"]
    assert child.status == "met" and "18" in child.rationale
    assert [e.provision for e in child.evidence] == ["sec_২"]
    assert "আঠার বৎসরের কম" in child.evidence[0].quote
    offences = f["offences"]
    assert offences.status == "partially_met"
    assert "possession" not in offences.rationale.split("missing")[-1]
    assert any("দখলে" in e.quote for e in offences.evidence)


def test_bengali_statute_without_possession_offence(tmp_path: Path) -> None:
    # near miss: "stored" describing the material is no offence of keeping it
    stored = ("(২) কোন ব্যক্তি শিশু পর্নোগ্রাফি সম্বলিত সংরক্ষিত কোন তথ্য প্রকাশ করিলে তিনি অপরাধ "
              "করিয়াছেন বলিয়া গণ্য হইবেন।\n")
    (tmp_path / "without").mkdir()
    f = _run(tmp_path / "without", BN_ACT + stored)
    offences = f["offences"]
    assert "possession" in offences.rationale.split("missing")[-1]
    assert offences.status == "partially_met"  # the publication is an offence all the same


SUCH_MATERIAL = ("\n(2) A person who distributes or possesses such material commits an offence "
                 "and is liable to imprisonment for five years.")


@pytest.mark.parametrize(("first", "met"), [
    ("(1) A person who uses a child in a pornographic film or photograph commits an offence "
     "and is liable to imprisonment for ten years.", True),
    # near miss: the film is shown to the child, it does not use one; "such material" then
    # refers to no abuse material
    ("(1) A person who uses a computer to show a pornographic film to a child commits an "
     "offence and is liable to imprisonment for ten years.", False),
])
def test_child_used_in_material_and_such_material(tmp_path: Path, first: str, met: bool) -> None:
    f = _run(tmp_path, _act(first + SUCH_MATERIAL, "The Minister may make regulations."))
    offences = f["offences"]
    if not met:
        assert offences.status == "not_met", offences.rationale
        return
    assert offences.status == "partially_met", offences.rationale
    assert "possession" not in offences.rationale.split("missing")[-1]
    assert any("such material" in e.quote for e in offences.evidence)


@pytest.mark.parametrize(("first", "met"), [
    ("Quem utilizar criança em vídeo ou imagem de caráter pornográfico", True),
    # near miss: a video shown to a child does not use the child
    ("Quem exibir vídeo de caráter pornográfico a criança", False),
])
def test_portuguese_child_used_in_material(tmp_path: Path, first: str, met: bool) -> None:
    text = (
        "LEI DE ENSAIO\n\nArtigo 1.º\nObjeto\nA presente lei protege as crianças.\n\n"
        f"Artigo 2.º\nCrimes\n1 - {first} é punido com pena de prisão de um a cinco anos.\n"
        "2 - Quem adquirir ou detiver os materiais referidos no número anterior é punido com "
        "pena de prisão até dois anos.\n"
    )
    (tmp_path / "pt").mkdir()
    offences = _run(tmp_path / "pt", text)["offences"]
    assert (offences.status != "not_met") is met, offences.rationale
    if met:
        assert "possession" not in offences.rationale.split("missing")[-1]


@pytest.mark.parametrize(("language", "text", "children"), [
    ("pt", "infração penal de menor potencial ofensivo cometida contra menor", ["menor"]),
    ("en", "a minor offence committed against a minor", ["minor"]),
    ("es", "prisión no menor de dos años para quien abuse de un menor", ["menor"]),
    ("fr", "une infraction mineure commise sur un mineur", ["mineur"]),
])
def test_a_child_word_inside_a_phrase_that_names_no_child(
    language: str, text: str, children: list[str]
) -> None:
    from coplaw.annotate.concepts import index_instrument
    from coplaw.document import Instrument

    inst = Instrument(id="x", title="x", file="x", format="text", language=language, text=text)
    found = index_instrument(inst).mentions.get("child", [])
    # only the last word names a child; the phrase before it does not
    assert [text[m.start:m.end] for m in found] == children
    assert found[0].start == text.rindex(children[0])
