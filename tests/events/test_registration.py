"""Registration with a profile, capacity and the waiting list, cancellation, check-in."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ponte.accounts.models import AuditLog, User
from ponte.events import services
from ponte.events.constants import RegistrationStatus, RequestStatus
from ponte.events.models import Event, MeetingRequest
from ponte.events.selectors import waiting_position
from ponte.members.models import Organisation
from tests.events.conftest import MakeParticipant, user_of
from tests.factories import InnovationNeedFactory, TechnologyOfferFactory, person_in

pytestmark = pytest.mark.django_db


def test_a_member_registers_for_their_organisation_with_a_profile(
    event: Event, member_user: User, member_org: Organisation
) -> None:
    offer = TechnologyOfferFactory(organisation=member_org)
    need = InnovationNeedFactory(organisation=member_org)

    registration = services.register(
        member_user,
        event,
        organisation=member_org,
        offering="Emulsioni stabili",
        looking_for="Conservanti naturali",
        offers=[offer],
        needs=[need],
    )

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.person == member_user.person
    assert list(registration.offers.all()) == [offer]
    assert list(registration.needs.all()) == [need]
    assert AuditLog.objects.filter(action="event.registered").count() == 1


def test_nobody_registers_for_an_organisation_they_do_not_belong_to(
    event: Event, member_user: User, other_member_org: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.register(member_user, event, organisation=other_member_org)


def test_another_organisations_offer_cannot_be_linked_to_a_profile(
    event: Event, member_user: User, member_org: Organisation, other_member_org: Organisation
) -> None:
    foreign = TechnologyOfferFactory(organisation=other_member_org)
    with pytest.raises(ValidationError):
        services.register(member_user, event, organisation=member_org, offers=[foreign])


def test_registration_is_refused_once_closed(
    event: Event, member_user: User, member_org: Organisation
) -> None:
    event.registration_closes = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    with pytest.raises(ValidationError):
        services.register(member_user, event, organisation=member_org)


def test_registering_twice_is_refused(
    event: Event, member_user: User, member_org: Organisation
) -> None:
    services.register(member_user, event, organisation=member_org)
    with pytest.raises(ValidationError):
        services.register(member_user, event, organisation=member_org)


def test_when_the_event_is_full_newcomers_join_the_waiting_list_in_order(
    event: Event, member_org: Organisation
) -> None:
    event.capacity = 1
    event.save()
    users = [person_in(member_org, username=name) for name in ("first", "second", "third")]

    first, second, third = (
        services.register(user, event, organisation=member_org) for user in users
    )

    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == third.status == RegistrationStatus.WAITING
    assert (waiting_position(second), waiting_position(third)) == (1, 2)


def test_a_place_freed_without_a_promotion_goes_to_the_waiting_list_not_a_newcomer(
    event: Event, member_org: Organisation
) -> None:
    event.capacity = 1
    event.save()
    users = [person_in(member_org, username=name) for name in ("first", "second", "third")]
    first, second = (services.register(user, event, organisation=member_org) for user in users[:2])
    # A place freed behind the services' back (a superuser removing a registration).
    first.delete()

    third = services.register(users[2], event, organisation=member_org)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITING and waiting_position(third) == 1
    # The newcomer promoted nobody: the audit log names no actor for it.
    promotion = AuditLog.objects.get(action="event.promoted_from_waiting_list")
    assert promotion.object_id == str(second.pk) and promotion.actor is None


def test_a_cancellation_promotes_the_first_on_the_waiting_list(
    event: Event, member_org: Organisation
) -> None:
    event.capacity = 1
    event.save()
    users = [person_in(member_org, username=name) for name in ("first", "second", "third")]
    first, second, third = (
        services.register(user, event, organisation=member_org) for user in users
    )

    promoted = services.cancel_registration(users[0], first)

    second.refresh_from_db()
    third.refresh_from_db()
    assert promoted == [second]
    assert second.status == RegistrationStatus.CONFIRMED and second.confirmed_at is not None
    assert third.status == RegistrationStatus.WAITING and waiting_position(third) == 1


def test_cancelling_from_the_waiting_list_promotes_nobody(
    event: Event, member_org: Organisation
) -> None:
    event.capacity = 1
    event.save()
    users = [person_in(member_org, username=name) for name in ("first", "second", "third")]
    _first, second, third = (
        services.register(user, event, organisation=member_org) for user in users
    )

    assert services.cancel_registration(users[1], second) == []
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITING


def test_raising_the_capacity_fills_places_from_the_waiting_list(
    event: Event, member_org: Organisation, staff_user: User
) -> None:
    event.capacity = 1
    event.save()
    users = [person_in(member_org, username=name) for name in ("first", "second", "third")]
    for user in users:
        services.register(user, event, organisation=member_org)

    event.capacity = 3
    services.save_event(staff_user, event)

    assert set(event.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.CONFIRMED
    }


def test_a_cancelled_participant_may_register_again_at_the_end_of_the_queue(
    event: Event, member_user: User, member_org: Organisation
) -> None:
    registration = services.register(member_user, event, organisation=member_org)
    services.cancel_registration(member_user, registration)

    again = services.register(member_user, event, organisation=member_org)

    assert again.pk == registration.pk and again.status == RegistrationStatus.CONFIRMED
    assert again.cancelled_at is None


def test_cancelling_withdraws_the_participants_meeting_requests(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno")
    request = services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")

    services.cancel_registration(user_of(anna), anna)

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_nobody_cancels_someone_elses_registration(
    join: MakeParticipant, other_member_user: User
) -> None:
    anna = join("anna")
    with pytest.raises(PermissionDenied):
        services.cancel_registration(other_member_user, anna)


def test_staff_check_in_a_participant_once(join: MakeParticipant, staff_user: User) -> None:
    anna = join("anna")

    services.check_in(staff_user, anna)
    first = anna.checked_in_at
    services.check_in(staff_user, anna)

    anna.refresh_from_db()
    assert anna.checked_in_at == first and anna.checked_in_by == staff_user
    assert AuditLog.objects.filter(action="event.checked_in").count() == 1
    services.undo_check_in(staff_user, anna)
    anna.refresh_from_db()
    assert anna.checked_in_at is None


def test_only_the_events_cluster_staff_check_in(
    join: MakeParticipant, other_staff_user: User
) -> None:
    anna = join("anna")
    with pytest.raises(PermissionDenied):
        services.check_in(other_staff_user, anna)
    with pytest.raises(PermissionDenied):
        services.check_in(user_of(anna), anna)


def test_people_on_the_waiting_list_cannot_be_checked_in(
    join: MakeParticipant, staff_user: User
) -> None:
    waiting = join("anna", status=RegistrationStatus.WAITING)
    with pytest.raises(ValidationError):
        services.check_in(staff_user, waiting)


def test_meeting_requests_of_nobody_are_left_after_the_last_cancellation(
    join: MakeParticipant,
) -> None:
    anna, bruno = join("anna"), join("bruno")
    services.request_meeting(user_of(anna), anna, bruno, note="Parliamone")
    services.cancel_registration(user_of(bruno), bruno)
    assert not MeetingRequest.objects.filter(status=RequestStatus.PENDING).exists()
