"""The event pages through the test client: who sees what, and the main actions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.accounts.models import User
from ponte.events import services
from ponte.events.constants import EventStatus, RegistrationStatus, RequestStatus
from ponte.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun
from ponte.members.models import Organisation
from tests.events.conftest import MakeParticipant, make_event, user_of

pytestmark = pytest.mark.django_db


def url(name: str, event: Event, *args: object) -> str:
    return reverse(f"events:{name}", args=[event.slug, *args])


def test_visitors_see_published_events_and_their_programme(
    client: Client, event: Event, cluster_a: object
) -> None:
    event.sessions.create(start="09:30", title_it="Saluti", title_en="Welcome", speakers="REI")
    make_event(cluster_a, slug="bozza", title_it="Bozza", status=EventStatus.DRAFT)  # type: ignore[arg-type]

    listing = client.get(reverse("events:list"))
    detail = client.get(event.get_absolute_url())

    assert listing.status_code == 200
    assert [e.slug for e in listing.context["upcoming"]] == ["b2b-day"]
    assert detail.status_code == 200
    assert "Welcome" in detail.content.decode() and "La Pista" in detail.content.decode()
    assert client.get(reverse("events:detail", args=["bozza"])).status_code == 404


def test_the_events_staff_see_its_draft(
    client: Client, cluster_a: object, staff_user: User
) -> None:
    draft = make_event(cluster_a, slug="bozza", status=EventStatus.DRAFT)  # type: ignore[arg-type]
    client.force_login(staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_member_registers_through_the_form(
    client: Client, event: Event, member_user: User, member_org: Organisation
) -> None:
    client.force_login(member_user)

    response = client.post(
        url("register", event),
        {"organisation": member_org.pk, "offering": "Emulsioni", "looking_for": "Packaging"},
    )

    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.looking_for == "Packaging" and registration.is_confirmed


@pytest.mark.parametrize("chosen", ["abc", "٣", "-1", "9" * 30])
def test_a_malformed_organisation_is_a_form_error_with_the_profile_kept(
    client: Client, event: Event, member_user: User, member_org: Organisation, chosen: str
) -> None:
    client.force_login(member_user)
    response = client.post(
        url("register", event),
        {"organisation": chosen, "offering": "Emulsioni a freddo", "looking_for": "Packaging"},
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["organisation"]
    assert "Emulsioni a freddo" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_visitors_are_sent_to_log_in_to_register(client: Client, event: Event) -> None:
    response = client.get(url("register", event))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("visitor", 302), ("outsider", 404), ("waiting", 404), ("participant", 200), ("staff", 200),
     ("other_staff", 404)],
)  # fmt: skip
def test_the_participant_list_is_for_participants_and_the_events_staff(
    client: Client,
    join: MakeParticipant,
    event: Event,
    staff_user: User,
    other_staff_user: User,
    other_member_user: User,
    who: str,
    status: int,
) -> None:
    anna = join("anna", offering="Emulsioni stabili")
    users = {
        "outsider": other_member_user,
        "waiting": user_of(join("walter", status=RegistrationStatus.WAITING)),
        "participant": user_of(join("bruno")),
        "staff": staff_user,
        "other_staff": other_staff_user,
    }
    if who in users:
        client.force_login(users[who])

    response = client.get(url("participants", event))
    profile = client.get(url("participant", event, anna.pk))

    assert response.status_code == status
    assert profile.status_code == status
    if status == 200:
        assert "Emulsioni stabili" in profile.content.decode()


def test_the_catalogue_filters_by_words(
    client: Client, join: MakeParticipant, event: Event
) -> None:
    join("anna", offering="Packaging riciclato")
    join("bruno", offering="Conservanti")
    client.force_login(user_of(join("carla")))

    response = client.get(url("participants", event), {"q": "riciclato"})

    assert [r.person.first_name for r, _status in response.context["rows"]] == ["Anna"]


def test_a_meeting_request_goes_from_profile_to_the_recipients_list(
    client: Client, join: MakeParticipant, event: Event
) -> None:
    anna, bruno = join("anna"), join("bruno")
    client.force_login(user_of(anna))

    client.post(url("request_meeting", event, bruno.pk), {"note": "Parliamo", "priority": 3})
    request = MeetingRequest.objects.get()
    client.force_login(user_of(bruno))
    page = client.get(url("requests", event))
    client.post(url("request_action", event, request.pk, "accept"), {"priority": 1})

    assert [r.pk for r in page.context["received"]] == [request.pk]
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.priority == 3


def test_a_refused_meeting_request_keeps_what_was_typed(
    client: Client, join: MakeParticipant, event: Event
) -> None:
    anna, bruno = join("anna"), join("bruno")
    client.force_login(user_of(anna))
    note = "Vorrei parlare di conservanti naturali. " * 40  # longer than a note may be

    response = client.post(url("request_meeting", event, bruno.pk), {"note": note, "priority": 3})

    assert response.status_code == 400
    form = response.context["form"]
    assert form.data["note"] == note and form.errors["note"]
    assert "conservanti naturali" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_request_is_seen_and_answered_only_by_its_two_sides(
    client: Client, join: MakeParticipant, event: Event
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Riservato")
    client.force_login(user_of(carla))

    page = client.get(url("requests", event))
    answer = client.post(url("request_action", event, request.pk, "accept"), {"priority": 2})

    assert "Riservato" not in page.content.decode()
    assert answer.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_availability_is_saved_from_the_checkboxes(
    client: Client, join: MakeParticipant, event: Event
) -> None:
    anna = join("anna")
    client.force_login(user_of(anna))

    page = client.get(url("availability", event))
    client.post(url("availability", event), {"slots": ["0", "5"]})

    assert [value for value, _label in page.context["form"].fields["slots"].choices] == [
        0, 1, 2, 4, 5,
    ]  # fmt: skip
    anna.refresh_from_db()
    assert anna.available_slots == [0, 5]


def test_the_staff_page_runs_the_solver_and_publishes(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    for a, b in ((anna, bruno), (bruno, carla), (anna, carla)):
        request = services.request_meeting(user_of(a), a, b, note="Ciao")
        services.accept_request(user_of(b), request, priority=2)
    client.force_login(staff_user)

    client.post(url("schedule_run", event), {"time_limit": 5, "keep_published": "on"})
    run = ScheduleRun.objects.get()
    page = client.get(url("schedule", event))
    published = client.post(url("schedule_publish", event, run.pk))
    plan = client.get(url("room_plan", event))

    assert page.status_code == 200 and page.context["run"] == run
    assert run.scheduled == run.accepted == 3 and run.status == "optimal"
    assert published.status_code == 302 and Meeting.objects.count() == 3
    assert plan.status_code == 200
    assert sum(1 for _s, _t, _b, cells in plan.context["plan"] for c in cells if c) == 3


def test_the_scheduling_pages_are_for_the_events_staff_only(
    client: Client, join: MakeParticipant, event: Event, other_staff_user: User
) -> None:
    for user in (user_of(join("anna")), other_staff_user):
        client.force_login(user)
        assert client.get(url("schedule", event)).status_code == 404
        assert client.post(url("schedule_run", event), {"time_limit": 1}).status_code == 404
        assert client.get(url("room_plan", event)).status_code == 404
        assert client.get(url("check_in", event)).status_code == 404
    assert not ScheduleRun.objects.exists()


def test_agendas_are_ones_own_and_the_staffs(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla = join("anna"), join("bruno"), join("carla")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Ciao")
    services.accept_request(user_of(bruno), request, priority=2)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    client.force_login(user_of(anna))
    own = client.get(url("agenda", event))
    client.force_login(user_of(carla))
    foreign = client.get(url("participant_agenda", event, anna.pk))
    foreign_ics = client.get(url("participant_agenda_ics", event, anna.pk))
    client.force_login(staff_user)
    staff = client.get(url("participant_agenda", event, anna.pk))

    assert own.status_code == 200 and own.context["meetings"] == 1
    assert "Bruno" in own.content.decode()
    assert foreign.status_code == foreign_ics.status_code == 404
    assert staff.status_code == 200 and staff.context["meetings"] == 1


def test_the_check_in_desk_searches_and_checks_in(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna = join("anna")
    join("bruno")
    client.force_login(staff_user)

    page = client.get(url("check_in", event), {"q": "anna"})
    client.post(url("check_in_one", event, anna.pk))

    assert [r.pk for r in page.context["registrations"]] == [anna.pk]
    anna.refresh_from_db()
    assert anna.checked_in_by == staff_user


def test_the_check_in_desk_keeps_a_search_with_special_characters(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna = join("anna")
    client.force_login(staff_user)

    response = client.post(url("check_in_one", event, anna.pk), {"q": "Rossi & Figli #2"})

    assert response.status_code == 302
    back = client.get(response["Location"])
    assert back.context["q"] == "Rossi & Figli #2"


def page_queries(client: Client, event: Event, names: list[str]) -> dict[str, int]:
    counts = {}
    for name in names:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, event)).status_code == 200
        counts[name] = len(queries.captured_queries)
    return counts


def test_busy_pages_make_as_many_queries_for_few_as_for_many_participants(
    client: Client, join: MakeParticipant, event: Event, staff_user: User
) -> None:
    """Pinned by comparison: an N+1 query makes the second count larger."""
    me = join("anna")
    participant_pages = ["participants", "requests", "agenda"]
    staff_pages = ["schedule", "room_plan", "check_in"]
    counts = []
    for batch in (["bruno", "carla"], ["dario", "elena", "fabio", "gina", "ugo", "vera"]):
        for name in batch:
            other = join(name)
            request = services.request_meeting(user_of(me), me, other, note="Ciao")
            services.accept_request(user_of(other), request, priority=2)
        run = services.run_schedule(staff_user, event, time_limit=2)
        services.publish_schedule(staff_user, run)
        client.force_login(user_of(me))
        mine = page_queries(client, event, participant_pages)
        client.force_login(staff_user)
        counts.append({**mine, **page_queries(client, event, staff_pages)})

    assert Meeting.objects.count() == 5  # her five meeting slots are full
    assert counts[0] == counts[1]


def test_a_cancelled_event_stays_on_view_marked_and_closed(
    client: Client, event: Event, member_user: User, member_org: Organisation
) -> None:
    """Its people (and the links in their e-mails and calendars) learn it is cancelled
    rather than meet a missing page; nobody can register or ask for meetings any more."""
    event.status = EventStatus.CANCELLED
    event.save()

    page = client.get(event.get_absolute_url())
    listing = client.get(reverse("events:list"))

    assert page.status_code == 200
    assert 'data-testid="event-cancelled"' in page.content.decode()
    assert event in listing.context["upcoming"]
    client.force_login(member_user)
    client.post(url("register", event), {"organisation": member_org.pk})
    assert not Registration.objects.filter(event=event).exists()
