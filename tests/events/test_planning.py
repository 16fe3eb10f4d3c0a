"""Building the scheduler's instance from an event, running, publishing and re-optimising
with the real solver; and the pure helpers that explain a run."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.accounts.models import User
from ponte.events import planning, services
from ponte.events.constants import RegistrationStatus, RequestStatus
from ponte.events.models import Event, Meeting, MeetingRequest, Registration
from ponte.events.scheduler import Instance, Participant, check
from ponte.events.scheduler import Meeting as SolverMeeting
from ponte.events.scheduler import MeetingRequest as SolverRequest
from ponte.events.selectors import build_instance, participant_key
from tests.events.conftest import MakeParticipant, user_of

pytestmark = pytest.mark.django_db


def accepted(a: Registration, b: Registration, mine: int = 1, theirs: int = 1) -> MeetingRequest:
    request = services.request_meeting(user_of(a), a, b, note="Parliamone", priority=mine)
    return services.accept_request(user_of(b), request, priority=theirs)


def test_the_instance_has_the_events_slots_tables_and_accepted_requests(
    join: MakeParticipant, event: Event
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla", available_slots=[0, 1])
    both = accepted(anna, bruno, mine=1, theirs=3)
    accepted(anna, carla, mine=2, theirs=1)
    services.request_meeting(user_of(bruno), bruno, carla, note="In attesa")  # pending

    instance = build_instance(event).instance

    assert (instance.slots, instance.tables) == (6, 2)
    assert {(r.a, r.b, r.priority) for r in instance.requests} == {
        (participant_key(anna.pk), participant_key(bruno.pk), 3),
        (participant_key(anna.pk), participant_key(carla.pk), 2),
    }
    available = {p.id: p.available for p in instance.participants}
    assert available[participant_key(anna.pk)] == frozenset({0, 1, 2, 4, 5})  # no break
    assert available[participant_key(carla.pk)] == frozenset({0, 1})
    assert str(both.pk) in {r.id for r in instance.requests}


def test_requests_of_cancelled_participants_are_not_scheduled(
    join: MakeParticipant, event: Event
) -> None:
    anna, bruno = join("anna"), join("bruno")
    accepted(anna, bruno)
    Registration.objects.filter(pk=bruno.pk).update(status=RegistrationStatus.CANCELLED)

    assert build_instance(event).instance.requests == ()


def test_staff_run_the_solver_and_publish_the_schedule(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla, dario = join("anna"), join("bruno"), join("carla"), join("dario")
    for a, b in ((anna, bruno), (anna, carla), (anna, dario), (bruno, carla), (carla, dario)):
        accepted(a, b)

    run = services.run_schedule(staff_user, event, time_limit=5)
    meetings = services.publish_schedule(staff_user, run)

    assert run.status == "optimal" and run.scheduled == run.accepted == 5
    assert run.objective == run.bound == 5
    assert len(meetings) == 5 and all(m.run == run for m in meetings)
    instance = build_instance(event, keep_published=False).instance
    solver_meetings = [
        SolverMeeting(
            participant_key(m.request.requester_id),
            participant_key(m.request.recipient_id),
            m.slot,
            m.table,
        )
        for m in meetings
    ]
    assert check(instance, solver_meetings) == []
    assert all(m.slot != 3 for m in meetings)  # the break


def test_unscheduled_requests_say_why(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    morning, afternoon = join("anna", available_slots=[0, 1]), join("bruno", available_slots=[4])
    request = accepted(morning, afternoon)

    run = services.run_schedule(staff_user, event, time_limit=2)

    assert run.scheduled == 0
    assert run.result["unscheduled"] == {str(request.pk): planning.NO_COMMON_SLOT}


def test_only_the_events_staff_run_the_scheduler(
    join: MakeParticipant, event: Event, other_staff_user: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.run_schedule(other_staff_user, event)
    with pytest.raises(PermissionDenied):
        services.run_schedule(user_of(join("anna")), event)


def test_an_event_without_b2b_settings_cannot_be_scheduled(event: Event, staff_user: User) -> None:
    event.b2b_tables = 0
    event.save()
    with pytest.raises(ValidationError):
        services.run_schedule(staff_user, event)


def test_re_optimising_keeps_the_published_meetings_and_lists_the_changes(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla, dario = join("anna"), join("bruno"), join("carla"), join("dario")
    first = accepted(anna, bruno)
    second = accepted(carla, dario)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    before = {m.request_id: (m.slot, m.table, m.pk) for m in Meeting.objects.all()}

    late = accepted(anna, carla, mine=3)  # a late change
    run = services.run_schedule(staff_user, event, time_limit=2)
    services.publish_schedule(staff_user, run)

    after = {m.request_id: (m.slot, m.table, m.pk) for m in Meeting.objects.all()}
    assert run.fixed == run.kept_fixed == 2
    assert after[first.pk] == before[first.pk] and after[second.pk] == before[second.pk]
    assert late.pk in after
    assert [(m["request"], m["kind"]) for m in run.result["moves"]] == [(late.pk, "added")]


def test_a_run_made_before_requests_changed_cannot_be_published(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = accepted(anna, bruno)
    run = services.run_schedule(staff_user, event, time_limit=2)
    services.withdraw_request(user_of(anna), request)

    with pytest.raises(ValidationError):
        services.publish_schedule(staff_user, run)
    assert not Meeting.objects.exists()


def test_a_withdrawn_meeting_drops_out_at_the_next_publication(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    keep = accepted(anna, bruno)
    drop = accepted(anna, carla)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    services.withdraw_request(user_of(carla), drop)

    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    assert list(Meeting.objects.values_list("request_id", flat=True)) == [keep.pk]
    assert MeetingRequest.objects.get(pk=drop.pk).status == RequestStatus.WITHDRAWN


# --- Pure helpers -------------------------------------------------------------------------


def test_explain_unscheduled_tells_no_common_slot_from_taken_slots() -> None:
    instance = Instance(
        slots=2,
        tables=1,
        participants=(
            Participant("a", frozenset({0})),
            Participant("b", frozenset({1})),
            Participant("c"),
            Participant("d"),
        ),
        requests=(
            SolverRequest("a", "b", id="1"),
            SolverRequest("c", "d", id="2"),
            SolverRequest("a", "c", id="3"),
        ),
    )
    meetings = [SolverMeeting("a", "c", 0, 0), SolverMeeting("b", "d", 1, 0)]

    assert planning.explain_unscheduled(instance, meetings) == {
        "1": planning.NO_COMMON_SLOT,
        "2": planning.SLOTS_TAKEN,
    }


def test_moves_list_what_was_added_dropped_and_moved() -> None:
    published = {"1": (0, 0), "2": (1, 0), "3": (2, 1)}
    proposed = {"1": (0, 0), "2": (2, 0), "3": (2, 0), "4": (3, 0)}

    changes = {(m.request, m.kind) for m in planning.moves(published, proposed)}

    assert changes == {("2", "moved"), ("3", "table_changed"), ("4", "added")}
    assert [m.kind for m in planning.moves({"9": (0, 0)}, {})] == ["dropped"]
