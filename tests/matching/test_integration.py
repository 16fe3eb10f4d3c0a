"""Matching wired to the site: indexing through tasks, visibility before ranking, feedback."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker

from ponte.accounts.models import User
from ponte.matching import index, selectors, services
from ponte.matching.feedback import Verdict, apply_feedback
from ponte.matching.models import SuggestionFeedback
from ponte.matching.types import Result
from ponte.transfer.models import TechnologyOffer
from ponte.transfer.services import save_item
from tests.factories import TechnologyOfferFactory
from tests.matching.conftest import DATABASE, World

SECRET = "zircofenolo conservante sieri"


def keys(results: list[Result]) -> list[str]:
    return [r.key for r in results]


# --- Indexing --------------------------------------------------------------------------


def test_saving_an_offer_through_the_service_indexes_it(
    world: World, member_user: User, immediate_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    offer = TechnologyOffer(
        title="Bioplastica da scarti di vinificazione",
        summary="Film compostabili ottenuti dalle vinacce per imballaggi cosmetici.",
        organisation=world.sme,
        cluster=world.public_offer.cluster,
        partnership="licence",
        trl=4,
        ipr_status="none",
    )
    with django_capture_on_commit_callbacks(execute=True):
        save_item(member_user, offer)
    found = selectors.search(AnonymousUser(), "vinacce compostabili", top=3)
    assert keys(found)[0] == f"offer:{offer.pk}"


def test_reindexing_a_deleted_item_removes_it(world: World) -> None:
    key = f"offer:{world.public_offer.pk}"
    pk = world.public_offer.pk
    world.public_offer.delete()
    assert services.reindex("offer", pk) == {"upserted": 0, "deleted": 1}
    indexed = index.get_engine().keys()
    assert key not in indexed


@pytest.mark.django_db(transaction=True)
def test_a_save_queued_in_the_database_is_searchable_once_a_worker_runs_it(
    world: World, staff_user: User, settings: Any
) -> None:
    settings.TASKS = DATABASE
    offer = world.public_offer
    offer.title = "Conservanti da bucce di agrumi"
    with transaction.atomic():
        save_item(staff_user, offer)
        assert services.pending_updates() == 0  # queued only once the change is committed
    assert services.pending_updates() == 1
    assert (
        "agrumi"
        not in index.get_engine().documents([f"offer:{offer.pk}"])[f"offer:{offer.pk}"].title
    )
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    assert services.pending_updates() == 0
    found = selectors.search(AnonymousUser(), "bucce di agrumi", top=1)
    assert keys(found) == [f"offer:{offer.pk}"]


# --- Visibility ------------------------------------------------------------------------


def test_a_confidential_need_is_found_by_its_owner_and_its_cluster_staff_only(
    world: World,
    visitor: AnonymousUser,
    member_user: User,
    other_member_user: User,
    staff_user: User,
) -> None:
    secret = f"need:{world.secret_need.pk}"
    for user in (visitor, other_member_user):
        assert secret not in keys(selectors.search(user, SECRET, top=20))
    for user in (member_user, staff_user):
        assert keys(selectors.search(user, SECRET, top=1)) == [secret]


def test_member_level_offers_and_private_profiles_are_hidden_from_visitors(
    world: World, visitor: AnonymousUser, other_member_user: User
) -> None:
    members_offer = f"offer:{world.members_offer.pk}"
    private = f"person:{world.private_person.pk}"
    seen_by_visitor = keys(selectors.search(visitor, "antimicrobial peptides preservative", top=20))
    seen_by_member = keys(
        selectors.search(other_member_user, "antimicrobial peptides preservative", top=20)
    )
    assert members_offer not in seen_by_visitor and private not in seen_by_visitor
    assert members_offer in seen_by_member and private in seen_by_member


def test_hidden_items_do_not_shape_the_scores_or_reasons_of_visible_ones(
    world: World, visitor: AnonymousUser
) -> None:
    with_secret = [r.as_json() for r in selectors.search(visitor, SECRET, top=10)]
    with index.writing() as engine:
        engine.delete([f"need:{world.secret_need.pk}", f"offer:{world.members_offer.pk}"])
        engine.commit()
    without_secret = [r.as_json() for r in selectors.search(visitor, SECRET, top=10)]
    assert with_secret == without_secret
    assert "zircofenolo" not in str(with_secret)


def test_suggestions_for_a_need_leave_out_the_need_and_its_own_organisation(
    world: World, member_user: User
) -> None:
    need = f"need:{world.public_need.pk}"
    found = selectors.suggestions_for(member_user, need, top=20)
    assert need not in keys(found) and f"org:{world.sme.pk}" not in keys(found)
    assert {r.kind for r in found} <= {"offer", "org", "person"}
    assert f"offer:{world.public_offer.pk}" in keys(found)[:3]


def test_suggestions_for_a_need_leave_out_its_own_organisations_offers(
    world: World, member_user: User
) -> None:
    """An organisation that both needs and offers is never proposed its own offer."""
    own = TechnologyOfferFactory(
        title=world.public_need.title,
        summary=world.public_need.summary,
        organisation=world.sme,
        cluster=world.public_need.cluster,
        competences=[world.preservation],
    )
    services.rebuild_index()
    found = keys(selectors.suggestions_for(member_user, f"need:{world.public_need.pk}", top=20))
    assert f"offer:{own.pk}" not in found
    assert f"offer:{own.pk}" in keys(selectors.search(member_user, world.public_need.title))


def test_suggestions_for_an_item_the_viewer_cannot_see_are_refused(
    world: World, other_member_user: User
) -> None:
    with pytest.raises(selectors.UnknownItem):
        selectors.suggestions_for(other_member_user, f"need:{world.secret_need.pk}")


# --- Feedback --------------------------------------------------------------------------


def result(key: str, score: float) -> Result:
    kind, _, pk = key.partition(":")
    return Result(key, kind, pk, key, score)


def test_a_suggestion_marked_not_useful_is_dropped_for_that_user_and_that_source_only() -> None:
    results = [result("org:1", 0.9), result("org:2", 0.8)]
    verdicts = [Verdict(7, "need:1", "org:1", False)]
    mine = apply_feedback(
        results, verdicts, viewer_id=7, source="need:1", visible_sources={"need:1"}
    )
    theirs = apply_feedback(
        results, verdicts, viewer_id=8, source="need:1", visible_sources={"need:1"}
    )
    elsewhere = apply_feedback(results, verdicts, viewer_id=7, source="need:2")
    assert keys(mine) == ["org:2"]
    assert keys(theirs) == ["org:1", "org:2"]
    assert keys(elsewhere) == ["org:1", "org:2"]


def test_useful_marks_on_similar_visible_sources_boost_a_target_by_at_most_a_fifth() -> None:
    results = [result("org:1", 1.0), result("org:2", 0.9)]
    verdicts = [
        Verdict(n, f"need:{n}", "org:2", True, ("preservation",)) for n in range(10, 16)
    ] + [Verdict(99, "need:99", "org:2", True, ("packaging",))]  # not similar: no shared code
    visible = {f"need:{n}" for n in range(10, 16)} | {"need:99"}
    ranked = apply_feedback(
        results,
        verdicts,
        viewer_id=None,
        source="need:1",
        source_competences=("preservation",),
        visible_sources=visible,
    )
    assert keys(ranked) == ["org:2", "org:1"]
    assert ranked[0].score == pytest.approx(0.9 * 1.2)
    assert ranked[0].reasons["feedback"] == 6


def test_one_person_counts_once_however_many_similar_sources_they_mark() -> None:
    """One user marking a target useful for four similar needs is one voice, not four; a
    second person makes two, and a person with more 'not useful' than 'useful' counts -1."""
    results = [result("org:1", 1.0), result("org:2", 0.99)]
    marks = [Verdict(5, f"need:{n}", "org:2", True, ("preservation",)) for n in range(10, 14)]
    visible = {f"need:{n}" for n in range(10, 14)}

    def ranked(verdicts: list[Verdict]) -> list[Result]:
        return apply_feedback(
            results,
            verdicts,
            viewer_id=None,
            source="need:1",
            source_competences=("preservation",),
            visible_sources=visible,
        )

    assert ranked(marks)[0].reasons["feedback"] == 1
    assert ranked(marks)[0].score == pytest.approx(0.99 * 1.05)
    second = [*marks, Verdict(6, "need:10", "org:2", True, ("preservation",))]
    assert ranked(second)[0].reasons["feedback"] == 2
    against = [Verdict(7, f"need:{n}", "org:2", False, ("preservation",)) for n in (10, 11)]
    assert ranked([*second, *against])[0].reasons["feedback"] == 1


def test_verdicts_given_for_sources_the_viewer_cannot_see_do_not_count() -> None:
    results = [result("org:1", 1.0), result("org:2", 0.99)]
    verdicts = [Verdict(5, "need:42", "org:2", True, ("preservation",))]
    ranked = apply_feedback(
        results,
        verdicts,
        viewer_id=None,
        source="need:1",
        source_competences=("preservation",),
        visible_sources={"need:1"},
    )
    assert keys(ranked) == ["org:1", "org:2"]


def test_feedback_changes_what_the_site_suggests(
    world: World, member_user: User, other_member_user: User
) -> None:
    need = f"need:{world.public_need.pk}"
    before = keys(selectors.suggestions_for(member_user, need, top=10))
    top = before[0]
    services.record_feedback(member_user, need, top, useful=False)
    assert SuggestionFeedback.objects.get(user=member_user, source=need, target=top).useful is False
    assert top not in keys(selectors.suggestions_for(member_user, need, top=10))
    assert top in keys(selectors.suggestions_for(other_member_user, need, top=10))

    last = before[-1]
    for user in (member_user, other_member_user):
        services.record_feedback(user, need, last, useful=True)
    after = selectors.suggestions_for(other_member_user, need, top=10)
    boosted = next(r for r in after if r.key == last)
    assert boosted.reasons["feedback"] == 2
    assert keys(after).index(last) <= before.index(last)


def test_feedback_on_an_item_the_user_cannot_see_is_refused(
    world: World, other_member_user: User
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_feedback(
            other_member_user,
            f"need:{world.secret_need.pk}",
            f"offer:{world.public_offer.pk}",
            useful=True,
        )


def test_a_rebuild_warms_the_suggestion_panels_so_they_embed_nothing(world: World) -> None:
    """The rebuild embeds the very texts the panels will ask (the query followed by its
    glossary translations): showing the suggestions then costs the model nothing."""
    embedder = index.embedder()
    before = embedder.misses
    for key in (f"need:{world.public_need.pk}", f"offer:{world.public_offer.pk}"):
        assert selectors.suggestions_for(AnonymousUser(), key)
    assert embedder.misses == before


def test_an_organisation_deleted_in_the_admin_leaves_the_index_with_its_offers(
    world: World,
    superuser: User,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.test import Client
    from django.urls import reverse

    admin = Client()
    admin.force_login(superuser)
    offer = world.public_offer
    engine = index.get_engine()
    assert engine._public[engine._row_of[f"offer:{offer.pk}"]]
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:members_organisation_delete", args=[world.lab.pk]), {"post": "yes"}
        )
    indexed = index.get_engine().keys()
    assert f"offer:{offer.pk}" not in indexed and f"org:{world.lab.pk}" not in indexed


@pytest.mark.parametrize(
    ("reasons", "says"),
    [
        ({"related_competences": ["preservation"], "lexical_rank": 6}, "Preservation"),
        ({"lexical_rank": 6, "dense_rank": 9}, "Same words in another form"),
        ({"dense_rank": 2}, "Close in meaning"),
    ],
)
def test_every_result_on_screen_says_why_it_is_there(
    world: World, reasons: dict[str, Any], says: str
) -> None:
    """A result ranked by a glossary pair only partly written, or a stem the word alignment
    cannot show, has no sentence of its own: it still gets one, never an empty line."""
    offer = world.public_offer
    result = Result(f"offer:{offer.pk}", "offer", str(offer.pk), offer.title, 1.0, reasons)
    (suggestion,) = selectors.present(AnonymousUser(), [result])
    assert suggestion.why and says in " ".join(map(str, suggestion.why))
