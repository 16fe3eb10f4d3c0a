"""After the event: each side records whether the meeting happened and whether it leads to
a follow-up; a follow-up becomes an expression of interest in the transfer workflow."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.events import services
from ponte.events.constants import EventStatus
from ponte.events.models import Event, Meeting, MeetingOutcome
from ponte.transfer.constants import InterestState
from tests.events.conftest import user_of
from tests.factories import TechnologyOfferFactory

pytestmark = pytest.mark.django_db


def after(meeting: Meeting) -> datetime.datetime:
    return meeting.ends_at + datetime.timedelta(hours=2)


def test_an_outcome_cannot_be_recorded_before_the_meeting(meeting: Meeting) -> None:
    with pytest.raises(ValidationError):
        services.record_outcome(user_of(meeting.request.requester), meeting, happened=True)


def test_each_side_records_its_own_outcome(meeting: Meeting) -> None:
    anna, bruno = meeting.request.requester, meeting.request.recipient
    with time_machine.travel(after(meeting), tick=False):
        services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        services.record_outcome(user_of(bruno), meeting, happened=True, follow_up=False)
        services.record_outcome(user_of(bruno), meeting, happened=False, follow_up=True)

    outcomes = {o.registration_id: o for o in MeetingOutcome.objects.all()}
    assert outcomes[anna.pk].follow_up is True
    assert outcomes[bruno.pk].happened is False
    assert outcomes[bruno.pk].follow_up is False  # no follow-up of a meeting not held


def test_only_the_two_sides_record_an_outcome(meeting: Meeting, other_member_user: User) -> None:
    with time_machine.travel(after(meeting), tick=False), pytest.raises(PermissionDenied):
        services.record_outcome(other_member_user, meeting, happened=True)


def test_a_follow_up_becomes_an_expression_of_interest_in_the_partners_offer(
    meeting: Meeting, cluster_a: Cluster
) -> None:
    anna, bruno = meeting.request.requester, meeting.request.recipient
    offer = TechnologyOfferFactory(organisation=bruno.organisation, cluster=cluster_a)
    with time_machine.travel(after(meeting), tick=False):
        outcome = services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        interest = services.follow_up_with_interest(
            user_of(anna), outcome, offer, message="Come discusso a Lainate."
        )

    assert interest.offer == offer and interest.organisation == anna.organisation
    assert interest.state == InterestState.SENT
    outcome.refresh_from_db()
    assert outcome.interest == interest


def test_an_outcome_that_became_an_interest_stays_held_with_a_follow_up(
    meeting: Meeting, cluster_a: Cluster
) -> None:
    anna, bruno = meeting.request.requester, meeting.request.recipient
    offer = TechnologyOfferFactory(organisation=bruno.organisation, cluster=cluster_a)
    with time_machine.travel(after(meeting), tick=False):
        outcome = services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        services.follow_up_with_interest(user_of(anna), outcome, offer, message="Seguito")
        for happened, follow_up in [(False, False), (True, False)]:
            with pytest.raises(ValidationError):
                services.record_outcome(
                    user_of(anna), meeting, happened=happened, follow_up=follow_up
                )
        services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True, note="Ok")

    outcome.refresh_from_db()
    assert outcome.happened and outcome.follow_up and outcome.interest_id is not None
    assert outcome.note == "Ok"


def test_a_follow_up_is_only_towards_the_partners_items(
    meeting: Meeting, cluster_a: Cluster
) -> None:
    anna = meeting.request.requester
    foreign = TechnologyOfferFactory(cluster=cluster_a)
    with time_machine.travel(after(meeting), tick=False):
        outcome = services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        with pytest.raises(ValidationError):
            services.follow_up_with_interest(user_of(anna), outcome, foreign, message="Ciao")


def test_the_agenda_page_records_an_outcome_and_offers_the_follow_up(
    client: Client, meeting: Meeting, event: Event, cluster_a: Cluster
) -> None:
    anna, bruno = meeting.request.requester, meeting.request.recipient
    offer = TechnologyOfferFactory(organisation=bruno.organisation, cluster=cluster_a)
    with time_machine.travel(after(meeting), tick=False):
        client.force_login(user_of(anna))  # in the future: sessions expire
        client.post(
            reverse("events:outcome", args=[event.slug, meeting.pk]),
            {"happened": "yes", "follow_up": "on", "note": "Prova congiunta"},
        )
        form = client.get(reverse("events:follow_up", args=[event.slug, meeting.pk]))
        sent = client.post(
            reverse("events:follow_up", args=[event.slug, meeting.pk]),
            {"item": f"offer-{offer.pk}", "message": "Come discusso."},
        )

    assert form.status_code == 200 and form.context["items"] == [offer]
    assert sent.status_code == 302
    assert MeetingOutcome.objects.get().interest is not None


def test_a_note_as_long_as_the_page_allows_is_kept_with_its_line_breaks(
    client: Client, meeting: Meeting, event: Event
) -> None:
    """The textarea's maxlength counts a line break as one character; the browser sends
    CRLF. 500 characters on the page must be 500 on the server."""
    anna = meeting.request.requester
    note = "\r\n".join(["Campioni e prove di stabilità da rivedere."] * 12)[:500]
    assert len(note.replace("\r\n", "\n")) <= 500 < len(note) + note.count("\r\n")
    with time_machine.travel(after(meeting), tick=False):
        client.force_login(user_of(anna))
        client.post(
            reverse("events:outcome", args=[event.slug, meeting.pk]),
            {"happened": "yes", "note": note},
        )
        too_long = client.post(
            reverse("events:outcome", args=[event.slug, meeting.pk]),
            {"happened": "no", "note": "x" * 501},
            follow=True,
        )

    recorded = MeetingOutcome.objects.get()
    assert recorded.note == note.replace("\r\n", "\n").strip() and recorded.happened
    message = [str(m) for m in too_long.context["messages"]][-1]  # after the first's thanks
    assert message.startswith(("Note:", "Nota:")) and "500" in message


def test_the_agenda_offers_to_record_a_meeting_once_it_has_started(
    client: Client, meeting: Meeting, event: Event
) -> None:
    """As the service allows: during the event, for the meetings already started (the form
    used to appear only once the whole event was over)."""
    anna = meeting.request.requester
    url = reverse("events:agenda", args=[event.slug])
    during = meeting.starts_at + datetime.timedelta(minutes=5)
    assert during < event.ends_at
    with time_machine.travel(meeting.starts_at - datetime.timedelta(minutes=5), tick=False):
        client.force_login(user_of(anna))
        before = client.get(url).content.decode()
    with time_machine.travel(during, tick=False):
        client.force_login(user_of(anna))
        started = client.get(url).content.decode()

    outcome_url = reverse("events:outcome", args=[event.slug, meeting.pk])
    assert outcome_url not in before
    assert outcome_url in started


def test_nothing_is_recorded_for_the_meetings_of_a_cancelled_event(
    meeting: Meeting, cluster_a: Cluster
) -> None:
    """A cancelled event's meetings did not take place: neither side records an outcome or
    turns one into an expression of interest, and the agenda offers neither."""
    anna, bruno = meeting.request.requester, meeting.request.recipient
    offer = TechnologyOfferFactory(organisation=bruno.organisation, cluster=cluster_a)
    with time_machine.travel(after(meeting), tick=False):
        outcome = services.record_outcome(user_of(anna), meeting, happened=True, follow_up=True)
        event = meeting.event
        event.status = EventStatus.CANCELLED
        event.save()
        meeting.refresh_from_db()
        with pytest.raises(ValidationError, match="cancelled"):
            services.record_outcome(user_of(bruno), meeting, happened=True)
        outcome.refresh_from_db()
        with pytest.raises(ValidationError, match="cancelled"):
            services.follow_up_with_interest(user_of(anna), outcome, offer, message="Seguito")
        client = Client()
        client.force_login(user_of(anna))
        page = client.get(reverse("events:agenda", args=[event.slug])).content.decode()

    assert 'data-testid="event-cancelled"' in page
    assert reverse("events:outcome", args=[event.slug, meeting.pk]) not in page
    assert MeetingOutcome.objects.filter(registration=bruno).count() == 0
    assert outcome.interest_id is None
