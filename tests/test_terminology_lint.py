"""Terminology lint: outdated terms flagged with the preferred term, legitimate contexts left
alone, media-bound definitions flagged; on drafted snippets and on real statutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coplaw.cli import app
from coplaw.structure.load import load_paths
from coplaw.terminology.lint import lint_instrument


def _load(tmp_path: Path, text: str, name: str = "draft.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_paths([path])
    assert not loaded.errors, loaded.errors
    return loaded.instruments[0]


DRAFT = """Offences Against Children Bill

1. Interpretation
In this Act, "child pornography" means any photograph, film or videotape showing a child engaged
in sexually explicit conduct.

2. Possession
A person who possesses child pornography commits an offence.

3. Amendment of the Penal Code
In section 12 of the Penal Code, for the words "child pornography" substitute the words "child
sexual abuse material".

4. Treaties
This Act gives effect to the Optional Protocol to the Convention on the Rights of the Child on the
sale of children, child prostitution and child pornography.

5. Savings
Proceedings begun under the Prevention of Child Pornography Act 1999 continue.

6. Construction
In any other law, the expression "child prostitute" is to be read as a reference to a child victim
of sexual exploitation.
"""


def test_draft_flags_operative_uses_and_leaves_contexts(tmp_path: Path) -> None:
    inst = _load(tmp_path, DRAFT)
    found = lint_instrument(inst)
    flagged = [o for o in found if o.flagged]
    kept = {(o.rule, o.context) for o in found if not o.flagged}
    # the definition and the offence use the old term: flagged, with the preferred term
    cp = [o for o in flagged if o.rule == "term.child_pornography"]
    assert len(cp) == 2
    assert all(inst.text[o.start:o.end].lower() == "child pornography" for o in cp)
    assert cp[0].preferred[0] == "child sexual abuse material"
    assert "icmec-csam-model-legislation" in cp[0].source
    # amendment, treaty name, cited act title and quoted expression are left alone
    assert ("term.child_pornography", "amendment") in kept
    assert ("term.child_pornography", "treaty_quotation") in kept
    assert ("term.child_prostitution", "treaty_quotation") in kept
    assert ("term.child_pornography", "act_title") in kept
    assert ("term.child_prostitution", "statute_quotation") in kept
    # the definition lists only physical media
    media = [o for o in flagged if o.rule == "term.media_bound_definition"]
    assert len(media) == 1 and "videotape" in media[0].note


def test_technology_neutral_definition_is_not_flagged(tmp_path: Path) -> None:
    inst = _load(tmp_path, DRAFT.replace(
        "any photograph, film or videotape", "any photograph, film, videotape or digital data"))
    assert not [o for o in lint_instrument(inst) if o.rule == "term.media_bound_definition"]
    inst = _load(tmp_path, DRAFT.replace(
        "any photograph, film or videotape", "any photograph or film, made by any means"))
    assert not [o for o in lint_instrument(inst) if o.rule == "term.media_bound_definition"]


def test_french_and_spanish_terms(tmp_path: Path) -> None:
    fr = _load(tmp_path, "Article premier\nQuiconque détient de la pornographie enfantine est "
               "puni de cinq ans d'emprisonnement.\n", "fr.txt")
    fr.language = "fr"
    hits = [o for o in lint_instrument(fr) if o.flagged]
    assert [o.rule for o in hits] == ["term.child_pornography"]
    assert "abus sexuels" in hits[0].preferred[0]
    es = _load(tmp_path, "Artículo 1\nEl que promueva la prostitución infantil será castigado "
               "con prisión.\n", "es.txt")
    es.language = "es"
    assert [o.rule for o in lint_instrument(es) if o.flagged] == ["term.child_prostitution"]
    de = _load(tmp_path, "§ 1\nWer kinderpornographische Inhalte besitzt, wird bestraft.\n",
               "de.txt")
    de.language = "de"
    hits = [o for o in lint_instrument(de) if o.flagged]
    assert [o.term for o in hits] == ["kinderpornographische"]
    pt = _load(tmp_path, "Art. 1\nProduzir pornografia infantil: pena de reclusão. Ver a Lei "
               "de Combate à Pornografia Infantil.\n", "pt.txt")
    pt.language = "pt"
    found = lint_instrument(pt)
    assert [o.flagged for o in found] == [True, False]  # the second is a cited law's title


def test_real_statute_act_title_kept_offences_flagged(corpus_dir: Path) -> None:
    """An act whose title says child pornography: its title and running headers are left
    alone, its definition and offences are flagged."""
    path = corpus_dir / "JAM" / "child_pornography_prevention_act.txt"
    inst = load_paths([path]).instruments[0]
    found = [o for o in lint_instrument(inst) if o.rule == "term.child_pornography"]
    titles = [o for o in found if o.context == "act_title"]
    flagged = [o for o in found if o.flagged]
    assert len(titles) >= 3
    assert all(inst.text[o.start:o.end].istitle() or inst.text[o.start:o.end].isupper()
               for o in titles)
    # the offence provisions (possession, production) are flagged
    assert any(o.provision.startswith("sec_4") for o in flagged)
    assert any(o.provision == "sec_2" for o in flagged)
    # no occurrence in the source's web address is reported
    assert not any("-" in o.term for o in found)


def test_real_statute_offence_heading_and_body_flagged(corpus_dir: Path) -> None:
    path = corpus_dir / "KEN" / "computer_misuse_and_cybercrimes_act_2018.txt"
    inst = load_paths([path]).instruments[0]
    found = lint_instrument(inst)
    cp = [o for o in found if o.rule == "term.child_pornography" and o.flagged]
    assert {o.provision for o in cp} >= {"sec_24", "sec_24__subsec_1__para_a"}
    # "pornography" is defined by books, magazines, films "and other media, telecommunication
    # apparatus": open wording, not media-bound
    assert not [o for o in found if o.rule == "term.media_bound_definition"]


def test_cited_act_title_in_us_code_left_alone(corpus_dir: Path) -> None:
    path = corpus_dir / "USA" / "usc18_ch110_sexual_exploitation_of_children.txt"
    inst = load_paths([path]).instruments[0]
    found = [o for o in lint_instrument(inst) if o.rule == "term.child_pornography"]
    kept = [o for o in found if o.context == "act_title"]
    assert any("Victim Assistance Act" in inst.text[o.end:o.end + 40] for o in kept)
    assert sum(o.flagged for o in found) > 20


def test_lint_command_json_and_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["flagged"] == sum(1 for o in data["occurrences"] if o["flagged"]) > 0
    clean = tmp_path / "clean.txt"
    clean.write_text("1. Offence\nA person who possesses child sexual abuse material commits an "
                     "offence.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(clean)])
    assert result.exit_code == 0, result.output
    assert "0 flagged" in result.stdout


def test_lint_command_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["lint", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "pt"])
def test_word_lists_load(language: str) -> None:
    from coplaw.terminology import lexicon

    words = lexicon.load(language)
    assert words.language == language
    assert "term.child_pornography" in words.avoid


def test_bad_word_list_names_file(tmp_path: Path) -> None:
    from coplaw.terminology.lexicon import TermLexiconError, validate

    bad = tmp_path / "en.yaml"
    bad.write_text("language: en\nrules: {term.nope: {avoid: [x], prefer: [y]}}\nmedia: [a]\n"
                   "open_media: [b]\nmaterial_terms: [c]\nwidening: [w]\n"
                   "contexts: {title_heads: [Act], treaty: [t], quotation: [q], amendment: [a]}\n",
                   encoding="utf-8")
    with pytest.raises(TermLexiconError, match="en.yaml.*term.nope"):
        validate(bad, {"term.child_pornography"})


def test_amendment_needs_quote_or_replacement(tmp_path: Path) -> None:
    """Repeal or replacement wording excuses the old term only when the term is what is being
    replaced (quoted, or with the preferred term in the same sentence)."""
    inst = _load(tmp_path, "1. Amendment\nIn every enactment, references to child pornography "
                 "are replaced by references to child sexual abuse material.\n\n2. Forfeiture\n"
                 "Child pornography seized under this Act shall be deleted or destroyed.\n")
    found = [o for o in lint_instrument(inst) if o.rule == "term.child_pornography"]
    assert [(o.provision, o.context) for o in found] == [("sec_1", "amendment"),
                                                         ("sec_2", None)]


def test_definition_of_the_old_term_is_flagged_even_when_quoted(tmp_path: Path) -> None:
    inst = _load(tmp_path, '1. Definitions\nIn this Part, the term "child pornography" means '
                 "any representation, by any means, of a child in sexual activity.\n")
    found = [o for o in lint_instrument(inst) if o.rule == "term.child_pornography"]
    assert len(found) == 1 and found[0].flagged
    assert not [o for o in lint_instrument(inst) if o.rule == "term.media_bound_definition"]


def test_extending_definition_is_not_media_bound(tmp_path: Path) -> None:
    inst = _load(tmp_path, '1. Definitions\nIn this Act, "obscene material" includes any film '
                 'or photograph.\n\n2. Offence\nA person who shows obscene material to a child '
                 "commits an offence.\n")
    assert not [o for o in lint_instrument(inst) if o.rule == "term.media_bound_definition"]


def test_child_as_recipient_is_not_the_term(tmp_path: Path) -> None:
    inst = _load(tmp_path, "1. Offence\nA person who sells to a child pornographic material, "
                 "or who possesses child pornographic material, commits an offence.\n")
    found = [o for o in lint_instrument(inst) if o.rule == "term.child_pornography"]
    assert len(found) == 1 and "possesses child" in inst.text[found[0].start - 16:found[0].end]
