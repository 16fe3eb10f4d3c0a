"""What the events app tells participants: meeting requests and answers, a place confirmed
from the waiting list, a published or changed B2B agenda; each to the right people only."""

from __future__ import annotations

from typing import Any

import pytest

from ponte.accounts.models import User
from ponte.clusters.models import Cluster
from ponte.events import services
from ponte.events.constants import EventStatus, RegistrationStatus
from ponte.events.models import Event, MeetingRequest, Registration
from ponte.members.models import Organisation
from ponte.notifications.models import Delivery, Notification, NotificationKind
from ponte.notifications.models import NotificationPreference as Preference
from tests.events.conftest import MakeParticipant, make_event, user_of
from tests.factories import MembershipFactory, OrganisationFactory, person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(cluster_a: Cluster) -> Event:
    return make_event(cluster_a)


@pytest.fixture
def join(event: Event, cluster_a: Cluster) -> MakeParticipant:
    """`join("anna")`: an English-speaking user of a new member organisation, registered."""

    def make(
        username: str, *, status: str = RegistrationStatus.CONFIRMED, language: str = "en"
    ) -> Registration:
        organisation = OrganisationFactory(name=f"{username.capitalize()} srl")
        MembershipFactory(organisation=organisation, cluster=cluster_a)
        user = person_in(
            organisation, username=username, first_name=username.capitalize(), language=language
        )
        return Registration.objects.create(
            event=event, person=user.person, organisation=organisation, status=status
        )

    return make


def notified(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def accepted(a: Registration, b: Registration) -> MeetingRequest:
    request = services.request_meeting(user_of(a), a, b, note="Parliamone")
    return services.accept_request(user_of(b), request, priority=2)


def test_a_meeting_request_is_notified_to_its_recipient_and_emailed(
    join: MakeParticipant,
    event: Event,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    anna, bruno, _carla = join("anna"), join("bruno"), join("carla")

    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")
        assert mailoutbox == []  # the e-mail leaves after the commit

    (notification,) = Notification.objects.all()
    assert notification.recipient == user_of(bruno)
    assert notification.kind == NotificationKind.MEETING_REQUESTED
    assert notification.message == (
        f"{anna.person.full_name} (Anna srl) asks you for a B2B meeting at “B2B day”."
    )
    assert notification.url == f"/events/{event.slug}/requests/"
    assert notification.target == request
    assert notification.actor == user_of(anna)
    (email,) = mailoutbox
    assert email.to == [user_of(bruno).email]
    assert email.subject == "Ponte: New request for a B2B meeting"
    assert notification.message in email.body


@pytest.mark.parametrize(("answer", "word"), [("accept", "accepted"), ("decline", "declined")])
def test_the_answer_to_a_meeting_request_is_notified_to_the_requester(
    join: MakeParticipant,
    event: Event,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
    answer: str,
    word: str,
) -> None:
    anna, bruno, _carla = join("anna"), join("bruno"), join("carla")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")

    with django_capture_on_commit_callbacks(execute=True):
        if answer == "accept":
            services.accept_request(user_of(bruno), request, priority=3)
        else:
            services.decline_request(user_of(bruno), request)

    (notification,) = Notification.objects.filter(kind=NotificationKind.MEETING_ANSWERED)
    assert notification.recipient == user_of(anna)
    assert notification.message == (
        f"{bruno.person.full_name} (Bruno srl) {word} your request for a B2B meeting at “B2B day”."
    )
    assert notification.url == f"/events/{event.slug}/requests/"
    assert notification.actor == user_of(bruno)
    (email,) = mailoutbox
    assert email.to == [user_of(anna).email]
    assert email.subject == "Ponte: Answer to your request for a B2B meeting"


def test_a_cancellation_notifies_only_who_is_promoted_from_the_waiting_list(
    event: Event,
    member_org: Organisation,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    event.capacity = 1
    event.save()
    users = [
        person_in(member_org, username=name, language="en") for name in ("first", "second", "third")
    ]
    first, second, _third = (
        services.register(user, event, organisation=member_org) for user in users
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(users[0], first)

    (notification,) = Notification.objects.all()
    assert notification.recipient == users[1]
    assert notification.kind == NotificationKind.EVENT_PLACE_CONFIRMED
    assert notification.message == (
        "A place freed up at “B2B day”: you are off the waiting list and your registration is "
        "confirmed."
    )
    assert notification.url == event.get_absolute_url()
    assert notification.target == second
    assert notification.actor is None  # who cancelled is nobody else's business
    (email,) = mailoutbox
    assert email.to == [users[1].email]
    assert email.subject == "Ponte: Place confirmed from the waiting list"


def test_raising_the_capacity_notifies_everyone_promoted_and_nobody_else(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    event.capacity = 1
    event.save()
    join("anna")
    join("bruno", status=RegistrationStatus.WAITING)
    join("carla", status=RegistrationStatus.WAITING)
    join("dario", status=RegistrationStatus.WAITING)

    event.capacity = 3
    services.save_event(staff_user, event)

    assert notified(NotificationKind.EVENT_PLACE_CONFIRMED) == ["bruno", "carla"]


def test_a_published_agenda_is_notified_to_the_participants_with_meetings(
    join: MakeParticipant,
    event: Event,
    staff_user: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    anna, bruno, carla, _dario = join("anna"), join("bruno"), join("carla"), join("dario")
    accepted(anna, bruno)
    services.request_meeting(user_of(carla), carla, anna, note="In attesa")  # pending
    run = services.run_schedule(staff_user, event, time_limit=2)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(staff_user, run)

    assert notified(NotificationKind.AGENDA_PUBLISHED) == ["anna", "bruno"]
    notification = Notification.objects.get(recipient=user_of(anna))
    assert notification.message == "Your B2B agenda for “B2B day” is published."
    assert notification.url == f"/events/{event.slug}/agenda/"
    assert notification.target == event
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [user_of(anna).email, user_of(bruno).email]
    )
    assert {email.subject for email in mailoutbox} == {"Ponte: B2B agenda published or changed"}


def test_re_optimising_notifies_only_the_participants_whose_meetings_changed(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    anna, bruno, carla, dario = join("anna"), join("bruno"), join("carla"), join("dario")
    accepted(anna, bruno)
    accepted(carla, dario)
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    Notification.objects.all().delete()

    accepted(anna, carla)  # a late change: the published meetings stay where they are
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    assert notified(NotificationKind.AGENDA_PUBLISHED) == ["anna", "carla"]
    assert set(
        Notification.objects.filter(kind=NotificationKind.AGENDA_PUBLISHED).values_list(
            "message", flat=True
        )
    ) == {"Your B2B agenda for “B2B day” has changed: check the times and tables of your meetings."}


def test_an_unchanged_schedule_published_again_notifies_nobody(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    accepted(join("anna"), join("bruno"))
    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))
    Notification.objects.all().delete()

    services.publish_schedule(staff_user, services.run_schedule(staff_user, event, time_limit=2))

    assert not Notification.objects.exists()


def test_event_notifications_are_in_the_recipients_language_with_the_events_title(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno", language="it")

    services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")

    message = Notification.objects.get(recipient=user_of(bruno)).message
    assert message == (
        f"{anna.person.full_name} (Anna srl) ti chiede un incontro B2B all'evento “Giornata B2B”."
    )


def test_a_weekly_preference_holds_the_email_of_an_event_notification(
    join: MakeParticipant, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    anna, bruno = join("anna"), join("bruno")
    Preference.objects.create(
        user=user_of(bruno), kind=NotificationKind.MEETING_REQUESTED, delivery=Delivery.WEEKLY
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")

    assert Notification.objects.get().delivery == Delivery.WEEKLY
    assert mailoutbox == []


def test_a_cancelled_event_is_told_to_everyone_registered_or_waiting_once(
    join: MakeParticipant,
    event: Event,
    staff_user: User,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    event.capacity = 1
    event.save()
    anna = join("anna")
    join("bruno", status=RegistrationStatus.WAITING)
    join("carla", status=RegistrationStatus.CANCELLED)
    User.objects.filter(pk=user_of(anna).pk).update(language="en")
    Notification.objects.all().delete()

    event.status = EventStatus.CANCELLED
    event.capacity = 3  # nobody is promoted to a place at a cancelled event
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(staff_user, event)
    services.save_event(staff_user, event)  # saved again: told once only

    assert notified(NotificationKind.EVENT_CANCELLED) == ["anna", "bruno"]
    assert not Notification.objects.exclude(kind=NotificationKind.EVENT_CANCELLED).exists()
    assert event.registrations.filter(status=RegistrationStatus.WAITING).count() == 1
    notification = Notification.objects.get(recipient=user_of(anna))
    assert notification.message == (
        "“B2B day” has been cancelled: your registration and your B2B meetings are called off."
    )
    assert notification.url == event.get_absolute_url() and notification.actor == staff_user
    assert "Ponte: Event cancelled" in {email.subject for email in mailoutbox}


def test_no_place_is_handed_out_at_a_cancelled_event(
    join: MakeParticipant, event: Event, staff_user: User
) -> None:
    """A confirmed participant cancelling at a cancelled event frees a place nobody gets:
    nobody is told "your place is confirmed" for an event that will not take place."""
    event.capacity = 1
    event.save()
    anna = join("anna")
    bruno = join("bruno", status=RegistrationStatus.WAITING)
    event.status = EventStatus.CANCELLED
    services.save_event(staff_user, event)

    services.cancel_registration(user_of(anna), anna)

    bruno.refresh_from_db()
    assert bruno.status == RegistrationStatus.WAITING
    assert notified(NotificationKind.EVENT_PLACE_CONFIRMED) == []
