"""The weekly digest goes out days after what it lists: it never names an offer or need the
recipient can no longer open (they left the organisation that owns a confidential one, or the
item became confidential); nor does an immediate e-mail sent late."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.members.models import Affiliation, Organisation
from ponte.notifications.models import Delivery, Notification
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.services import notify, send_digests, send_notification_emails
from ponte.transfer.constants import Confidentiality
from ponte.transfer.services_interest import propose_match
from tests.factories import (
    InnovationNeedFactory,
    MembershipFactory,
    TechnologyOfferFactory,
    person_in,
)

pytestmark = pytest.mark.django_db

MESSAGE = "“%(title)s” expires soon."


def test_a_digest_does_not_name_a_confidential_need_of_an_organisation_one_has_left(
    cluster_a: Cluster, member_org: Organisation
) -> None:
    colleague = person_in(member_org, username="colleague")
    secret = InnovationNeedFactory(
        organisation=member_org,
        cluster=cluster_a,
        confidentiality=Confidentiality.STAFF,
        title="Secret reformulation of the best-seller",
    )
    other_org = MembershipFactory(cluster=cluster_a).organisation
    public = InnovationNeedFactory(
        organisation=other_org, cluster=cluster_a, title="Public packaging need"
    )
    for need in (secret, public):
        notify(
            [colleague],
            "item_expiring",
            message=(MESSAGE, {"title": need.title}),
            target=need,
        )
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.WEEKLY}
    # The colleague leaves the organisation before the digest goes out.
    Affiliation.objects.filter(person__user=colleague).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )

    assert send_digests(force=True) == 1

    (email,) = mail.outbox
    html = email.alternatives[0][0]
    assert "Public packaging need" in email.body and "Public packaging need" in html
    assert "Secret reformulation" not in email.body
    assert "Secret reformulation" not in html
    assert "1 notification" in email.subject
    # Both are marked: nothing is left pending to be sent later.
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


def test_nothing_left_to_name_sends_no_digest(cluster_a: Cluster, member_org: Organisation) -> None:
    colleague = person_in(member_org, username="colleague")
    secret = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, confidentiality=Confidentiality.STAFF
    )
    notify([colleague], "item_expiring", message=(MESSAGE, {"title": secret.title}), target=secret)
    Affiliation.objects.filter(person__user=colleague).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )

    assert send_digests(force=True) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("delivery", [Delivery.WEEKLY, Delivery.IMMEDIATE])
def test_a_proposed_partner_made_confidential_since_is_not_named_by_email(
    cluster_a: Cluster,
    cluster_b: Cluster,
    member_org: Organisation,
    member_user: User,
    staff_user: User,
    delivery: str,
) -> None:
    """The owner's notice of a proposed match names the other side: if that offer has
    become confidential by the time the e-mail goes out (digest or a delayed immediate
    send), the e-mail leaves it out; the inbox keeps it."""
    Preference.objects.create(user=member_user, kind="match_proposed", delivery=delivery)
    need = InnovationNeedFactory(organisation=member_org, cluster=cluster_a)
    # In a cluster the staff do not run: the proposal invites nobody to it.
    partner = MembershipFactory(cluster=cluster_b).organisation
    offer = TechnologyOfferFactory(
        organisation=partner, cluster=cluster_b, title="Tessuti antibatterici senza argento"
    )
    propose_match(staff_user, need, f"offer:{offer.pk}")
    (told,) = Notification.objects.filter(recipient=member_user, kind="match_proposed")
    assert told.target == offer
    type(offer).objects.filter(pk=offer.pk).update(confidentiality=Confidentiality.STAFF)

    if delivery == Delivery.WEEKLY:
        assert send_digests(force=True) == 0
    else:
        assert send_notification_emails([told.pk]) == 0
    assert not [m for m in mail.outbox if member_user.email in m.to]
    assert Notification.objects.filter(pk=told.pk).exists()  # still in the inbox
