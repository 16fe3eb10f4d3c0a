"""The notifications of the transfer workflow end to end, through the real pages: each side
gets what concerns it in its own language, at once, in the weekly digest or inbox only, as
plain text and HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ponte.members.models import Organisation
from ponte.notifications.models import Delivery, Notification, NotificationKind
from ponte.notifications.models import NotificationPreference as Preference
from ponte.notifications.services import send_digests
from ponte.transfer.models import ExpressionOfInterest
from tests.factories import InnovationNeedFactory, person_in
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def html_part(message: Any) -> str:
    (content, mimetype), *_others = message.alternatives
    assert mimetype == "text/html"
    return str(content)


def test_an_interest_and_its_decline_reach_each_side_as_they_chose(
    member_org: Organisation,
    other_member_org: Organisation,
    cluster_a: Any,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    owner = person_in(member_org, can_manage=True, username="giulia", language="it")
    quiet = person_in(member_org, username="quiet", language="it")
    Preference.objects.create(user=quiet, kind=NotificationKind.EOI_RECEIVED, delivery="none")
    interested = person_in(other_member_org, can_manage=True, username="jane", language="en")
    Preference.objects.create(
        user=interested, kind=NotificationKind.EOI_ANSWERED, delivery=Delivery.WEEKLY
    )
    need = InnovationNeedFactory(
        organisation=member_org, cluster=cluster_a, title="Conservanti naturali"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(interested).post(
            reverse("transfer:need_interest", args=[need.pk]),
            {"organisation": other_member_org.pk, "message": "We formulate with these."},
        )
    assert response.status_code == 302

    # The owner, in Italian, at once, text and HTML; the colleague in the inbox only.
    (email,) = mailoutbox
    assert email.to == [owner.email]
    assert email.subject == "Ponte: Nuova manifestazione di interesse"
    expected = f"{other_member_org.name} ha manifestato interesse per “Conservanti naturali”."
    assert expected in email.body
    assert expected in html_part(email) and '<html lang="it">' in html_part(email)
    interest = ExpressionOfInterest.objects.get()
    assert f"http://127.0.0.1:8000{interest.get_absolute_url()}" in email.body
    assert Notification.objects.get(recipient=quiet).delivery == Delivery.NONE
    assert not Notification.objects.filter(recipient=interested).exists()  # their own act

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(
            reverse("transfer:interest_step", args=[interest.pk, "decline"]),
            {"reason": "Abbiamo già un fornitore"},
        )
    # The interested party chose the weekly digest: no e-mail now, an English one later.
    assert mailoutbox == []
    (told,) = Notification.objects.filter(recipient=interested)
    assert told.message == (
        "Your interest in “Conservanti naturali” was declined. Reason: Abbiamo già un fornitore"
    )
    assert send_digests(force=True) == 1
    (digest,) = [m for m in mailoutbox if m.to == [interested.email]]
    assert digest.subject == "Ponte: 1 notification this week"
    assert "was declined. Reason: Abbiamo già un fornitore" in digest.body
    assert '<html lang="en">' in html_part(digest)
    # Nobody chose "none" for answers, and the inbox-only colleague got no digest.
    assert all(m.to != [quiet.email] for m in mailoutbox)
