"""Meeting requests between participants, their answers and priorities, and availability."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ponte.events import services
from ponte.events.constants import RegistrationStatus, RequestStatus
from ponte.events.models import Event, Meeting
from tests.events.conftest import MakeParticipant, make_event, user_of

pytestmark = pytest.mark.django_db


def test_a_participant_asks_another_for_a_meeting_with_a_note_and_a_priority(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno")

    request = services.request_meeting(
        user_of(anna), anna, bruno, note="Conservanti naturali", priority=3
    )

    assert request.status == RequestStatus.PENDING
    assert (request.requester, request.recipient) == (anna, bruno)
    assert request.priority == 3


def test_the_recipient_accepts_with_their_own_priority_and_the_higher_one_counts(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao", priority=1)

    services.accept_request(user_of(bruno), request, priority=3)

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_at is not None
    assert request.priority == 3


def test_only_the_recipient_answers_a_request(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
    with pytest.raises(PermissionDenied):
        services.accept_request(user_of(anna), request, priority=2)


def test_a_declined_request_cannot_be_sent_again(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
    services.decline_request(user_of(bruno), request)

    with pytest.raises(ValidationError):
        services.request_meeting(user_of(anna), anna, bruno, note="Ancora")


def test_asking_someone_who_already_asked_you_points_to_their_request(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno")
    services.request_meeting(user_of(anna), anna, bruno, note="Ciao")

    with pytest.raises(ValidationError, match="answer their request"):
        services.request_meeting(user_of(bruno), bruno, anna, note="Anche io")


def test_a_withdrawn_request_may_be_sent_again(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
    services.withdraw_request(user_of(anna), request)

    again = services.request_meeting(user_of(anna), anna, bruno, note="Riproviamo", priority=2)

    assert again.pk == request.pk and again.status == RequestStatus.PENDING
    assert again.note == "Riproviamo"


def test_colleagues_do_not_request_meetings_with_each_other(join: MakeParticipant) -> None:
    anna = join("anna")
    colleague = join("carla", organisation=anna.organisation)
    with pytest.raises(ValidationError):
        services.request_meeting(user_of(anna), anna, colleague, note="Ciao")


def test_people_on_the_waiting_list_cannot_be_asked(join: MakeParticipant) -> None:
    anna, waiting = join("anna"), join("bruno", status=RegistrationStatus.WAITING)
    with pytest.raises(ValidationError):
        services.request_meeting(user_of(anna), anna, waiting, note="Ciao")


def test_a_note_is_required(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    with pytest.raises(ValidationError) as error:
        services.request_meeting(user_of(anna), anna, bruno, note="  ")
    assert "note" in error.value.message_dict


def test_requests_close_when_the_event_is_over(cluster_a: object, join: MakeParticipant) -> None:
    past = make_event(
        cluster_a,  # type: ignore[arg-type]
        slug="past",
        date=timezone.localdate() - datetime.timedelta(days=2),
    )
    anna, bruno = join("anna", on=past), join("bruno", on=past)
    with pytest.raises(ValidationError):
        services.request_meeting(user_of(anna), anna, bruno, note="Ciao")


def test_calling_off_an_accepted_meeting_removes_it_from_the_schedule(
    join: MakeParticipant, event: Event
) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
    services.accept_request(user_of(bruno), request, priority=2)
    Meeting.objects.create(event=event, request=request, slot=0, table=0)

    services.withdraw_request(user_of(bruno), request)

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert not Meeting.objects.exists()


def test_availability_keeps_the_ticked_meeting_slots(join: MakeParticipant, event: Event) -> None:
    anna = join("anna")

    services.set_availability(user_of(anna), anna, [0, 1, 4])

    anna.refresh_from_db()
    assert anna.available_slots == [0, 1, 4]
    assert anna.available_in(event) == frozenset({0, 1, 4})


def test_a_break_cannot_be_ticked_as_available(join: MakeParticipant, event: Event) -> None:
    anna = join("anna")
    assert event.breaks == frozenset({3})
    with pytest.raises(ValidationError):
        services.set_availability(user_of(anna), anna, [2, 3])


def test_ticking_every_slot_means_available_throughout(join: MakeParticipant, event: Event) -> None:
    anna = join("anna", available_slots=[0])

    services.set_availability(user_of(anna), anna, event.meeting_slots)

    anna.refresh_from_db()
    assert anna.available_slots is None
    assert anna.available_in(event) == frozenset({0, 1, 2, 4, 5})


def test_nobody_sets_someone_elses_availability(join: MakeParticipant) -> None:
    anna, bruno = join("anna"), join("bruno")
    with pytest.raises(PermissionDenied):
        services.set_availability(user_of(anna), bruno, [0])
