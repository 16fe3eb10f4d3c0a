"""Owners edit and renew their items through the real pages; dates stay sensible."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Organisation
from ponte.transfer.models import InnovationNeed
from tests.factories import InnovationNeedFactory, TechnologyOfferFactory

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(need: InnovationNeed, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": need.title,
        "summary": need.summary,
        "expected_result": need.expected_result,
        "language": need.language,
        "organisation": need.organisation_id,
        "cluster": need.cluster_id,
        "partnership": need.partnership,
        "budget_band": need.budget_band,
        "time_frame": need.time_frame,
        "confidentiality": need.confidentiality,
        "status": need.status,
        "expires_on": need.expires_on.isoformat(),
    }
    data.update(changes)
    return data


def test_manager_edits_their_need(
    member_user: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    need = InnovationNeedFactory(organisation=member_org, cluster=cluster_a)
    client = logged_in(member_user)
    assert client.get(f"/transfer/needs/{need.pk}/edit/").status_code == 200
    response = client.post(
        f"/transfer/needs/{need.pk}/edit/", form_data(need, title="Emulsioni senza PEG")
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Emulsioni senza PEG"


def test_staff_of_the_cluster_open_the_edit_page_of_an_offer(
    staff_user: User, member_org: Organisation, cluster_a: Cluster
) -> None:
    offer = TechnologyOfferFactory(organisation=member_org, cluster=cluster_a)
    assert logged_in(staff_user).get(f"/transfer/offers/{offer.pk}/edit/").status_code == 200


@pytest.mark.parametrize("days", [-1, 731])
def test_expiry_outside_today_and_two_years_is_refused(
    member_user: User, member_org: Organisation, cluster_a: Cluster, days: int
) -> None:
    template = InnovationNeedFactory.build(organisation=member_org, cluster=cluster_a)
    template.expires_on = timezone.localdate() + datetime.timedelta(days=days)
    response = logged_in(member_user).post(
        "/transfer/needs/new/", form_data(template, title="Nuovo fabbisogno")
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not InnovationNeed.objects.filter(title="Nuovo fabbisogno").exists()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2027, 6, 15), datetime.date(2028, 6, 15)),  # 29 February 2028 between
        (datetime.date(2026, 1, 31), datetime.date(2027, 1, 31)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_renewing_keeps_an_item_open_twelve_calendar_months(
    member_org: Organisation,
    member_user: User,
    cluster_a: Cluster,
    today: datetime.date,
    expected: datetime.date,
) -> None:
    import time_machine

    from ponte.transfer.services import default_expiry

    with time_machine.travel(datetime.datetime(today.year, today.month, today.day, 12)):
        need = InnovationNeedFactory(
            organisation=member_org, cluster=cluster_a, expires_on=today + datetime.timedelta(1)
        )
        assert default_expiry() == expected
        response = logged_in(member_user).post(f"/transfer/needs/{need.pk}/renew/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.expires_on == expected


def test_the_new_need_form_offers_only_the_clusters_the_organisation_belongs_to(
    member_user: User, member_org: Organisation, cluster_a: Cluster, cluster_b: Cluster
) -> None:
    client = Client()
    client.force_login(member_user)
    form = client.get("/transfer/needs/new/").context["form"]
    assert list(form.fields["cluster"].queryset) == [cluster_a]
    assert form.initial["cluster"] == cluster_a.pk  # the only one: already chosen
