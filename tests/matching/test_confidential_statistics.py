"""Documents a viewer may not see never shape that viewer's scores, not even through BM25's
collection statistics (document frequencies, lengths): documents marked `public` are also
indexed on their own, and a viewer who may see nothing else is scored there. See
docs/matching.md, "BM25 collection statistics"."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from ponte.accounts.models import User
from ponte.matching import services
from ponte.matching.embeddings import default_embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.types import Document, Query
from ponte.transfer.constants import Confidentiality
from tests.factories import InnovationNeedFactory
from tests.matching.conftest import World

VISIBLE = [
    ("Fenossietanolo nei sieri", "Alternative al fenossietanolo per sieri acquosi."),
    ("Shampoo solido", "Rischio microbiologico degli shampoo solidi e challenge test."),
    ("Creme viso", "Conservanti naturali per creme viso e shampoo."),
    ("Packaging", "Flaconi riciclabili."),
]
HIDDEN = "Fenossietanolo fenossietanolo nei nostri prodotti, riservato."


def ranked(
    embedding_cache: Path, hidden: int, allowed_all: bool = False
) -> list[tuple[str, float]]:
    docs = [
        Document(key=f"offer:{i}", kind="offer", id=str(i), title=t, text=x, public=True)
        for i, (t, x) in enumerate(VISIBLE, start=1)
    ]
    allowed = {d.key for d in docs}
    docs += [
        Document(key=f"need:{i}", kind="need", id=str(i), title="Riservato", text=HIDDEN)
        for i in range(1, hidden + 1)
    ]
    if allowed_all:
        allowed |= {d.key for d in docs}
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        engine.upsert(docs)
        engine.commit()
        results = engine.search(Query(text="fenossietanolo shampoo"), top=4, allowed=allowed)
    finally:
        engine.close()
    return [(r.key, round(r.score, 6)) for r in results]


def test_hidden_documents_do_not_change_what_a_visitor_sees(embedding_cache: Path) -> None:
    assert ranked(embedding_cache, hidden=3) == ranked(embedding_cache, hidden=0)


def test_a_viewer_allowed_a_hidden_document_is_scored_on_the_whole_index(
    embedding_cache: Path,
) -> None:
    """The control: the same hidden documents do change the scores of someone who may see
    them (so the test above could fail)."""
    with_them = ranked(embedding_cache, hidden=3, allowed_all=True)
    without = ranked(embedding_cache, hidden=0)
    assert {k: s for k, s in with_them if k.startswith("offer:")} != dict(without)


def test_documents_leaving_the_public_side_leave_its_statistics(embedding_cache: Path) -> None:
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        doc = Document(key="need:1", kind="need", id="1", title="Riservato", text=HIDDEN)
        engine.upsert([Document(key="offer:1", kind="offer", id="1", title="Shampoo",
                                text="Shampoo solido.", public=True),
                       Document(**{**doc.__dict__, "public": True})])  # fmt: skip
        engine.commit()
        assert engine.public_lexical.num_docs() == engine.members_lexical.num_docs() == 2
        engine.upsert([doc])  # became confidential
        engine.commit()
        assert engine.public_lexical.num_docs() == engine.members_lexical.num_docs() == 1
        engine.delete(["offer:1"])
        engine.commit()
        assert engine.public_lexical.num_docs() == engine.members_lexical.num_docs() == 0
        reopened = MatchingEngine(engine.path, embedder=engine.embedder)
        assert not reopened._public.any() and not reopened._members.any()
        reopened.close()
    finally:
        engine.close()


def _match(text: str, *options: str) -> list[dict[str, object]]:
    """`ponte match --json` as a visitor, or `--as` someone."""
    out = StringIO()
    call_command("match", "--json", "--top", "20", *options, text, stdout=out)
    results = json.loads(out.getvalue())
    assert isinstance(results, list)
    return results


def add_a_confidential_need_full_of(text: str, world: World) -> None:
    """Another organisation's confidential need using the query's words, then re-indexed."""
    InnovationNeedFactory(
        title=f"{text.capitalize()}: riservato",
        summary=f"{text} {text}, sieri, sieri, creme.",
        organisation=world.sme,
        cluster=world.public_offer.cluster,
        confidentiality=Confidentiality.STAFF,
    )
    services.rebuild_index()


def test_a_confidential_need_does_not_move_a_visitors_scores_on_the_site(world: World) -> None:
    text = "conservante naturale per sieri e creme"
    before = _match(text)
    add_a_confidential_need_full_of(text, world)
    after = _match(text)

    assert before and after == before


def members_ranked(embedding_cache: Path, hidden: int) -> list[tuple[str, float]]:
    """What a member sees — public offers and a member-level one — with `hidden`
    confidential needs of others in the index."""
    docs = [
        Document(key=f"offer:{i}", kind="offer", id=str(i), title=t, text=x, public=True)
        for i, (t, x) in enumerate(VISIBLE, start=1)
    ]
    docs.append(
        Document(
            key="offer:9",
            kind="offer",
            id="9",
            title="Per i soci",
            members=True,
            text="Shampoo al fenossietanolo, scheda per i soci.",
        )  # fmt: skip
    )
    allowed = {d.key for d in docs}
    docs += [
        Document(key=f"need:{i}", kind="need", id=str(i), title="Riservato", text=HIDDEN)
        for i in range(1, hidden + 1)
    ]
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        engine.upsert(docs)
        engine.commit()
        assert engine.members_lexical.num_docs() == len(VISIBLE) + 1
        # BM25 alone, to the last digit: the statistics are what is under test (the hybrid's
        # dense side differs in the sixth decimal with the matrix's size, as any BLAS does).
        query = Query(text="fenossietanolo shampoo")
        results = engine.search(query, top=5, allowed=allowed, mode="lexical")
    finally:
        engine.close()
    return [(r.key, r.score) for r in results]


def test_hidden_documents_do_not_change_what_a_member_sees(embedding_cache: Path) -> None:
    assert members_ranked(embedding_cache, hidden=3) == members_ranked(embedding_cache, hidden=0)


def test_a_confidential_need_does_not_move_another_members_scores_on_the_site(
    world: World, other_member_user: User
) -> None:
    """A member of another organisation, with nothing of their own hidden from others, is
    scored on the members' index: someone else's confidential need cannot move a score."""
    services.rebuild_index()  # with the member's own organisation and profile, made after
    text = "conservante naturale per sieri e creme"
    before = _match(text, "--as", other_member_user.username)
    seen = {(r["kind"], r["id"]) for r in before}
    assert ("offer", str(world.members_offer.pk)) in seen  # member-level: a member's view
    add_a_confidential_need_full_of(text, world)
    after = _match(text, "--as", other_member_user.username)

    assert before and after == before
