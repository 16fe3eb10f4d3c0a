"""Every change of state of events: registrations and the waiting list, check-in, meeting
requests and availability, schedule runs and their publication, meeting outcomes.

Each function checks who may act (through the selectors), validates, runs in a transaction
and writes the audit log; views, the admin and the demo loader all call these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ponte.accounts.selectors import viewer_for
from ponte.accounts.services import log_action
from ponte.events import planning
from ponte.events.constants import (
    MAX_REQUEST_NOTE,
    MAX_TIME_LIMIT,
    EventStatus,
    Priority,
    RegistrationStatus,
    RequestStatus,
)
from ponte.events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from ponte.events.scheduler import Meeting as SolverMeeting
from ponte.events.scheduler import check, solve
from ponte.events.selectors import (
    build_instance,
    is_event_staff,
    participant_key,
    places_left,
    registration_is_open,
    request_between,
    requests_are_open,
    waiting_list,
)
from ponte.members.models import Organisation
from ponte.notifications.models import NotificationKind
from ponte.transfer.models import ExpressionOfInterest, InnovationNeed, TechnologyOffer

LIVE_REQUESTS = (RequestStatus.PENDING, RequestStatus.ACCEPTED)

MSG_MEETING_REQUESTED = gettext_noop(
    "%(person)s (%(organisation)s) asks you for a B2B meeting at “%(event)s”."
)
MSG_MEETING_ACCEPTED = gettext_noop(
    "%(person)s (%(organisation)s) accepted your request for a B2B meeting at “%(event)s”."
)
MSG_MEETING_DECLINED = gettext_noop(
    "%(person)s (%(organisation)s) declined your request for a B2B meeting at “%(event)s”."
)
MSG_PLACE_CONFIRMED = gettext_noop(
    "A place freed up at “%(event)s”: you are off the waiting list and your registration is "
    "confirmed."
)
MSG_AGENDA_PUBLISHED = gettext_noop("Your B2B agenda for “%(event)s” is published.")
MSG_EVENT_CANCELLED = gettext_noop(
    "“%(event)s” has been cancelled: your registration and your B2B meetings are called off."
)
MSG_AGENDA_CHANGED = gettext_noop(
    "Your B2B agenda for “%(event)s” has changed: check the times and tables of your meetings."
)


def _event_title(event: Event) -> Any:
    """The event's title, lazily: each recipient reads it in their own language."""
    return lazy(event.tr, str)("title")


def _notify(
    registrations: Iterable[Registration],
    kind: str,
    msgid: str,
    params: dict[str, Any],
    *,
    url: str,
    target: Any,
    actor: Any = None,
) -> None:
    """Tell the people behind `registrations` (after commit, through `notify`)."""
    from ponte.notifications.services import notify

    notify(
        [registration.person.user for registration in registrations],
        kind,
        message=(msgid, params),
        url=url,
        target=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _tell_about_request(
    request: MeetingRequest, side: Registration, kind: str, msgid: str, actor: Any
) -> None:
    """Tell the other side of `request` that `side` asked or answered."""
    other = request.other_side(side.pk)
    _notify(
        [other],
        kind,
        msgid,
        {
            "person": side.person.full_name,
            "organisation": side.organisation.name,
            "event": _event_title(request.event),
        },
        url=reverse("events:requests", args=[request.event.slug]),
        target=request,
        actor=actor,
    )


def _locked_event(event: Event) -> Event:
    """The event row locked for the transaction, so places are counted one at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _own(user: Any, registration: Registration) -> None:
    viewer = viewer_for(user)
    if viewer.person_id is None or registration.person_id != viewer.person_id:
        raise PermissionDenied(_("This is not your registration."))


def _staff(user: Any, event: Event) -> None:
    if not is_event_staff(user, event):
        raise PermissionDenied(_("Only the cluster's staff can do this."))


def _priority(value: int, field: str) -> int:
    if value not in Priority.values:
        raise ValidationError({field: _("Priority: choose 1, 2 or 3.")})
    return int(value)


def _profile_items(
    organisation: Organisation,
    offers: Iterable[TechnologyOffer],
    needs: Iterable[InnovationNeed],
) -> tuple[list[TechnologyOffer], list[InnovationNeed]]:
    offers, needs = list(offers), list(needs)
    if any(item.organisation_id != organisation.pk for item in [*offers, *needs]):
        raise ValidationError(
            {"offers": _("Offers and needs: only your own organisation's can be linked.")}
        )
    return offers, needs


# --- Events -------------------------------------------------------------------------------


@transaction.atomic
def save_event(user: Any, event: Event) -> Event:
    """Create or change an event (the admin's form calls this): validated, audited; a raised
    capacity fills the new places from the waiting list, and a cancellation is told to
    everyone registered or waiting."""
    _staff(user, event)
    event.full_clean()
    created = event.pk is None
    # The stored status read under the row's lock: two staff cancelling at once tell once.
    was = None if created else _locked_event(event).status
    event.save()
    log_action(user, "event.created" if created else "event.changed", event)
    locked = _locked_event(event)
    _promote(user, locked)
    if was is not None and EventStatus.CANCELLED in (was, locked.status) and was != locked.status:
        # Counted by the calendar files' SEQUENCE (`selectors.calendar_sequence`).
        log_action(user, "event.cancelled" if locked.is_cancelled else "event.reinstated", locked)
    if locked.is_cancelled and was not in (None, EventStatus.CANCELLED):
        _notify(
            locked.registrations.filter(
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
            ).select_related("person__user"),
            NotificationKind.EVENT_CANCELLED,
            MSG_EVENT_CANCELLED,
            {"event": _event_title(locked)},
            url=locked.get_absolute_url(),
            target=locked,
            actor=user,
        )
    return event


# --- Registration and the waiting list ----------------------------------------------------


@transaction.atomic
def register(
    user: Any,
    event: Event,
    *,
    organisation: Organisation,
    offering: str = "",
    looking_for: str = "",
    offers: Iterable[TechnologyOffer] = (),
    needs: Iterable[InnovationNeed] = (),
) -> Registration:
    """`user` registers for `event` on behalf of one of their organisations, with their B2B
    profile. A place if one is left, the waiting list otherwise; registering again after
    cancelling starts afresh at the end of the queue."""
    viewer = viewer_for(user)
    if viewer.person_id is None or not viewer.belongs_to(organisation.pk):
        raise PermissionDenied(_("You can only register for your own organisation."))
    event = _locked_event(event)
    if not registration_is_open(event):
        raise ValidationError(_("Registration for this event is not open."))
    offer_list, need_list = _profile_items(organisation, offers, needs)
    now = timezone.now()
    registration = Registration.objects.filter(event=event, person_id=viewer.person_id).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_("You are already registered for this event."))
    # A place freed without anybody promoted (a registration cancelled or removed in the
    # admin) goes to the waiting list first, never to a newcomer ahead of it. Nobody's act
    # (the newcomer did not promote anyone): the audit log records no actor.
    _promote(None, event)
    has_place = places_left(event) != 0
    values = {
        "organisation": organisation,
        "offering": offering.strip(),
        "looking_for": looking_for.strip(),
        "status": RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITING,
        "registered_at": now,
        "confirmed_at": now if has_place else None,
        "cancelled_at": None,
        "checked_in_at": None,
        "checked_in_by": None,
        "available_slots": None,
    }
    if registration is None:
        registration = Registration.objects.create(
            event=event, person_id=viewer.person_id, **values
        )
    else:
        for name, value in values.items():
            setattr(registration, name, value)
        registration.save()
    registration.offers.set(offer_list)
    registration.needs.set(need_list)
    log_action(user, "event.registered", registration, status=registration.status)
    return registration


@transaction.atomic
def update_profile(
    user: Any,
    registration: Registration,
    *,
    offering: str,
    looking_for: str,
    offers: Iterable[TechnologyOffer] = (),
    needs: Iterable[InnovationNeed] = (),
) -> Registration:
    """A participant rewrites what they offer and look for, and the items they link."""
    _own(user, registration)
    offer_list, need_list = _profile_items(registration.organisation, offers, needs)
    registration.offering = offering.strip()
    registration.looking_for = looking_for.strip()
    registration.save(update_fields=["offering", "looking_for"])
    registration.offers.set(offer_list)
    registration.needs.set(need_list)
    log_action(user, "event.profile_updated", registration)
    return registration


def _withdraw_requests_of(user: Any, registration: Registration) -> int:
    ids = list(
        MeetingRequest.objects.filter(
            Q(requester=registration) | Q(recipient=registration), status__in=LIVE_REQUESTS
        ).values_list("pk", flat=True)
    )
    Meeting.objects.filter(request_id__in=ids).delete()
    MeetingRequest.objects.filter(pk__in=ids).update(
        status=RequestStatus.WITHDRAWN, answered_at=timezone.now()
    )
    return len(ids)


def _promote(actor: Any, event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served; none at a draft or
    cancelled event (whatever frees the place: a cancellation, a raised capacity)."""
    if not event.is_published:
        return []
    promoted = []
    left = places_left(event)
    for registration in waiting_list(event).select_for_update():
        if left is not None and left <= 0:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        log_action(actor, "event.promoted_from_waiting_list", registration)
        promoted.append(registration)
        if left is not None:
            left -= 1
    for registration in promoted:  # nobody's action in particular: no actor is shown
        _notify(
            [registration],
            NotificationKind.EVENT_PLACE_CONFIRMED,
            MSG_PLACE_CONFIRMED,
            {"event": _event_title(event)},
            url=event.get_absolute_url(),
            target=registration,
        )
    return promoted


@transaction.atomic
def promote_waiting(actor: Any, event: Event) -> list[Registration]:
    """After the staff raise the capacity: fill the new places from the waiting list."""
    return _promote(actor, _locked_event(event))


@transaction.atomic
def cancel_registration(user: Any, registration: Registration) -> list[Registration]:
    """The participant (or the cluster's staff) cancels; their meeting requests are
    withdrawn and their published meetings removed, and a freed place goes to the first on
    the waiting list. Returns who was promoted."""
    event = _locked_event(registration.event)
    if not is_event_staff(user, event):
        _own(user, registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    if event.has_started:
        # Cancelling would delete meetings that took place, with their recorded outcomes,
        # and offer a place nobody can take any more.
        raise ValidationError(_("The event has started: registrations can no longer be cancelled."))
    had_place = registration.is_confirmed
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.checked_in_at = None
    registration.save(update_fields=["status", "cancelled_at", "checked_in_at"])
    withdrawn = _withdraw_requests_of(user, registration)
    log_action(user, "event.registration_cancelled", registration, requests_withdrawn=withdrawn)
    return _promote(user, event) if had_place else []


@transaction.atomic
def check_in(user: Any, registration: Registration) -> Registration:
    """The staff at the desk mark a confirmed participant as arrived (once)."""
    _staff(user, registration.event)
    if registration.event.is_cancelled:
        raise ValidationError(_("This event has been cancelled: nobody checks in."))
    if not registration.is_confirmed:
        raise ValidationError(_("Only registered participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = user
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        log_action(user, "event.checked_in", registration)
    return registration


@transaction.atomic
def undo_check_in(user: Any, registration: Registration) -> Registration:
    _staff(user, registration.event)
    if registration.checked_in_at is not None:
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        log_action(user, "event.check_in_undone", registration)
    return registration


# --- Meeting requests and availability ----------------------------------------------------


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Note: say briefly what you would like to discuss.")})
    if len(note) > MAX_REQUEST_NOTE:
        raise ValidationError(
            {"note": _("Note: at most %(max)d characters, please.") % {"max": MAX_REQUEST_NOTE}}
        )
    return note


@transaction.atomic
def request_meeting(
    user: Any,
    requester: Registration,
    recipient: Registration,
    *,
    note: str,
    priority: int = Priority.NICE,
) -> MeetingRequest:
    """`user`, a confirmed participant, asks another for a B2B meeting."""
    _own(user, requester)
    event = requester.event
    if not requests_are_open(event):
        raise ValidationError(_("Meeting requests for this event are closed."))
    if recipient.event_id != event.pk:
        raise ValidationError(_("This participant is not at the same event."))
    if not (requester.is_confirmed and recipient.is_confirmed):
        raise ValidationError(_("Meetings are only between registered participants."))
    if recipient.pk == requester.pk or recipient.organisation_id == requester.organisation_id:
        raise ValidationError(_("You cannot ask your own organisation for a meeting."))
    priority = _priority(priority, "priority")
    text = _check_note(note)
    # Both registrations locked, in one order: two people asking each other at the same
    # moment are one after the other, and the second sees the first's request.
    list(
        Registration.objects.select_for_update()
        .filter(pk__in=[requester.pk, recipient.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    existing = request_between(requester, recipient)
    if existing is not None:
        if existing.requester_id == recipient.pk and existing.status == RequestStatus.PENDING:
            raise ValidationError(
                _("%(person)s has already asked you for a meeting: answer their request.")
                % {"person": recipient.person.full_name}
            )
        raise ValidationError(_("There is already a meeting request between you two."))
    request = MeetingRequest.objects.filter(requester=requester, recipient=recipient).first()
    if request is not None and request.status == RequestStatus.DECLINED:
        raise ValidationError(_("This participant has declined your request."))
    values = {
        "event": event,
        "note": text,
        "requester_priority": priority,
        "recipient_priority": None,
        "status": RequestStatus.PENDING,
        "created": timezone.now(),
        "answered_at": None,
    }
    if request is None:
        request = MeetingRequest.objects.create(requester=requester, recipient=recipient, **values)
    else:
        MeetingRequest.objects.filter(pk=request.pk).update(**values)
        request.refresh_from_db()
    log_action(user, "event.meeting_requested", request, priority=priority)
    _tell_about_request(
        request, requester, NotificationKind.MEETING_REQUESTED, MSG_MEETING_REQUESTED, user
    )
    return request


def _answerable(user: Any, request: MeetingRequest) -> None:
    _own(user, request.recipient)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if not requests_are_open(request.event):
        raise ValidationError(_("Meeting requests for this event are closed."))


@transaction.atomic
def accept_request(user: Any, request: MeetingRequest, *, priority: int) -> MeetingRequest:
    """The recipient accepts, with their own priority; the scheduler will place it."""
    _answerable(user, request)
    request.recipient_priority = _priority(priority, "priority")
    request.status = RequestStatus.ACCEPTED
    request.answered_at = timezone.now()
    request.save(update_fields=["recipient_priority", "status", "answered_at"])
    log_action(user, "event.meeting_accepted", request, priority=request.recipient_priority)
    _tell_about_request(
        request, request.recipient, NotificationKind.MEETING_ANSWERED, MSG_MEETING_ACCEPTED, user
    )
    return request


@transaction.atomic
def decline_request(user: Any, request: MeetingRequest) -> MeetingRequest:
    _answerable(user, request)
    request.status = RequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    log_action(user, "event.meeting_declined", request)
    _tell_about_request(
        request, request.recipient, NotificationKind.MEETING_ANSWERED, MSG_MEETING_DECLINED, user
    )
    return request


@transaction.atomic
def withdraw_request(user: Any, request: MeetingRequest) -> MeetingRequest:
    """The requester withdraws a pending request; either side calls off an accepted one
    (its published meeting, if any, is removed; re-optimising fills the gap)."""
    viewer = viewer_for(user)
    sides = {request.requester.person_id, request.recipient.person_id}
    if request.status == RequestStatus.PENDING:
        _own(user, request.requester)
    elif request.status == RequestStatus.ACCEPTED:
        if viewer.person_id not in sides:
            raise PermissionDenied(_("This is not your meeting request."))
    else:
        raise ValidationError(_("This request is no longer open."))
    if not requests_are_open(request.event):
        # After the event the meeting and its recorded outcome are history, not plans.
        raise ValidationError(_("Meeting requests for this event are closed."))
    meeting = Meeting.objects.filter(request=request).select_related("event").first()
    if meeting is not None and (meeting.starts_at <= timezone.now() or meeting.outcomes.exists()):
        # During the event too: a meeting that has begun is history, with what was recorded.
        raise ValidationError(
            _("This meeting has already started: it can no longer be called off.")
        )
    if meeting is not None:
        meeting.delete()
    request.status = RequestStatus.WITHDRAWN
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    log_action(user, "event.meeting_withdrawn", request)
    return request


@transaction.atomic
def set_availability(user: Any, registration: Registration, slots: Iterable[int]) -> Registration:
    """The slots (from 0) the participant can attend; breaks are never among them."""
    _own(user, registration)
    event = registration.event
    meeting_slots = event.meeting_slots
    chosen = sorted({int(s) for s in slots})
    if any(s not in meeting_slots for s in chosen):
        raise ValidationError({"slots": _("Slots: choose among the event's meeting slots.")})
    registration.available_slots = None if chosen == meeting_slots else chosen
    registration.save(update_fields=["available_slots"])
    log_action(user, "event.availability_set", registration, slots=len(chosen))
    return registration


# --- Scheduling ---------------------------------------------------------------------------


def run_schedule(
    user: Any, event: Event, *, time_limit: float = 10.0, keep_published: bool = True
) -> ScheduleRun:
    """Solve the event's scheduling problem and keep the result as a run to review and
    publish. With `keep_published`, the published meetings are passed to the solver as
    fixed, so re-optimising after late changes moves as few of them as possible."""
    _staff(user, event)
    _refuse_scheduling(event)
    if not event.has_b2b:
        raise ValidationError(
            _("This event has no B2B session: set the first meeting time, slots and tables.")
        )
    if not 0 < time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {
                "time_limit": _("Time limit: between 1 and %(max)d seconds.")
                % {"max": MAX_TIME_LIMIT}
            }
        )
    planned = build_instance(event, keep_published=keep_published)
    solution = solve(planned.instance, time_limit=time_limit)
    violations = check(planned.instance, solution.meetings)
    if violations:  # the solver broke its contract: never show or publish such a schedule
        raise RuntimeError("; ".join(violations))
    by_pair: dict[frozenset[str], MeetingRequest] = {}
    for request in planned.requests.values():
        key = planning.pair(
            participant_key(request.requester_id), participant_key(request.recipient_id)
        )
        if key not in by_pair or request.priority > by_pair[key].priority:
            by_pair[key] = request
    placed = {
        str(by_pair[planning.pair(m.a, m.b)].pk): (m.slot, m.table) for m in solution.meetings
    }
    published = {str(m.request_id): (m.slot, m.table) for m in event.meetings.all()}
    reasons = planning.explain_unscheduled(planned.instance, solution.meetings)
    run = ScheduleRun.objects.create(
        event=event,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        status=solution.status,
        method=solution.method,
        time_limit=time_limit,
        seconds=round(solution.seconds, 3),
        objective=solution.objective,
        bound=solution.bound,
        accepted=len(planned.requests),
        scheduled=len(solution.meetings),
        kept_fixed=solution.kept_fixed,
        fixed=len(planned.instance.fixed),
        result={
            # Every accepted request the run was computed for: publishing checks that no
            # request has been accepted since, or its meeting would be silently left out.
            "requests": sorted(int(rid) for rid in planned.requests),
            "meetings": [
                {"request": int(rid), "slot": slot, "table": table}
                for rid, (slot, table) in sorted(placed.items(), key=lambda kv: kv[1])
            ],
            "unscheduled": {
                rid: reason for rid, reason in reasons.items() if rid in planned.requests
            },
            # Changes matter only against a schedule participants have already seen.
            "moves": [
                {"request": int(m.request), "before": m.before, "after": m.after, "kind": m.kind}
                for m in (planning.moves(published, placed) if published else [])
            ],
        },
    )
    log_action(
        user,
        "event.schedule_run",
        run,
        status=run.status,
        objective=run.objective,
        bound=run.bound,
        scheduled=run.scheduled,
        accepted=run.accepted,
    )
    return run


@transaction.atomic
def publish_schedule(user: Any, run: ScheduleRun) -> list[Meeting]:
    """Make the run's meetings the event's agenda. Meetings kept in place keep their rows
    (and outcomes); moved ones are re-created; dropped ones are removed. A run made before
    the requests changed is refused: run again."""
    event = _locked_event(run.event)
    _staff(user, event)
    _refuse_scheduling(event)
    # Read again under the event's lock: two clicks on Publish each hold a copy of the run
    # loaded before it, and the second must see that the first published it.
    run = ScheduleRun.objects.get(pk=run.pk)
    if run.published_at is not None:
        raise ValidationError(_("This schedule is already published."))
    wanted = {
        int(m["request"]): (int(m["slot"]), int(m["table"])) for m in run.result.get("meetings", [])
    }
    planned = build_instance(event, keep_published=False)
    considered = {str(rid) for rid in run.result.get("requests", [])} or {
        *(str(rid) for rid in wanted),
        *run.result.get("unscheduled", {}),
    }
    if not {str(rid) for rid in wanted} <= set(planned.requests) or (
        set(planned.requests) - considered
    ):
        # A request withdrawn since, or one accepted since (its meeting, maybe published by a
        # later run, would be dropped without anyone deciding it).
        raise ValidationError(
            _("Meeting requests changed since this schedule was computed: run the scheduler again.")
        )
    # Availability, slots, breaks or tables may have changed since the run, too: publish only
    # a schedule that still keeps every rule.
    proposed = [
        SolverMeeting(
            participant_key(planned.requests[str(rid)].requester_id),
            participant_key(planned.requests[str(rid)].recipient_id),
            slot,
            table,
        )
        for rid, (slot, table) in wanted.items()
    ]
    if check(planned.instance, proposed):
        raise ValidationError(
            _(
                "The event or the participants' availability changed since this schedule was "
                "computed: run the scheduler again."
            )
        )
    existing = {m.request_id: m for m in event.meetings.select_for_update()}
    stale = {m.pk for rid, m in existing.items() if wanted.get(rid) != (m.slot, m.table)}
    now = timezone.now()
    if any(m.pk in stale and event.slot_start(m.slot) <= now for m in existing.values()) or (
        MeetingOutcome.objects.filter(meeting_id__in=stale).exists()
    ):
        # Moving or removing a meeting deletes what its participants recorded about it.
        raise ValidationError(
            _(
                "This schedule would move or remove meetings that have already started or whose "
                "outcome has already been recorded: run the scheduler again, keeping the "
                "published meetings."
            )
        )
    Meeting.objects.filter(pk__in=stale).delete()
    kept = {rid for rid, m in existing.items() if m.pk not in stale}
    # Whose agenda changed: both sides of every meeting moved, dropped or added.
    changed = {m.request_id for m in existing.values() if m.pk in stale} | (set(wanted) - kept)
    Meeting.objects.bulk_create(
        Meeting(event=event, request_id=rid, slot=slot, table=table, run=run)
        for rid, (slot, table) in wanted.items()
        if rid not in kept
    )
    first = not event.schedule_runs.filter(published_at__isnull=False).exists()
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    log_action(
        user,
        "event.schedule_published",
        run,
        meetings=len(wanted),
        kept=len(kept),
        removed=len(stale),
    )
    _tell_about_agenda(user, event, changed, first=first)
    return list(event.meetings.order_by("slot", "table"))


def _tell_about_agenda(user: Any, event: Event, request_ids: set[int], *, first: bool) -> None:
    """Tell the participants of the changed meetings that their agenda is out or changed."""
    sides: dict[int, Registration] = {}
    for request in MeetingRequest.objects.filter(pk__in=request_ids).select_related(
        "requester__person__user", "recipient__person__user"
    ):
        for side in (request.requester, request.recipient):
            sides.setdefault(side.pk, side)
    participants = sorted(sides.values(), key=lambda registration: registration.pk)
    _notify(
        participants,
        NotificationKind.AGENDA_PUBLISHED,
        MSG_AGENDA_PUBLISHED if first else MSG_AGENDA_CHANGED,
        {"event": _event_title(event)},
        url=reverse("events:agenda", args=[event.slug]),
        target=event,
        actor=user,
    )


# --- After the event ----------------------------------------------------------------------


def _side_of(user: Any, meeting: Meeting) -> Registration:
    viewer = viewer_for(user)
    for side in (meeting.request.requester, meeting.request.recipient):
        if viewer.person_id is not None and side.person_id == viewer.person_id:
            return side
    raise PermissionDenied(_("This is not your meeting."))


def _refuse_scheduling(event: Event) -> None:
    if event.is_cancelled:
        raise ValidationError(
            _("This event has been cancelled: there are no meetings to schedule or publish.")
        )


def _check_on(event: Event) -> None:
    """Meetings of a cancelled (or unpublished) event did not take place: nothing to record."""
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled: its meetings did not take place."))
    if not event.is_published:
        raise ValidationError(_("This event is not published yet."))


@transaction.atomic
def record_outcome(
    user: Any,
    meeting: Meeting,
    *,
    happened: bool,
    follow_up: bool = False,
    note: str = "",
    at: datetime.datetime | None = None,
) -> MeetingOutcome:
    """One side says whether the meeting took place and whether it leads to a follow-up;
    possible once the meeting's time has come, and changeable later."""
    side = _side_of(user, meeting)
    _check_on(meeting.event)
    moment = at or timezone.now()
    if moment < meeting.starts_at:
        raise ValidationError(_("You can record how a meeting went once it has started."))
    if len(note or "") > MAX_REQUEST_NOTE:
        raise ValidationError(
            {"note": _("Note: at most %(max)d characters, please.") % {"max": MAX_REQUEST_NOTE}}
        )
    recorded = MeetingOutcome.objects.filter(meeting=meeting, registration=side).first()
    if recorded is not None and recorded.interest_id is not None and not (happened and follow_up):
        # The expression of interest it became says the meeting took place and led somewhere.
        raise ValidationError(
            _(
                "This follow-up is already an expression of interest: the meeting stays "
                "recorded as held, with a follow-up."
            )
        )
    outcome, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        registration=side,
        defaults={
            "happened": happened,
            "follow_up": bool(happened and follow_up),
            "note": (note or "").strip(),
            "recorded_at": moment,
            "recorded_by": user,
        },
    )
    log_action(
        user, "event.meeting_outcome", meeting, happened=happened, follow_up=outcome.follow_up
    )
    return outcome


@transaction.atomic
def follow_up_with_interest(
    user: Any,
    outcome: MeetingOutcome,
    item: TechnologyOffer | InnovationNeed,
    *,
    message: str,
) -> ExpressionOfInterest:
    """A follow-up becomes an expression of interest in one of the partner's offers or
    needs, in the transfer workflow (`transfer.services_interest.express_interest`)."""
    from ponte.transfer.services_interest import express_interest

    side = _side_of(user, outcome.meeting)
    _check_on(outcome.meeting.event)
    if outcome.registration_id != side.pk or not outcome.follow_up:
        raise ValidationError(_("Record first that this meeting leads to a follow-up."))
    if outcome.interest_id is not None:
        raise ValidationError(_("This follow-up is already an expression of interest."))
    partner = outcome.meeting.request.other_side(side.pk)
    if item.organisation_id != partner.organisation_id:
        raise ValidationError({"item": _("Item: choose one of your partner's offers or needs.")})
    interest = express_interest(user, item, organisation=side.organisation, message=message)
    outcome.interest = interest
    outcome.save(update_fields=["interest"])
    log_action(user, "event.follow_up_interest", outcome.meeting, interest=interest.pk)
    return interest
