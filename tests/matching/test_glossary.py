"""The bilingual glossary: where its pairs come from, when they apply, how they are explained."""

from __future__ import annotations

from ponte.matching.analysis import ENGLISH, ITALIAN, content_words
from ponte.matching.glossary import Glossary, default_glossary, explain, taxonomy_pairs
from ponte.matching.glossary_data import DOMAIN_PAIRS


def test_the_taxonomy_labels_are_read_without_django() -> None:
    pairs = taxonomy_pairs()
    assert ("Sistemi conservanti", "Preservative systems") in pairs
    # Labels listing parts in the same order are split into pairs of parts.
    assert ("Emollienti", "Emollients") in pairs
    assert ("tensioattivi", "surfactants") in pairs
    assert len(pairs) > 100


def test_pairs_the_analysers_already_match_are_left_out() -> None:
    glossary = Glossary([("Packaging", "Packaging"), ("Formula", "formula"), ("vetro", "glass")])
    assert [(e.italian, e.english) for e in glossary.entries] == [("vetro", "glass")]
    assert len(default_glossary()) > len(DOMAIN_PAIRS) // 2


def test_a_pair_applies_in_either_direction_only_when_the_other_side_is_missing() -> None:
    glossary = Glossary([("sistemi conservanti", "preservative systems"), ("vetro", "glass")])
    [italian] = glossary.translations("Cerchiamo nuovi sistemi conservanti")
    assert (italian.source, italian.target, italian.source_language) == (
        "sistemi conservanti",
        "preservative systems",
        ITALIAN,
    )
    assert glossary.translations("conservanti naturali") == []  # not every stem
    [english] = glossary.translations("recycled glass jars")
    assert (english.target, english.source_language) == ("vetro", ENGLISH)
    assert glossary.translations("vetro or glass") == []  # both sides already there

    added = glossary.expansion("Cerchiamo nuovi sistemi conservanti")
    assert added[ENGLISH] == {"preserv", "system"}
    assert "conserv" not in added[ITALIAN]


def test_the_reasons_show_the_words_each_side_wrote() -> None:
    glossary = Glossary([("conservanti", "preservatives"), ("imballaggio", "packaging")])
    query = "mascara senza conservanti, imballaggio"
    doc = "Preservative-free mascara in airless packaging"
    lines = explain(glossary.translations(query), content_words(query), content_words(doc))
    assert lines == ["conservanti ↔ preservative", "imballaggio ↔ packaging"]
    assert explain(glossary.translations(query), content_words(query), ["mascara"]) == []


def test_words_that_only_share_a_stem_are_not_translated() -> None:
    from ponte.matching.glossary import default_glossary

    pairs = {
        (t.source.lower(), t.target.lower())
        for t in default_glossary().translations("stabilità del prodotto e progetto del flacone")
    }
    assert ("stabilimento", "plant") not in pairs
    assert not any(source == "progettazione" for source, _ in pairs)


def test_an_inflected_word_is_translated() -> None:
    from ponte.matching.glossary import default_glossary

    targets = {t.target for t in default_glossary().translations("conservanti naturali")}
    assert "preservatives" in targets


def test_an_english_plural_in_ies_is_the_same_word() -> None:
    glossary = Glossary([("biotecnologie", "biotechnology")])
    [english] = glossary.translations("industrial biotechnologies for actives")
    assert (english.target, english.source_language) == ("biotecnologie", ENGLISH)
