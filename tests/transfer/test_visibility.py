"""Who sees which offers and needs, and who may publish, edit and renew them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from ponte.accounts.models import AuditLog, User
from ponte.accounts.selectors import Viewer
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.members.services import suspend_membership, withdraw_membership
from ponte.transfer.constants import Confidentiality, IPRStatus, ItemStatus, Partnership
from ponte.transfer.models import MarketplaceItem, TechnologyOffer
from ponte.transfer.selectors import search_items, visibility_q, visible_needs, visible_offers
from ponte.transfer.services import renew_item, save_item
from tests.factories import (
    BoardSeatFactory,
    CompetenceFactory,
    InnovationNeedFactory,
    PersonFactory,
    TechnologyOfferFactory,
    UserFactory,
    person_in,
)

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
TODAY = datetime.date(2025, 3, 14)


@dataclass(frozen=True)
class Kind:
    """Offers and needs obey the same rule; each test runs for both."""

    name: str
    factory: Callable[..., MarketplaceItem]
    visible: Callable[[Any], QuerySet[Any]]


OFFERS = Kind("offers", TechnologyOfferFactory, visible_offers)
NEEDS = Kind("needs", InnovationNeedFactory, visible_needs)


@pytest.fixture(params=[OFFERS, NEEDS], ids=lambda kind: kind.name)
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param


@pytest.fixture
def frozen_today() -> Iterator[datetime.date]:
    with time_machine.travel(datetime.datetime(2025, 3, 14, 10, 0, tzinfo=ROME), tick=False):
        yield TODAY


@pytest.fixture
def colleague(member_org: Organisation) -> User:
    """Works for `member_org` without managing its profile."""
    return person_in(member_org, username="colleague")


@pytest.fixture
def catalogue(
    kind: Kind, member_org: Organisation, cluster_a: Cluster, frozen_today: datetime.date
) -> dict[str, MarketplaceItem]:
    """Items of `member_org` in cluster A, one of each visibility; every title says graphene."""

    def item(title: str, **fields: Any) -> MarketplaceItem:
        defaults = {"confidentiality": Confidentiality.PUBLIC, "status": ItemStatus.PUBLISHED}
        return kind.factory(
            title=f"Graphene {title}",
            organisation=member_org,
            cluster=cluster_a,
            **{**defaults, **fields},
        )

    return {
        "public": item("public"),
        "members": item("members", confidentiality=Confidentiality.MEMBERS),
        "confidential": item("confidential", confidentiality=Confidentiality.STAFF),
        "draft": item("draft", status=ItemStatus.DRAFT),
        "closed": item("closed", status=ItemStatus.CLOSED),
        "expired": item("expired", expires_on=frozen_today - datetime.timedelta(days=1)),
        "expires today": item("expires today", expires_on=frozen_today),
    }


EVERYTHING = {"public", "members", "confidential", "draft", "closed", "expired", "expires today"}
PUBLIC_LIVE = {"public", "expires today"}
MEMBERS_LIVE = PUBLIC_LIVE | {"members"}

EXPECTED = {
    "visitor": PUBLIC_LIVE,
    "applicant_user": PUBLIC_LIVE,
    "member_user": EVERYTHING,
    "colleague": EVERYTHING,
    "staff_user": EVERYTHING,
    "superuser": EVERYTHING,
    "other_member_user": MEMBERS_LIVE,
    "other_staff_user": MEMBERS_LIVE,
    "regional_officer": MEMBERS_LIVE,
}


def names(items: QuerySet[Any], catalogue: dict[str, MarketplaceItem]) -> set[str]:
    by_pk = {item.pk: name for name, item in catalogue.items()}
    return {by_pk[pk] for pk in items.values_list("pk", flat=True)}


@pytest.mark.parametrize(("role", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_each_role_sees_exactly_the_items_the_rule_allows(
    role: str,
    expected: set[str],
    kind: Kind,
    catalogue: dict[str, MarketplaceItem],
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(role)

    visible = kind.visible(user)

    assert names(visible, catalogue) == expected
    assert visible.count() == len(expected)
    assert len(list(visible)) == len(expected)


@pytest.mark.parametrize(
    "role",
    [
        "visitor",
        "applicant_user",
        "other_member_user",
        "other_staff_user",
        "regional_officer",
    ],
)
def test_a_confidential_need_is_hidden_from_everyone_outside_its_organisation_and_cluster(
    role: str, cluster_a: Cluster, member_org: Organisation, request: pytest.FixtureRequest
) -> None:
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.STAFF
    )
    user = request.getfixturevalue(role)

    assert not visible_needs(user).filter(pk=need.pk).exists()


@pytest.mark.parametrize("role", ["member_user", "colleague", "staff_user", "superuser"])
def test_a_confidential_need_is_seen_by_its_organisation_its_clusters_staff_and_superusers(
    role: str, cluster_a: Cluster, member_org: Organisation, request: pytest.FixtureRequest
) -> None:
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.STAFF
    )
    user = request.getfixturevalue(role)

    assert visible_needs(user).filter(pk=need.pk).exists()


def test_a_board_member_sees_members_level_items_but_not_confidential_ones(
    cluster_a: Cluster, member_org: Organisation
) -> None:
    board_user = UserFactory(username="board")
    BoardSeatFactory(cluster=cluster_a, person=PersonFactory(user=board_user))
    members_need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.MEMBERS
    )
    confidential = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.STAFF
    )

    visible = set(visible_needs(board_user).values_list("pk", flat=True))

    assert visible == {members_need.pk}
    assert confidential.pk not in visible


def test_an_item_is_expired_from_the_day_after_its_expiry_date_in_italy(
    member_org: Organisation, cluster_a: Cluster, visitor: Any
) -> None:
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, expires_on=datetime.date(2025, 3, 14)
    )
    # 23:30 UTC on the 14th is already the 15th in Milan.
    with time_machine.travel(datetime.datetime(2025, 3, 14, 23, 30, tzinfo=datetime.UTC)):
        assert not visible_needs(visitor).filter(pk=need.pk).exists()
    with time_machine.travel(datetime.datetime(2025, 3, 14, 22, 30, tzinfo=datetime.UTC)):
        assert visible_needs(visitor).filter(pk=need.pk).exists()


def test_the_rule_reads_the_viewer_not_the_user(
    cluster_a: Cluster, cluster_b: Cluster, member_org: Organisation, frozen_today: datetime.date
) -> None:
    members_offer = TechnologyOfferFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.MEMBERS
    )
    draft = TechnologyOfferFactory(
        organisation=member_org, cluster=cluster_a, status=ItemStatus.DRAFT
    )

    def seen_by(viewer: Viewer) -> set[int]:
        return set(
            TechnologyOffer.objects.filter(visibility_q(viewer, TechnologyOffer)).values_list(
                "pk", flat=True
            )
        )

    assert seen_by(Viewer()) == set()
    assert seen_by(Viewer(is_authenticated=True, member_cluster_ids=frozenset({cluster_b.pk}))) == {
        members_offer.pk
    }
    assert seen_by(Viewer(is_authenticated=True, staff_cluster_ids=frozenset({cluster_a.pk}))) == {
        members_offer.pk,
        draft.pk,
    }
    assert seen_by(Viewer(is_authenticated=True, organisation_ids=frozenset({member_org.pk}))) == {
        members_offer.pk,
        draft.pk,
    }


# Search goes through the same rule.


@pytest.mark.parametrize("role", ["visitor", "other_member_user", "other_staff_user"])
def test_search_never_returns_an_item_the_viewer_may_not_see(
    role: str, kind: Kind, catalogue: dict[str, MarketplaceItem], request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)

    found = search_items(kind.visible(user), "graphene")

    assert names(found, catalogue) == EXPECTED[role]
    assert found.count() == len(EXPECTED[role])


def test_search_for_a_hidden_items_own_title_finds_nothing(
    kind: Kind, catalogue: dict[str, MarketplaceItem], other_member_user: User
) -> None:
    found = search_items(kind.visible(other_member_user), "Graphene confidential")

    assert not found.exists()
    assert found.count() == 0


def test_search_matches_competence_names_in_either_language_without_duplicates(
    kind: Kind, member_org: Organisation, cluster_a: Cluster, visitor: Any
) -> None:
    both = [
        CompetenceFactory(name_it="Spettroscopia Raman", name_en="Raman spectroscopy"),
        CompetenceFactory(name_it="Imaging Raman", name_en="Raman imaging"),
    ]
    item = kind.factory(organisation=member_org, cluster=cluster_a, competences=both)
    kind.factory(organisation=member_org, cluster=cluster_a)

    for query in ("raman", "spettroscopia", "spectroscopy", "RAMAN imaging"):
        found = search_items(kind.visible(visitor), query)
        assert list(found.values_list("pk", flat=True)) == [item.pk], query
        assert found.count() == 1


def test_every_word_of_the_query_must_match(
    kind: Kind, member_org: Organisation, cluster_a: Cluster, visitor: Any
) -> None:
    kind.factory(title="Bio-based coatings", organisation=member_org, cluster=cluster_a)

    assert search_items(kind.visible(visitor), "coatings bio").count() == 1
    assert search_items(kind.visible(visitor), "coatings graphene").count() == 0


# Publishing, editing and renewing.


def new_offer(organisation: Organisation, cluster: Cluster, **fields: Any) -> TechnologyOffer:
    values: dict[str, Any] = {
        "title": "Plasma surface treatment",
        "summary": "Low-temperature plasma for polymers.",
        "partnership": Partnership.TECHNICAL,
        "trl": 6,
        "ipr_status": IPRStatus.KNOW_HOW,
    }
    return TechnologyOffer(organisation=organisation, cluster=cluster, **{**values, **fields})


def test_a_member_publishes_for_their_organisation_for_a_year_by_default(
    member_user: User, member_org: Organisation, cluster_a: Cluster, frozen_today: datetime.date
) -> None:
    offer = save_item(member_user, new_offer(member_org, cluster_a))

    offer.refresh_from_db()
    assert offer.created_by == member_user
    assert offer.expires_on == frozen_today + datetime.timedelta(days=365)
    assert AuditLog.objects.get().action == "technologyoffer.created"


def test_nobody_publishes_for_an_organisation_they_do_not_belong_to(
    member_user: User, other_member_org: Organisation, cluster_b: Cluster
) -> None:
    with pytest.raises(PermissionDenied):
        save_item(member_user, new_offer(other_member_org, cluster_b))

    assert not TechnologyOffer.objects.exists()


def test_a_visitor_cannot_publish(
    visitor: Any, member_org: Organisation, cluster_a: Cluster
) -> None:
    with pytest.raises(PermissionDenied):
        save_item(visitor, new_offer(member_org, cluster_a))


def test_an_invalid_item_is_not_saved(
    member_user: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    with pytest.raises(ValidationError) as exc_info:
        save_item(member_user, new_offer(member_org, cluster_a, trl=10))

    assert "trl" in exc_info.value.message_dict
    assert not TechnologyOffer.objects.exists()


@pytest.mark.parametrize(
    "role", ["other_member_user", "other_staff_user", "applicant_user", "colleague"]
)
def test_only_the_organisations_managers_its_author_and_its_clusters_staff_may_edit(
    role: str,
    kind: Kind,
    member_org: Organisation,
    cluster_a: Cluster,
    request: pytest.FixtureRequest,
) -> None:
    item = kind.factory(title="Original", organisation=member_org, cluster=cluster_a)
    user = request.getfixturevalue(role)
    item.title = "Defaced"

    with pytest.raises(PermissionDenied):
        save_item(user, item)

    item.refresh_from_db()
    assert item.title == "Original"


@pytest.mark.parametrize("role", ["member_user", "staff_user", "superuser"])
def test_managers_the_clusters_staff_and_superusers_may_edit(
    role: str,
    kind: Kind,
    member_org: Organisation,
    cluster_a: Cluster,
    request: pytest.FixtureRequest,
) -> None:
    item = kind.factory(title="Original", organisation=member_org, cluster=cluster_a)
    item.title = "Improved"

    save_item(request.getfixturevalue(role), item)

    item.refresh_from_db()
    assert item.title == "Improved"


def test_the_author_may_edit_without_managing_the_profile(
    colleague: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    offer = save_item(colleague, new_offer(member_org, cluster_a))
    offer.title = "Plasma treatment of textiles"

    save_item(colleague, offer)

    offer.refresh_from_db()
    assert offer.title == "Plasma treatment of textiles"


def test_a_member_cannot_take_over_another_organisations_item_by_moving_it_to_their_own(
    other_member_user: User,
    other_member_org: Organisation,
    member_org: Organisation,
    cluster_a: Cluster,
) -> None:
    offer = TechnologyOfferFactory(organisation=member_org, cluster=cluster_a)
    offer.organisation = other_member_org

    with pytest.raises(PermissionDenied):
        save_item(other_member_user, offer)

    offer.refresh_from_db()
    assert offer.organisation == member_org


def test_staff_cannot_take_over_another_clusters_item_by_moving_it_to_their_cluster(
    other_staff_user: User, member_org: Organisation, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    offer = TechnologyOfferFactory(organisation=member_org, cluster=cluster_a)
    offer.cluster = cluster_b

    with pytest.raises(PermissionDenied):
        save_item(other_staff_user, offer)

    offer.refresh_from_db()
    assert offer.cluster == cluster_a


def test_a_manager_cannot_give_their_item_to_an_organisation_they_do_not_belong_to(
    member_user: User,
    member_org: Organisation,
    other_member_org: Organisation,
    cluster_a: Cluster,
) -> None:
    offer = TechnologyOfferFactory(organisation=member_org, cluster=cluster_a)
    offer.organisation = other_member_org

    with pytest.raises(PermissionDenied):
        save_item(member_user, offer)


def test_renewing_extends_an_item_by_365_days_from_today(
    kind: Kind,
    member_user: User,
    member_org: Organisation,
    cluster_a: Cluster,
    frozen_today: datetime.date,
) -> None:
    item = kind.factory(
        organisation=member_org, cluster=cluster_a, expires_on=datetime.date(2025, 3, 1)
    )

    renew_item(member_user, item)

    item.refresh_from_db()
    assert item.expires_on == datetime.date(2026, 3, 14)
    entry = AuditLog.objects.get()
    assert entry.action == f"{item._meta.model_name}.renewed"
    assert entry.data == {"expires_on": "2026-03-14"}


def test_a_renewed_expired_item_is_visible_again(
    member_user: User,
    member_org: Organisation,
    cluster_a: Cluster,
    visitor: Any,
    frozen_today: datetime.date,
) -> None:
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, expires_on=datetime.date(2025, 1, 31)
    )
    assert not visible_needs(visitor).filter(pk=need.pk).exists()

    renew_item(member_user, need)

    assert visible_needs(visitor).filter(pk=need.pk).exists()


def test_others_cannot_renew_an_item(
    other_member_user: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, expires_on=datetime.date(2025, 3, 1)
    )

    with pytest.raises(PermissionDenied):
        renew_item(other_member_user, need)

    need.refresh_from_db()
    assert need.expires_on == datetime.date(2025, 3, 1)
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Imballaggi riciclabili per creme", "imballaggio"),
        ("Studio di riciclabilità del flacone", "RICICLABILITÀ"),
        ("Studio di riciclabilità del flacone", "riciclabilita"),
        ("Emulsioni stabili senza siliconi", "emulsione"),
        ("Airless pumps for serums", "PUMP"),
        ("Biossido di titanio in emulsione O/W", "O/W"),
        ("Riduzione dell’imballaggio secondario", "imballaggio"),
        ("Obiettivo:imballaggi [riciclabili]", "riciclabile"),
    ],
)
def test_the_list_search_finds_a_word_however_inflected_cased_or_accented(
    kind: Kind, visitor: Any, written: str, typed: str
) -> None:
    item = kind.factory(title=written)
    kind.factory(title="Something else entirely")

    found = search_items(kind.visible(visitor), typed)

    assert list(found) == [item]


def test_the_list_search_matches_words_from_their_start_only(kind: Kind, visitor: Any) -> None:
    kind.factory(title="Analisi di oli essenziali")
    kind.factory(title="Collaborazione con il Politecnico")

    assert [i.title for i in search_items(kind.visible(visitor), "oli")] == [
        "Analisi di oli essenziali"
    ]


def test_an_organisation_that_leaves_takes_its_offers_and_needs_out_of_the_marketplace(
    kind: Kind,
    member_org: Organisation,
    cluster_a: Cluster,
    visitor: Any,
    member_user: User,
    other_member_user: User,
    staff_user: User,
) -> None:
    item = kind.factory(organisation=member_org, cluster=cluster_a)
    for viewer in (visitor, other_member_user):
        assert kind.visible(viewer).filter(pk=item.pk).exists()

    withdraw_membership(staff_user, member_org.memberships.get(cluster=cluster_a))

    for viewer in (visitor, other_member_user):
        assert not kind.visible(viewer).filter(pk=item.pk).exists()
    for viewer in (member_user, staff_user):  # its own people and the staff keep it
        assert kind.visible(viewer).filter(pk=item.pk).exists()


def test_a_suspended_member_keeps_its_offers_and_needs_listed(
    kind: Kind, member_org: Organisation, cluster_a: Cluster, visitor: Any, staff_user: User
) -> None:
    item = kind.factory(organisation=member_org, cluster=cluster_a)
    suspend_membership(staff_user, member_org.memberships.get(cluster=cluster_a))
    assert kind.visible(visitor).filter(pk=item.pk).exists()
