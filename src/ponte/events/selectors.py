"""Reads of events, already filtered by what the viewer may see.

- Events: published ones for everybody; drafts and cancelled ones for their cluster's staff.
- Participants, their profiles and the catalogue: the event's confirmed participants and its
  cluster's staff (`can_see_participants`).
- Meeting requests: the two sides only (`requests_of`).
- Agendas: one's own; the cluster's staff every participant's (`can_see_agenda`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.accounts.selectors import viewer_for
from ponte.events.constants import EventStatus, RegistrationStatus, RequestStatus
from ponte.events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from ponte.events.scheduler import Instance, Participant
from ponte.events.scheduler import Meeting as SolverMeeting
from ponte.events.scheduler import MeetingRequest as SolverRequest
from ponte.members.models import Organisation
from ponte.transfer.models import InnovationNeed, TechnologyOffer
from ponte.transfer.selectors import live, visible_needs, visible_offers

# --- Events -------------------------------------------------------------------------------


def visible_events(user: Any) -> QuerySet[Event]:
    viewer = viewer_for(user)
    qs = Event.objects.select_related("cluster")
    if viewer.is_superuser:
        return qs
    # A cancelled event stays on view, marked as such (its registration and requests are
    # closed): the people registered, and links in their e-mails and calendars, find out
    # why instead of a page that no longer exists. Drafts are the staff's.
    rule = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if viewer.staff_cluster_ids:
        rule |= Q(cluster_id__in=viewer.staff_cluster_ids)
    return qs.filter(rule)


def upcoming_and_past(user: Any) -> tuple[list[Any], list[Any]]:
    """Visible events not over yet (soonest first) and those over (latest first)."""
    today = timezone.localdate()
    events = visible_events(user).annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    )
    upcoming = list(events.filter(date__gte=today).order_by("date", "start_time", "pk"))
    past = list(events.filter(date__lt=today).order_by("-date", "-start_time", "-pk"))
    return upcoming, past


def event_for(user: Any, slug: str) -> Event:
    """The event `user` may see, or 404."""
    event = visible_events(user).filter(slug=slug).first()
    if event is None:
        raise Http404(_("No such event."))
    return event


def is_event_staff(user: Any, event: Event) -> bool:
    return viewer_for(user).is_staff_of(event.cluster_id)


def staffed_event(user: Any, slug: str) -> Event:
    """The event, for its cluster's staff only (404 for everybody else)."""
    event = event_for(user, slug)
    if not is_event_staff(user, event):
        raise Http404(_("No such event."))
    return event


# --- Registrations ------------------------------------------------------------------------


def own_registration(user: Any, event: Event) -> Registration | None:
    """The user's registration (in any state) for the event, if any."""
    viewer = viewer_for(user)
    if viewer.person_id is None:
        return None
    return (
        Registration.objects.select_related("organisation", "person")
        .filter(event=event, person_id=viewer.person_id)
        .first()
    )


def participant_of(user: Any, event: Event) -> Registration | None:
    """The user's confirmed registration: what lets them meet other participants."""
    registration = own_registration(user, event)
    return registration if registration is not None and registration.is_confirmed else None


def can_see_participants(user: Any, event: Event) -> bool:
    return is_event_staff(user, event) or participant_of(user, event) is not None


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def places_left(event: Event) -> int | None:
    """Free places, or None when the event has no capacity limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - confirmed_count(event))


def waiting_list(event: Event) -> QuerySet[Registration]:
    """Who is waiting, first come first promoted."""
    return event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "registered_at", "pk"
    )


def waiting_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = waiting_list(registration.event).filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registration_is_open(event: Event) -> bool:
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return False
    if event.registration_opens and now < event.registration_opens:
        return False
    return now < event.registration_deadline


def can_register(user: Any, event: Event) -> bool:
    viewer = viewer_for(user)
    if not viewer.is_authenticated or viewer.person_id is None or not viewer.organisation_ids:
        return False
    current = own_registration(user, event)
    if current is not None and current.status != RegistrationStatus.CANCELLED:
        return False
    return registration_is_open(event)


def requests_are_open(event: Event) -> bool:
    """Participants may ask for and answer meetings until the event is over."""
    return event.status == EventStatus.PUBLISHED and event.has_b2b and not event.is_over


def with_profile(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    return qs.select_related("person", "organisation").prefetch_related(
        Prefetch("offers", queryset=TechnologyOffer.objects.only("pk", "title")),
        Prefetch("needs", queryset=InnovationNeed.objects.only("pk", "title")),
    )


def visible_participants(user: Any, event: Event) -> QuerySet[Registration]:
    """The event's confirmed participants, for who may see them; nobody otherwise."""
    if not can_see_participants(user, event):
        return Registration.objects.none()
    return with_profile(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by(
            "organisation__name", "person__last_name", "pk"
        )
    )


def search_participants(
    qs: QuerySet[Registration], text: str = "", kind: str = ""
) -> QuerySet[Registration]:
    """Plain filters of the catalogue: words in names and profiles, organisation kind."""
    for word in text.split()[:8]:
        qs = qs.filter(
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(offering__icontains=word)
            | Q(looking_for__icontains=word)
        )
    if kind:
        qs = qs.filter(organisation__kind=kind)
    return qs


def profile_items(
    user: Any, organisation: Organisation
) -> tuple[QuerySet[TechnologyOffer], QuerySet[InnovationNeed]]:
    """The organisation's open offers and needs `user` may see, to link from a profile."""
    return (
        live(visible_offers(user).filter(organisation=organisation)).order_by("title"),
        live(visible_needs(user).filter(organisation=organisation)).order_by("title"),
    )


def visible_profile_items(
    user: Any, registration: Registration
) -> tuple[list[TechnologyOffer], list[InnovationNeed]]:
    """The offers and needs linked to a profile, only those `user` may see."""
    offers = set(visible_offers(user).values_list("pk", flat=True))
    needs = set(visible_needs(user).values_list("pk", flat=True))
    return (
        [o for o in registration.offers.all() if o.pk in offers],
        [n for n in registration.needs.all() if n.pk in needs],
    )


@dataclass
class SuggestedParticipant:
    registration: Registration
    why: list[str] = field(default_factory=list)


def suggested_participants(
    user: Any, event: Event, registration: Registration, top: int = 8
) -> list[SuggestedParticipant]:
    """Participants whose organisations the matching engine ranks best for what
    `registration` looks for (its text and linked needs; what it offers when it says nothing
    of what it looks for), among the organisations the viewer may see."""
    from ponte.matching import selectors as matching
    from ponte.matching.documents import make_key

    wanted = [registration.looking_for, *(n.title for n in registration.needs.all())]
    offered = [registration.offering, *(o.title for o in registration.offers.all())]
    text = " ".join(p for p in wanted if p).strip() or " ".join(p for p in offered if p).strip()
    if not text:
        return []
    others = {
        r.organisation_id: r
        for r in visible_participants(user, event).exclude(
            organisation_id=registration.organisation_id
        )
    }
    if not others:
        return []
    results = matching.search(user, text, kinds=("org",), top=matching.MAX_TOP)
    suggestions: list[SuggestedParticipant] = []
    for result in results:
        for org_id, other in others.items():
            if result.key == make_key("org", org_id):
                suggestions.append(SuggestedParticipant(other, matching.describe(result.reasons)))
        if len(suggestions) >= top:
            break
    return suggestions


# --- Meeting requests ---------------------------------------------------------------------


def requests_of(registration: Registration) -> QuerySet[MeetingRequest]:
    """Every request sent or received by `registration`: only the two sides see a request."""
    return MeetingRequest.objects.filter(
        Q(requester=registration) | Q(recipient=registration)
    ).select_related(
        "requester__person",
        "requester__organisation",
        "recipient__person",
        "recipient__organisation",
        "meeting",
    )


def visible_request(user: Any, pk: int) -> MeetingRequest:
    """A request the user is a side of, or 404."""
    viewer = viewer_for(user)
    request = (
        MeetingRequest.objects.select_related(
            "event__cluster", "requester__person", "recipient__person"
        )
        .filter(pk=pk)
        .filter(Q(requester__person_id=viewer.person_id) | Q(recipient__person_id=viewer.person_id))
        .first()
        if viewer.person_id is not None
        else None
    )
    if request is None:
        raise Http404(_("No such meeting request."))
    return request


def request_between(a: Registration, b: Registration) -> MeetingRequest | None:
    """The live (pending or accepted) request between two participants, either direction."""
    return (
        MeetingRequest.objects.filter(
            Q(requester=a, recipient=b) | Q(requester=b, recipient=a),
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        )
        .order_by("pk")
        .first()
    )


def request_priority(request: MeetingRequest) -> int:
    """The weight of an accepted request for the scheduler: the higher of the two sides'
    priorities (the requester's alone while the recipient has given none). A meeting one
    side finds essential is essential to hold."""
    return request.priority


# --- Scheduling ---------------------------------------------------------------------------


def participant_key(registration_id: int) -> str:
    return f"r{registration_id}"


def registration_id_of(key: str) -> int:
    return int(key[1:])


def schedulable_requests(event: Event) -> QuerySet[MeetingRequest]:
    """Accepted requests between two confirmed participants: what the scheduler places."""
    return (
        event.meeting_requests.filter(
            status=RequestStatus.ACCEPTED,
            requester__status=RegistrationStatus.CONFIRMED,
            recipient__status=RegistrationStatus.CONFIRMED,
        )
        .select_related(
            "requester__person",
            "requester__organisation",
            "recipient__person",
            "recipient__organisation",
        )
        .order_by("created", "pk")
    )


@dataclass
class PlanningInput:
    """The scheduler's `Instance` of an event, with the records behind its ids."""

    instance: Instance
    requests: dict[str, MeetingRequest]  # by solver request id (the request's pk)
    registrations: dict[str, Registration]  # by solver participant id
    published: dict[str, Meeting]  # published meetings still wanted, by request id


def build_instance(event: Event, *, keep_published: bool = True) -> PlanningInput:
    """The event as a scheduling problem: slots (breaks made unavailable to everybody),
    tables, confirmed participants with accepted requests and their availability, accepted
    requests weighted by `request_priority`, and the published meetings to keep (`fixed`)."""
    requests = list(schedulable_requests(event))
    registrations: dict[str, Registration] = {}
    for request in requests:
        for side in (request.requester, request.recipient):
            registrations.setdefault(participant_key(side.pk), side)
    participants = tuple(
        Participant(id=key, available=frozenset(reg.available_in(event)))
        for key, reg in sorted(registrations.items(), key=lambda kv: kv[1].pk)
    )
    solver_requests = tuple(
        SolverRequest(
            a=participant_key(r.requester_id),
            b=participant_key(r.recipient_id),
            priority=request_priority(r),
            id=str(r.pk),
        )
        for r in requests
    )
    by_id = {str(r.pk): r for r in requests}
    published: dict[str, Meeting] = {}
    if keep_published:
        published = {
            str(m.request_id): m
            for m in event.meetings.filter(request_id__in=[r.pk for r in requests])
        }
    fixed = tuple(
        SolverMeeting(
            a=participant_key(by_id[rid].requester_id),
            b=participant_key(by_id[rid].recipient_id),
            slot=m.slot,
            table=m.table,
        )
        for rid, m in sorted(published.items(), key=lambda kv: int(kv[0]))
    )
    instance = Instance(
        slots=event.slot_count,
        tables=event.b2b_tables,
        participants=participants,
        requests=solver_requests,
        fixed=fixed,
    )
    return PlanningInput(instance, by_id, registrations, published)


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.select_related("created_by").order_by("-created", "-pk").first()


def published_run(event: Event) -> ScheduleRun | None:
    return (
        event.schedule_runs.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


# --- Agendas and meetings -----------------------------------------------------------------


def can_see_agenda(user: Any, registration: Registration) -> bool:
    viewer = viewer_for(user)
    return (
        viewer.person_id is not None and registration.person_id == viewer.person_id
    ) or is_event_staff(user, registration.event)


def meetings_of(registration: Registration) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            Q(request__requester=registration) | Q(request__recipient=registration)
        )
        .select_related(
            "event",
            "request__requester__person",
            "request__requester__organisation",
            "request__recipient__person",
            "request__recipient__organisation",
        )
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=MeetingOutcome.objects.filter(registration=registration).select_related(
                    "interest"
                ),
                to_attr="own_outcomes",
            )
        )
        .order_by("slot", "table")
    )


@dataclass(frozen=True)
class DroppedMeeting:
    """A meeting an earlier publication placed and the current one no longer holds, where it
    last was: calendars that imported it are told it is cancelled."""

    request: MeetingRequest
    slot: int
    table: int


def dropped_meetings(
    event: Event, registration: Registration | None = None
) -> list[DroppedMeeting]:
    """Meetings (of `registration`, or of the whole event) published once and dropped since."""
    last_place: dict[int, tuple[int, int]] = {}
    runs = event.schedule_runs.filter(published_at__isnull=False).order_by("published_at", "pk")
    for result in runs.values_list("result", flat=True):
        for placed in (result or {}).get("meetings", []):
            last_place[int(placed["request"])] = (int(placed["slot"]), int(placed["table"]))
    held = set(event.meetings.values_list("request_id", flat=True))
    wanted = [pk for pk in last_place if pk not in held]
    if not wanted:
        return []
    requests = MeetingRequest.objects.filter(event=event, pk__in=wanted).select_related(
        "requester__person",
        "requester__organisation",
        "recipient__person",
        "recipient__organisation",
    )
    if registration is not None:
        requests = requests.filter(Q(requester=registration) | Q(recipient=registration))
    return [DroppedMeeting(request, *last_place[request.pk]) for request in requests.order_by("pk")]


def event_meetings(event: Event) -> QuerySet[Meeting]:
    return event.meetings.select_related(
        "event",
        "request__requester__person",
        "request__requester__organisation",
        "request__recipient__person",
        "request__recipient__organisation",
    ).order_by("slot", "table")


@dataclass
class AgendaRow:
    """One line of a personal agenda: a meeting, a break or a free slot."""

    slot: int
    starts_at: Any
    ends_at: Any
    meeting: Meeting | None = None
    partner: Registration | None = None
    is_break: bool = False
    outcome: MeetingOutcome | None = None

    @property
    def has_started(self) -> bool:
        """Its outcome may be recorded (`services.record_outcome`) once it has started."""
        return bool(self.starts_at <= timezone.now())


def agenda(registration: Registration) -> list[AgendaRow]:
    event = registration.event
    by_slot = {m.slot: m for m in meetings_of(registration)}
    rows = []
    for slot in range(event.slot_count):
        meeting = by_slot.get(slot)
        partner = meeting.request.other_side(registration.pk) if meeting else None
        outcomes = getattr(meeting, "own_outcomes", []) if meeting else []
        rows.append(
            AgendaRow(
                slot=slot,
                starts_at=event.slot_start(slot),
                ends_at=event.slot_end(slot),
                meeting=meeting,
                partner=partner,
                is_break=slot in event.breaks,
                outcome=outcomes[0] if outcomes else None,
            )
        )
    return rows


def room_plan(event: Event) -> list[tuple[int, Any, bool, list[Meeting | None]]]:
    """(slot, start, is_break, one cell per table) for the staff's room plan."""
    cells: dict[tuple[int, int], Meeting] = {(m.slot, m.table): m for m in event_meetings(event)}
    return [
        (
            slot,
            event.slot_start(slot),
            slot in event.breaks,
            [cells.get((slot, table)) for table in range(event.b2b_tables)],
        )
        for slot in range(event.slot_count)
    ]


def visible_meeting(user: Any, pk: int) -> tuple[Meeting, Registration]:
    """A published meeting the user is a side of, with their own registration, or 404."""
    viewer = viewer_for(user)
    meeting = (
        Meeting.objects.select_related(
            "event__cluster",
            "request__requester__person",
            "request__requester__organisation",
            "request__recipient__person",
            "request__recipient__organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or viewer.person_id is None:
        raise Http404(_("No such meeting."))
    for side in (meeting.request.requester, meeting.request.recipient):
        if side.person_id == viewer.person_id:
            return meeting, side
    raise Http404(_("No such meeting."))


def follow_up_items(user: Any, partner: Registration) -> list[TechnologyOffer | InnovationNeed]:
    """The partner organisation's open offers and needs the user may see and express
    interest in (those linked to the partner's profile first)."""
    offers, needs = profile_items(user, partner.organisation)
    linked = {("offer", o.pk) for o in partner.offers.all()} | {
        ("need", n.pk) for n in partner.needs.all()
    }
    items: list[TechnologyOffer | InnovationNeed] = [*offers, *needs]
    items.sort(
        key=lambda item: (
            (("offer" if isinstance(item, TechnologyOffer) else "need"), item.pk) not in linked,
            item.title,
        )
    )
    return items


def registrations_for_check_in(event: Event, text: str = "") -> QuerySet[Registration]:
    qs = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "person", "organisation", "checked_in_by"
    )
    return search_participants(qs, text).order_by("person__last_name", "person__first_name", "pk")


def per_participant_counts(
    registrations: Iterable[Registration], meetings: Iterable[tuple[str, str]]
) -> list[tuple[Registration, int]]:
    """How many meetings each participant has, fewest first (pairs of participant keys)."""
    counts = {participant_key(r.pk): 0 for r in registrations}
    for a, b in meetings:
        for key in (a, b):
            if key in counts:
                counts[key] += 1
    regs = {participant_key(r.pk): r for r in registrations}
    return sorted(
        ((regs[k], n) for k, n in counts.items()),
        key=lambda rn: (rn[1], rn[0].organisation.name, rn[0].pk),
    )


def calendar_sequence(event: Event) -> int:
    """The SEQUENCE of the event's calendar files: it grows with every publication of the
    schedule and by two with every cancellation or reinstatement of the event (a cancelled
    event's meetings go out one higher still, so a reinstated event's are newer again and
    calendars take them back)."""
    from ponte.accounts.models import AuditLog

    changes = AuditLog.objects.filter(
        object_type=event._meta.label_lower,
        object_id=str(event.pk),
        action__in=["event.cancelled", "event.reinstated"],
    ).count()
    return event.schedule_runs.filter(published_at__isnull=False).count() + 2 * changes
