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
from ponte.clusters.models import Cluster
from ponte.matching import services
from ponte.matching.embeddings import default_embedder
from ponte.matching.engine import MatchingEngine
from ponte.matching.types import Allowed, Document, Query
from ponte.members.constants import MembershipStatus
from ponte.members.models import Organisation
from ponte.transfer.constants import Confidentiality
from tests.factories import (
    InnovationNeedFactory,
    MembershipFactory,
    OrganisationFactory,
    TechnologyOfferFactory,
    person_in,
)
from tests.matching.conftest import World

VISIBLE = [
    ("Fenossietanolo nei sieri", "Alternative al fenossietanolo per sieri acquosi."),
    ("Shampoo solido", "Rischio microbiologico degli shampoo solidi e challenge test."),
    ("Creme viso", "Conservanti naturali per creme viso e shampoo."),
    ("Packaging", "Flaconi riciclabili."),
]
HIDDEN = "Fenossietanolo fenossietanolo nei nostri prodotti, riservato."


def ranked(
    embedding_cache: Path, hidden: int, allowed_all: bool = False, public: bool = False
) -> list[tuple[str, float]]:
    docs = [
        Document(key=f"offer:{i}", kind="offer", id=str(i), title=t, text=x, public=True)
        for i, (t, x) in enumerate(VISIBLE, start=1)
    ]
    allowed = {d.key for d in docs}
    docs += [
        Document(
            key=f"need:{i}", kind="need", id=str(i), title="Riservato", text=HIDDEN, public=public
        )
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


def test_documents_in_the_statistics_do_change_a_visitors_scores(embedding_cache: Path) -> None:
    """The control: the same documents, made public (so in the statistics), do change the
    scores of the visible ones (so the test above could fail)."""
    published = ranked(embedding_cache, hidden=3, allowed_all=True, public=True)
    without = ranked(embedding_cache, hidden=0)
    assert {k: s for k, s in published if k.startswith("offer:")} != dict(without)


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


def members_ranked(
    embedding_cache: Path, hidden: int, own: bool = False, shared: bool = False
) -> list[tuple[str, float]]:
    """What a member sees — public offers and a member-level one, and with `own` a
    confidential need of their own organisation — with `hidden` confidential needs of others
    in the index (`shared`: member-level instead, so in the members' statistics)."""
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
    if own:
        docs.append(Document(key="need:99", kind="need", id="99", title="Il nostro shampoo",
                             text="Shampoo senza fenossietanolo: progetto riservato."))  # fmt: skip
    allowed = Allowed({d.key for d in docs}, member=True)
    docs += [
        Document(
            key=f"need:{i}", kind="need", id=str(i), title="Riservato", text=HIDDEN, members=shared
        )
        for i in range(1, hidden + 1)
    ]
    engine = MatchingEngine(None, embedder=default_embedder(embedding_cache))
    try:
        engine.upsert(docs)
        engine.commit()
        assert engine.members_lexical.num_docs() == len(VISIBLE) + 1 + (hidden if shared else 0)
        # BM25 alone, to the last digit: the statistics are what is under test (the hybrid's
        # dense side differs in the sixth decimal with the matrix's size, as any BLAS does).
        query = Query(text="fenossietanolo shampoo")
        results = engine.search(query, top=5, allowed=allowed, mode="lexical")
    finally:
        engine.close()
    return [(r.key, r.score) for r in results]


def test_hidden_documents_do_not_change_what_a_member_sees(embedding_cache: Path) -> None:
    assert members_ranked(embedding_cache, hidden=3) == members_ranked(embedding_cache, hidden=0)


def test_hidden_documents_do_not_change_what_a_member_with_hidden_documents_sees(
    embedding_cache: Path,
) -> None:
    """A member whose organisation has a confidential need of its own sees it ranked among
    the rest, scored with the members' statistics: others' hidden needs still move nothing."""
    before = members_ranked(embedding_cache, hidden=0, own=True)
    assert "need:99" in dict(before)
    assert members_ranked(embedding_cache, hidden=3, own=True) == before


def test_documents_in_the_members_statistics_do_change_a_members_scores(
    embedding_cache: Path,
) -> None:
    """The control: the same needs at member level change the scores (so the two tests
    above could fail)."""
    shared = members_ranked(embedding_cache, hidden=3, own=True, shared=True)
    without = members_ranked(embedding_cache, hidden=0, own=True)
    assert {k: s for k, s in shared if not k.startswith("need:") or k == "need:99"} != dict(without)


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


def a_third_organisation(cluster: Cluster) -> Organisation:
    """A member of `cluster` that is neither the viewer's organisation nor `world.sme`,
    indexed (its profile is something members see) before the test's first search."""
    third = MembershipFactory(cluster=cluster).organisation
    services.rebuild_index()
    return third


def same_view(after: list[dict[str, object]], before: list[dict[str, object]]) -> bool:
    """The same results in the same order with the same reasons, and the same scores but for
    the last printed digit: the dense side's matrix product differs there with the index's
    size (any BLAS does; BM25 statistics move scores by whole hundredths)."""

    def without_score(results: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in r.items() if k != "score"} for r in results]

    if without_score(after) != without_score(before):
        return False
    pairs = zip(after, before, strict=True)
    return all(abs(float(str(a["score"])) - float(str(b["score"]))) <= 2e-6 for a, b in pairs)


def add_a_confidential_need_of(organisation: Organisation, text: str, cluster: Cluster) -> None:
    InnovationNeedFactory(
        title=f"{text.capitalize()}: riservato",
        summary=f"{text} {text}, sieri, sieri, creme.",
        organisation=organisation,
        cluster=cluster,
        confidentiality=Confidentiality.STAFF,
    )
    services.rebuild_index()


def test_a_confidential_need_does_not_move_its_owners_view_of_others_on_the_site(
    world: World, member_user: User
) -> None:
    """The people of an organisation with a confidential need of its own see it among their
    results, and another organisation's confidential need moves none of their scores."""
    cluster = world.public_offer.cluster
    third = a_third_organisation(cluster)
    text = "conservante naturale per sieri e creme zircofenolo"
    before = _match(text, "--as", member_user.username)
    seen = {(r["kind"], r["id"]) for r in before}
    assert ("need", str(world.secret_need.pk)) in seen
    add_a_confidential_need_of(third, text, cluster)
    after = _match(text, "--as", member_user.username)

    assert same_view(after, before)


def test_a_confidential_need_of_another_cluster_does_not_move_staff_scores_on_the_site(
    world: World, staff_user: User, cluster_b: Cluster
) -> None:
    """Staff of cluster A see its confidential needs among their results; cluster B's
    confidential needs, which they may not see, move none of their scores."""
    third = a_third_organisation(cluster_b)
    text = "conservante naturale per sieri e creme zircofenolo"
    before = _match(text, "--as", staff_user.username)
    assert ("need", str(world.secret_need.pk)) in {(r["kind"], r["id"]) for r in before}
    add_a_confidential_need_of(third, text, cluster_b)
    after = _match(text, "--as", staff_user.username)

    assert same_view(after, before)


def test_member_level_documents_do_not_move_an_applicants_scores_on_the_site(
    world: World,
) -> None:
    """An applicant (not a member yet) sees public items and its own organisation's, not
    member-level ones: it is scored on the public index, its own documents from outside, so
    a member-level offer full of the query's words moves none of its scores."""
    cluster = world.public_offer.cluster
    applicant = OrganisationFactory(name="Cosmetica Richiedente")
    MembershipFactory(cluster=cluster, organisation=applicant, status=MembershipStatus.APPLIED)
    user = person_in(applicant)
    own = InnovationNeedFactory(
        title="Conservante naturale per sieri",
        summary="Cerchiamo un conservante naturale per sieri e creme viso.",
        organisation=applicant,
        cluster=cluster,
    )
    services.rebuild_index()
    text = "conservante naturale per sieri e creme"
    before = _match(text, "--as", user.username)
    seen = {(r["kind"], r["id"]) for r in before}
    assert ("need", str(own.pk)) in seen  # its own, outside the public index
    assert ("offer", str(world.members_offer.pk)) not in seen
    TechnologyOfferFactory(
        title=f"{text.capitalize()}: per i soci",
        summary=f"{text} {text}, sieri, sieri, creme.",
        organisation=world.lab,
        cluster=cluster,
        confidentiality=Confidentiality.MEMBERS,
    )
    services.rebuild_index()
    after = _match(text, "--as", user.username)

    assert same_view(after, before)
