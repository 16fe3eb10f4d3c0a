"""The workflow of expressions of interest: expressing, every allowed and every forbidden
transition, who may take each step, reverting, and the notifications of the other side."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.accounts.models import AuditLog
from ponte.accounts.selectors import forget_viewer
from ponte.members.models import Person
from ponte.notifications.models import Notification, NotificationKind
from ponte.transfer import services_interest as services
from ponte.transfer.constants import (
    INTEREST_DATE_FIELDS,
    INTEREST_TRANSITIONS,
    AgreementKind,
    InterestAction,
    InterestState,
    ItemStatus,
)
from ponte.transfer.models import ExpressionOfInterest
from ponte.transfer.selectors import next_actions
from tests.factories import (
    AffiliationFactory,
    InnovationNeedFactory,
    MembershipFactory,
    person_in,
)
from tests.transfer.interest_world import PATHS, World, eoi_in

pytestmark = pytest.mark.django_db

State = InterestState
Move = Callable[[Any, ExpressionOfInterest], ExpressionOfInterest]

# The service that leads to each state, and who (in the world) may call it.
MOVES: dict[str, tuple[Move, str]] = {
    State.INTRODUCED: (lambda u, i: services.accept_interest(u, i, "Welcome"), "owner"),
    State.DECLINED: (lambda u, i: services.decline_interest(u, i, "No capacity"), "owner"),
    State.MEETING_HELD: (lambda u, i: services.record_meeting(u, i), "staff"),
    State.AGREEMENT_SIGNED: (
        lambda u, i: services.record_agreement(u, i, AgreementKind.LICENCE),
        "staff",
    ),
    State.PROJECT_STARTED: (lambda u, i: services.record_project_start(u, i), "staff"),
    State.CLOSED: (lambda u, i: services.close_interest(u, i, "Priorities changed"), "staff"),
}
PAIRS = list(itertools.product(InterestState.values, MOVES))
ALLOWED = [(a, b) for a, b in PAIRS if b in INTEREST_TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in PAIRS if b not in INTEREST_TRANSITIONS[a]]


def test_the_transition_table_covers_every_state_and_leads_back_to_no_sent() -> None:
    assert set(INTEREST_TRANSITIONS) == set(InterestState.values)
    assert all(State.SENT not in targets for targets in INTEREST_TRANSITIONS.values())
    assert set(PATHS) == set(InterestState.values)  # every state is reachable from "sent"
    assert len(ALLOWED) == 9 and len(FORBIDDEN) == len(PAIRS) - 9


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition_is_dated_attributed_and_recorded(
    world: World, current: str, target: str
) -> None:
    interest = eoi_in(current, world.need, world.interested_org)
    move, who = MOVES[target]
    actor = getattr(world, who)

    moved = move(actor, interest)

    moved.refresh_from_db()
    assert moved.state == target
    assert getattr(moved, INTEREST_DATE_FIELDS[target]) is not None
    last = moved.events.order_by("-at", "-pk").first()
    assert last is not None
    assert (last.from_state, last.to_state, last.by) == (current, target, actor)
    assert last.action == INTEREST_TRANSITIONS[current][target]
    assert AuditLog.objects.filter(
        action=f"interest.{last.action}", object_id=str(moved.pk), actor=actor
    ).exists()


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_and_changes_nothing(
    world: World, current: str, target: str
) -> None:
    interest = eoi_in(current, world.need, world.interested_org)
    move, who = MOVES[target]
    events = interest.events.count()

    with pytest.raises(ValidationError):
        move(getattr(world, who), interest)

    interest.refresh_from_db()
    assert interest.state == current
    assert interest.events.count() == events


def test_a_member_expresses_interest_and_the_owners_people_are_notified(world: World) -> None:
    interest = services.express_interest(
        world.interested, world.need, organisation=world.interested_org, message="  We can.  "
    )

    assert interest.state == State.SENT
    assert interest.message == "We can."
    assert interest.sender == world.interested
    assert list(interest.events.values_list("action", flat=True)) == [InterestAction.SENT]
    told = set(
        Notification.objects.filter(kind=NotificationKind.EOI_RECEIVED).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"member", "colleague", "author"}


def test_the_interested_party_hears_the_answer(world: World) -> None:
    interest = eoi_in(State.SENT, world.need, world.interested_org, world.interested)

    services.decline_interest(world.owner, interest, "We already have a partner.")

    notification = Notification.objects.get(kind=NotificationKind.EOI_ANSWERED)
    assert notification.recipient == world.interested
    assert "We already have a partner." in notification.message


def test_later_steps_are_told_to_the_other_side_only(world: World) -> None:
    interest = eoi_in(State.INTRODUCED, world.need, world.interested_org, world.interested)

    services.record_meeting(world.interested, interest)

    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"member", "colleague", "author"}


def test_staff_steps_are_told_to_both_sides(world: World) -> None:
    interest = eoi_in(State.INTRODUCED, world.need, world.interested_org, world.interested)

    services.close_interest(world.staff, interest, "No news for months.")

    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"member", "colleague", "author", "other-member"}


def test_nobody_expresses_interest_in_their_own_organisations_item(world: World) -> None:
    with pytest.raises(ValidationError):
        services.express_interest(
            world.owner, world.need, organisation=world.owner_org, message="Us?"
        )


def test_nobody_expresses_interest_for_an_organisation_they_do_not_belong_to(
    world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        services.express_interest(
            world.outsider, world.need, organisation=world.interested_org, message="Hi"
        )


def test_an_organisation_not_yet_admitted_cannot_express_interest(
    world: World, applicant_user: Any, applicant_org: Any
) -> None:
    with pytest.raises(ValidationError):
        services.express_interest(
            applicant_user, world.need, organisation=applicant_org, message="Hi"
        )


def test_a_message_is_required_and_short(world: World) -> None:
    with pytest.raises(ValidationError):
        services.express_interest(
            world.interested, world.need, organisation=world.interested_org, message="   "
        )
    with pytest.raises(ValidationError):
        services.express_interest(
            world.interested, world.need, organisation=world.interested_org, message="x" * 2001
        )


def test_interest_is_expressed_once_until_closed(world: World) -> None:
    first = services.express_interest(
        world.interested, world.need, organisation=world.interested_org, message="Hi"
    )
    with pytest.raises(ValidationError):
        services.express_interest(
            world.interested, world.need, organisation=world.interested_org, message="Again"
        )
    services.close_interest(world.interested, first, "Wrong item")

    again = services.express_interest(
        world.interested, world.need, organisation=world.interested_org, message="Now"
    )

    assert again.pk != first.pk


def test_a_closed_or_expired_item_receives_no_new_interest(world: World) -> None:
    closed = InnovationNeedFactory(
        organisation=world.owner_org, cluster=world.cluster, status=ItemStatus.CLOSED
    )
    with pytest.raises(PermissionDenied):  # not even visible to others
        services.express_interest(
            world.interested, closed, organisation=world.interested_org, message="Hi"
        )


def test_a_confidential_need_takes_interest_only_after_an_invitation(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.express_interest(
            world.interested, world.secret_need, organisation=world.interested_org, message="Hi"
        )

    services.invite_to_item(world.author, world.secret_need, world.interested_org)
    interest = services.express_interest(
        world.interested, world.secret_need, organisation=world.interested_org, message="Hi"
    )

    assert interest.need == world.secret_need


def test_an_invitation_is_for_one_organisation_only(world: World) -> None:
    services.invite_to_item(world.staff, world.secret_need, world.interested_org)
    second_org = MembershipFactory(cluster=world.cluster).organisation
    # The interested user also works for a second organisation, which was not invited.
    AffiliationFactory(person=Person.objects.get(user=world.interested), organisation=second_org)
    forget_viewer(world.interested)

    with pytest.raises(PermissionDenied):
        services.express_interest(
            world.interested, world.secret_need, organisation=second_org, message="Hi"
        )


def test_only_the_owner_and_the_staff_invite(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.invite_to_item(world.colleague, world.secret_need, world.interested_org)
    with pytest.raises(PermissionDenied):
        services.invite_to_item(world.other_staff, world.secret_need, world.interested_org)
    with pytest.raises(ValidationError):
        services.invite_to_item(world.owner, world.secret_need, world.owner_org)


@pytest.mark.parametrize("who", ["owner", "author"])
def test_the_owners_managers_and_the_author_answer(world: World, who: str) -> None:
    interest = eoi_in(State.SENT, world.need, world.interested_org)

    services.accept_interest(getattr(world, who), interest)

    interest.refresh_from_db()
    assert interest.state == State.INTRODUCED


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("colleague", PermissionDenied),  # of the owner, but neither manager nor author
        ("interested", PermissionDenied),  # cannot accept its own interest
        ("outsider", PermissionDenied),  # cannot even see it
        ("staff", PermissionDenied),  # brokers, but the answer is the owner's
        ("other_staff", PermissionDenied),
    ],
)
def test_nobody_answers_an_interest_in_someone_elses_item(
    world: World, who: str, error: type[Exception]
) -> None:
    interest = eoi_in(State.SENT, world.need, world.interested_org)

    with pytest.raises(error):
        services.accept_interest(getattr(world, who), interest)
    with pytest.raises(error):
        services.decline_interest(getattr(world, who), interest, "No")

    interest.refresh_from_db()
    assert interest.state == State.SENT


def test_someone_of_both_organisations_cannot_accept_their_own_interest(world: World) -> None:
    interest = eoi_in(State.SENT, world.need, world.interested_org)
    both = person_in(world.owner_org, can_manage=True, username="both")
    AffiliationFactory(person=Person.objects.get(user=both), organisation=world.interested_org)

    with pytest.raises(PermissionDenied):
        services.accept_interest(both, interest)


def test_a_decline_and_a_close_need_a_reason(world: World) -> None:
    interest = eoi_in(State.SENT, world.need, world.interested_org)
    with pytest.raises(ValidationError):
        services.decline_interest(world.owner, interest, "  ")
    with pytest.raises(ValidationError):
        services.close_interest(world.owner, interest, "")


@pytest.mark.parametrize("who", ["owner", "colleague", "interested", "staff"])
def test_the_two_sides_and_the_staff_record_the_later_steps(world: World, who: str) -> None:
    interest = eoi_in(State.INTRODUCED, world.need, world.interested_org)

    services.record_meeting(getattr(world, who), interest)

    interest.refresh_from_db()
    assert interest.state == State.MEETING_HELD


@pytest.mark.parametrize("who", ["outsider", "other_staff"])
def test_others_record_no_step(world: World, who: str) -> None:
    interest = eoi_in(State.INTRODUCED, world.need, world.interested_org)

    with pytest.raises(PermissionDenied):
        services.record_meeting(getattr(world, who), interest)
    with pytest.raises(PermissionDenied):
        services.close_interest(getattr(world, who), interest, "Bye")


def test_an_agreement_has_a_kind_from_the_list(world: World) -> None:
    interest = eoi_in(State.MEETING_HELD, world.need, world.interested_org)
    with pytest.raises(ValidationError):
        services.record_agreement(world.owner, interest, "handshake")

    services.record_agreement(world.owner, interest, AgreementKind.JOINT_PROPOSAL)

    interest.refresh_from_db()
    assert interest.agreement_kind == AgreementKind.JOINT_PROPOSAL
    assert interest.events.last().agreement_kind == AgreementKind.JOINT_PROPOSAL  # type: ignore[union-attr]


@pytest.mark.parametrize("state", [s for s in InterestState.values if s != State.SENT])
def test_the_staff_revert_the_last_step_of_any_state(world: World, state: str) -> None:
    interest = eoi_in(state, world.need, world.interested_org)
    previous = PATHS[state][-2]

    services.revert_interest(world.staff, interest, "Recorded too early")

    interest.refresh_from_db()
    assert interest.state == previous
    assert getattr(interest, INTEREST_DATE_FIELDS[state]) is None
    last = interest.events.order_by("-at", "-pk").first()
    assert last is not None
    assert (last.action, last.from_state, last.to_state, last.by) == (
        InterestAction.REVERTED,
        state,
        previous,
        world.staff,
    )


def test_reverts_walk_back_one_step_at_a_time_down_to_the_expression(world: World) -> None:
    interest = eoi_in(State.AGREEMENT_SIGNED, world.need, world.interested_org)

    states = []
    for _ in range(3):
        states.append(services.revert_interest(world.staff, interest, "Mistake").state)

    assert states == [State.MEETING_HELD, State.INTRODUCED, State.SENT]
    with pytest.raises(ValidationError):
        services.revert_interest(world.staff, interest, "Mistake")
    interest.refresh_from_db()
    assert interest.agreement_kind == ""


def test_after_a_revert_the_workflow_goes_on(world: World) -> None:
    interest = eoi_in(State.MEETING_HELD, world.need, world.interested_org)
    services.revert_interest(world.staff, interest, "Mistake")

    services.record_meeting(world.owner, interest)
    services.revert_interest(world.staff, interest, "Mistake again")
    services.revert_interest(world.staff, interest, "Not accepted in fact")

    interest.refresh_from_db()
    assert interest.state == State.SENT


@pytest.mark.parametrize("who", ["owner", "author", "interested", "other_staff"])
def test_steps_are_irreversible_except_by_the_clusters_staff(world: World, who: str) -> None:
    interest = eoi_in(State.INTRODUCED, world.need, world.interested_org)

    with pytest.raises(PermissionDenied):
        services.revert_interest(getattr(world, who), interest, "Undo")


def test_a_reopened_interest_cannot_clash_with_a_newer_one(world: World) -> None:
    closed = eoi_in(State.CLOSED, world.need, world.interested_org)
    services.express_interest(
        world.interested, world.need, organisation=world.interested_org, message="Again"
    )

    with pytest.raises(ValidationError):
        services.revert_interest(world.staff, closed, "Closed by mistake")


def test_next_actions_follow_the_table_and_the_roles(world: World) -> None:
    sent = eoi_in(State.SENT, world.need, world.interested_org)
    introduced = eoi_in(State.INTRODUCED, world.secret_need, world.interested_org)

    assert next_actions(world.owner, sent) == ["accept", "decline"]  # an answer, not a close
    assert next_actions(world.interested, sent) == ["close"]
    assert next_actions(world.staff, sent) == ["close"]
    assert next_actions(world.interested, introduced) == ["meeting", "close"]
    assert next_actions(world.staff, introduced) == ["meeting", "close", "revert"]
    assert next_actions(world.outsider, introduced) == []


def test_the_items_side_answers_a_waiting_interest_rather_than_closing_it(world: World) -> None:
    """Closed unanswered, it would never count as answered in the outcomes (EOI -> answer)
    and the sender would get no decline reason; the sender and the staff may still close."""
    owners_try = eoi_in(State.SENT, world.need, world.interested_org)
    with pytest.raises(PermissionDenied, match="accepted or declined"):
        services.close_interest(world.owner, owners_try, "Non ci interessa.")
    assert services.close_interest(world.interested, owners_try, "Ritiriamo.").state == State.CLOSED
