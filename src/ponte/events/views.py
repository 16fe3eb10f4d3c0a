"""Pages of events: public list and detail; registration, profile and cancellation; the
catalogue of participants and meeting requests; availability; agendas and iCalendar files;
outcomes after the event; and the staff pages (check-in, scheduling, room plan).

Thin: each view parses input, calls a selector or a service, renders. Who may see what is
decided by `selectors`; what may change by `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ponte.accounts.selectors import viewer_for
from ponte.events import ics, selectors, services
from ponte.events.constants import MAX_TIME_LIMIT, RegistrationStatus, RequestStatus
from ponte.events.forms import (
    AcceptForm,
    AvailabilityForm,
    FollowUpForm,
    MeetingRequestForm,
    OutcomeForm,
    ParticipantFilterForm,
    ProfileForm,
    ScheduleForm,
)
from ponte.events.models import Event, MeetingOutcome, MeetingRequest, Registration, ScheduleRun
from ponte.events.planning import NO_COMMON_SLOT
from ponte.members.models import Organisation
from ponte.transfer.selectors import live, visible_needs, visible_offers
from ponte.web.forms import errors_as_text

#: Participants per page of the catalogue (the list is for one event, so one page is usual).
CATALOGUE_LIMIT = 200


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _page(
    request: HttpRequest,
    event: Event,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render an event's page with what its tabs need: the viewer's participation, staff."""
    context.setdefault("event", event)
    context.setdefault("is_staff", selectors.is_event_staff(request.user, event))
    if "me" not in context:
        context["me"] = selectors.participant_of(request.user, event)
    return render(request, template, context, status=status)


# --- Public pages -------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    upcoming, past = selectors.upcoming_and_past(request.user)
    return render(request, "events/event_list.html", {"upcoming": upcoming, "past": past})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = selectors.own_registration(request.user, event)
    viewer = viewer_for(request.user)
    context = {
        "event": event,
        "sessions": event.sessions.all(),
        "registration": registration,
        "me": registration if registration is not None and registration.is_confirmed else None,
        "waiting_position": selectors.waiting_position(registration) if registration else None,
        "is_staff": selectors.is_event_staff(request.user, event),
        "can_register": selectors.can_register(request.user, event),
        "registration_open": selectors.registration_is_open(event),
        "needs_organisation": viewer.is_authenticated and not viewer.organisation_ids,
        "places_left": selectors.places_left(event),
        "confirmed": selectors.confirmed_count(event),
        "requests_open": selectors.requests_are_open(event),
        "published_run": selectors.published_run(event),
    }
    return _page(request, event, "events/event_detail.html", context)


# --- Registration -------------------------------------------------------------------------


def _profile_form(
    request: HttpRequest,
    organisations: Any,
    organisation: Organisation | None,
    *,
    data: Any = None,
    initial: dict[str, Any] | None = None,
    with_organisation: bool = True,
) -> ProfileForm:
    if organisation is None and data is not None:
        chosen = str(data.get("organisation") or "")
        # Not a number: no organisation yet, and the form says what is wrong with the field.
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            organisation = organisations.filter(pk=int(chosen)).first()
    if organisation is None and len(organisations) == 1:
        organisation = organisations[0]
    own = Q(organisation=organisation) if organisation is not None else Q(pk__in=[])
    if organisation is None:
        own = Q(organisation__in=organisations)
    return ProfileForm(
        data,
        initial=initial,
        organisations=organisations,
        offers=live(visible_offers(request.user).filter(own)).order_by("title"),
        needs=live(visible_needs(request.user).filter(own)).order_by("title"),
        with_organisation=with_organisation,
    )


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    viewer = viewer_for(request.user)
    organisations = Organisation.objects.filter(pk__in=viewer.organisation_ids).order_by("name")
    if not selectors.can_register(request.user, event):
        current = selectors.own_registration(request.user, event)
        if not organisations:
            messages.error(request, _("To register you need a profile with an organisation."))
        elif current is not None and current.status != RegistrationStatus.CANCELLED:
            messages.info(request, _("You are already registered for this event."))
        else:
            messages.error(request, _("Registration for this event is not open."))
        return redirect(event)
    form = _profile_form(request, organisations, None, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                request.user,
                event,
                organisation=form.cleaned_data["organisation"],
                offering=form.cleaned_data["offering"],
                looking_for=form.cleaned_data["looking_for"],
                offers=form.cleaned_data.get("offers") or (),
                needs=form.cleaned_data.get("needs") or (),
            )
        except ValidationError as error:
            _error(request, error)
        else:
            if registration.is_confirmed:
                messages.success(request, _("You are registered. See you at the event!"))
            else:
                messages.warning(
                    request,
                    _("The event is full: you are on the waiting list and will get a place "
                      "automatically if one is freed."),
                )  # fmt: skip
            return redirect(event)
    return _page(
        request,
        event,
        "events/register.html",
        {"event": event, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _own_or_404(request: HttpRequest, event: Event, *, confirmed: bool = False) -> Registration:
    registration = (
        selectors.participant_of(request.user, event)
        if confirmed
        else selectors.own_registration(request.user, event)
    )
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise Http404(_("You are not registered for this event."))
    return registration


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = _own_or_404(request, event)
    initial = {
        "offering": registration.offering,
        "looking_for": registration.looking_for,
        "offers": list(registration.offers.all()),
        "needs": list(registration.needs.all()),
    }
    organisations = Organisation.objects.filter(pk=registration.organisation_id)
    form = _profile_form(
        request,
        organisations,
        registration.organisation,
        data=request.POST or None,
        initial=initial,
        with_organisation=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                request.user,
                registration,
                offering=form.cleaned_data["offering"],
                looking_for=form.cleaned_data["looking_for"],
                offers=form.cleaned_data.get("offers") or (),
                needs=form.cleaned_data.get("needs") or (),
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect(event)
    return _page(
        request,
        event,
        "events/profile.html",
        {"event": event, "form": form, "registration": registration},
    )


@require_POST
@login_required
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = _own_or_404(request, event)
    try:
        services.cancel_registration(request.user, registration)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(event)


# --- Catalogue of participants and meeting requests ---------------------------------------


def _participants_event(request: HttpRequest, slug: str) -> Event:
    event = selectors.event_for(request.user, slug)
    if not selectors.can_see_participants(request.user, event):
        raise Http404(_("Only the event's participants can see who takes part."))
    return event


@login_required
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = _participants_event(request, slug)
    me = selectors.participant_of(request.user, event)
    form = ParticipantFilterForm(request.GET or None)
    qs = selectors.visible_participants(request.user, event)
    if form.is_valid():
        qs = selectors.search_participants(
            qs, form.cleaned_data.get("q") or "", form.cleaned_data.get("kind") or ""
        )
    rows = list(qs[:CATALOGUE_LIMIT])
    statuses: dict[int, MeetingRequest] = {}
    if me is not None:
        for r in selectors.requests_of(me).filter(
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
        ):
            statuses[r.other_side(me.pk).pk] = r
    return _page(
        request,
        event,
        "events/participants.html",
        {
            "event": event,
            "me": me,
            "form": form,
            "rows": [(row, statuses.get(row.pk)) for row in rows],
            "requests_open": selectors.requests_are_open(event),
        },
    )


@login_required
def suggested(request: HttpRequest, slug: str) -> HttpResponse:
    """The matching engine's best partners for my profile, among the participants (lazy)."""
    event = _participants_event(request, slug)
    me = selectors.participant_of(request.user, event)
    suggestions = (
        selectors.suggested_participants(request.user, event, me) if me is not None else []
    )
    return render(
        request, "events/_suggested.html", {"event": event, "suggestions": suggestions, "me": me}
    )


def _participant_page(
    request: HttpRequest,
    event: Event,
    other: Registration,
    *,
    form: MeetingRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A participant's profile with, when a request is possible, the request form (bound
    to what was typed, with its errors, after a refused request)."""
    me = selectors.participant_of(request.user, event)
    existing = (
        selectors.request_between(me, other) if me is not None and me.pk != other.pk else None
    )
    can_request = (
        me is not None
        and me.pk != other.pk
        and me.organisation_id != other.organisation_id
        and existing is None
        and selectors.requests_are_open(event)
    )
    offers, needs = selectors.visible_profile_items(request.user, other)
    return _page(
        request,
        event,
        "events/participant.html",
        {
            "event": event,
            "other": other,
            "me": me,
            "offers": offers,
            "needs": needs,
            "existing": existing,
            "form": (form or MeetingRequestForm()) if can_request else None,
        },
        status=status,
    )


@login_required
def participant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _participants_event(request, slug)
    other = get_object_or_404(selectors.visible_participants(request.user, event), pk=pk)
    return _participant_page(request, event, other)


@require_POST
@login_required
def request_meeting(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _participants_event(request, slug)
    other = get_object_or_404(selectors.visible_participants(request.user, event), pk=pk)
    me = _own_or_404(request, event, confirmed=True)
    form = MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_meeting(
                request.user,
                me,
                other,
                note=form.cleaned_data["note"],
                priority=form.cleaned_data["priority"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # a field's rule: shown at the field
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _error(request, error)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(person)s.") % {"person": other.person.full_name},
            )
            return redirect("events:requests", slug=event.slug)
    # The page again with what was typed and why it was refused: a redirect would lose
    # the note.
    return _participant_page(request, event, other, form=form, status=400)


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    me = _own_or_404(request, event, confirmed=True)
    mine = list(selectors.requests_of(me).order_by("-created", "-pk"))
    return _page(
        request,
        event,
        "events/requests.html",
        {
            "event": event,
            "me": me,
            "received": [r for r in mine if r.recipient_id == me.pk],
            "sent": [r for r in mine if r.requester_id == me.pk],
            "accept_form": AcceptForm(),
            "requests_open": selectors.requests_are_open(event),
        },
    )


@require_POST
@login_required
def request_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    meeting_request = selectors.visible_request(request.user, pk)
    if meeting_request.event_id != event.pk:
        raise Http404(_("No such meeting request."))
    try:
        if action == "accept":
            form = AcceptForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Priority: choose 1, 2 or 3."))
            services.accept_request(
                request.user, meeting_request, priority=form.cleaned_data["priority"]
            )
            messages.success(request, _("Accepted: the meeting will be in your agenda once "
                                        "the staff publish the schedule."))  # fmt: skip
        elif action == "decline":
            services.decline_request(request.user, meeting_request)
            messages.success(request, _("Request declined."))
        elif action == "withdraw":
            services.withdraw_request(request.user, meeting_request)
            messages.success(request, _("Request withdrawn."))
        else:
            raise Http404(_("No such action."))
    except ValidationError as error:
        _error(request, error)
    except PermissionDenied as error:
        raise Http404(str(error)) from None
    return redirect(reverse("events:requests", args=[event.slug]) + f"#request-{pk}")


@login_required
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    me = _own_or_404(request, event, confirmed=True)
    if not event.has_b2b:
        raise Http404(_("This event has no B2B meetings."))
    initial = {"slots": sorted(me.available_in(event))}
    form = AvailabilityForm(request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_availability(request.user, me, form.cleaned_data["slots"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Your availability has been saved."))
            return redirect(event)
    return _page(
        request,
        event,
        "events/availability.html",
        {"event": event, "form": form, "breaks": sorted(event.breaks)},
    )


# --- Agendas ------------------------------------------------------------------------------


def _agenda_of(request: HttpRequest, event: Event, pk: int | None) -> Registration:
    if pk is None:
        return _own_or_404(request, event, confirmed=True)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "organisation", "event"),
        pk=pk,
        event=event,
        status=RegistrationStatus.CONFIRMED,
    )
    if not selectors.can_see_agenda(request.user, registration):
        raise Http404(_("No such agenda."))
    return registration


@login_required
def agenda(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    registration = _agenda_of(request, event, pk)
    rows = selectors.agenda(registration) if event.has_b2b else []
    own = registration.person_id == viewer_for(request.user).person_id
    return _page(
        request,
        event,
        "events/agenda.html",
        {
            "event": event,
            "registration": registration,
            "rows": rows,
            "own": own,
            "meetings": sum(1 for row in rows if row.meeting),
            "published": selectors.published_run(event) is not None,
            "outcome_form": OutcomeForm(),
            # From the first meeting on, as the service allows: a participant may note how a
            # meeting went while the event is still running.
            "can_record": own and event.is_published and event.has_started,
        },
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def agenda_ics(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    own = selectors.own_registration(request.user, event) if pk is None else None
    if own is not None and own.status == RegistrationStatus.CANCELLED:
        # Whoever cancelled keeps their calendar link: it now calls off every meeting they
        # had, so the calendar that imported them drops them too.
        registration = own
    else:
        registration = _agenda_of(request, event, pk)
    content = ics.agenda_ics(
        registration,
        selectors.meetings_of(registration),
        sequence=selectors.calendar_sequence(event),
        dropped=selectors.dropped_meetings(event, registration),
    )
    name = slugify(f"{event.slug}-{registration.person.first_name}-{registration.person.last_name}")
    return _ics_response(content, f"{name}.ics")


@login_required
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    content = ics.event_ics(
        event,
        selectors.event_meetings(event),
        sequence=selectors.calendar_sequence(event),
        dropped=selectors.dropped_meetings(event),
    )
    return _ics_response(content, f"{event.slug}-b2b.ics")


# --- After the event ----------------------------------------------------------------------


@require_POST
@login_required
def outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    meeting, _side = selectors.visible_meeting(request.user, pk)
    if meeting.event_id != event.pk:
        raise Http404(_("No such meeting."))
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(
                request.user,
                meeting,
                happened=form.cleaned_data["happened"],
                follow_up=form.cleaned_data["follow_up"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Thank you: the outcome has been recorded."))
    elif "happened" in form.errors:
        messages.error(request, _("Say whether the meeting took place."))
    else:  # each remaining error names its field ("Note: …")
        messages.error(request, errors_as_text(form))
    return redirect(reverse("events:agenda", args=[event.slug]) + f"#meeting-{meeting.pk}")


@login_required
def follow_up(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, slug)
    meeting, side = selectors.visible_meeting(request.user, pk)
    if meeting.event_id != event.pk:
        raise Http404(_("No such meeting."))
    recorded = MeetingOutcome.objects.filter(meeting=meeting, registration=side).first()
    if recorded is None or not recorded.follow_up:
        messages.error(request, _("Record first that this meeting leads to a follow-up."))
        return redirect("events:agenda", slug=event.slug)
    partner = meeting.request.other_side(side.pk)
    items = selectors.follow_up_items(request.user, partner)
    form = FollowUpForm(
        request.POST or None,
        items=items,
        initial={"message": recorded.note or meeting.request.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.follow_up_with_interest(
                request.user, recorded, form.chosen(), message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            _error(request, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your expression of interest has been sent."))
            return redirect(interest)
    return _page(
        request,
        event,
        "events/follow_up.html",
        {
            "event": event,
            "meeting": meeting,
            "partner": partner,
            "form": form,
            "items": items,
            "outcome": recorded,
        },
    )


# --- Staff pages --------------------------------------------------------------------------


@login_required
def check_in_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    text = (request.GET.get("q") or "").strip()[:100]
    registrations = list(selectors.registrations_for_check_in(event, text))
    return _page(
        request,
        event,
        "events/check_in.html",
        {
            "event": event,
            "q": text,
            "registrations": registrations,
            "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
            "confirmed": selectors.confirmed_count(event),
            "waiting": selectors.waiting_list(event).select_related("person", "organisation"),
        },
    )


@require_POST
@login_required
def check_in(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("person", "event"), pk=pk, event=event
    )
    try:
        if request.POST.get("undo"):
            services.undo_check_in(request.user, registration)
        else:
            services.check_in(request.user, registration)
    except ValidationError as error:
        _error(request, error)
    if _is_htmx(request):
        return render(
            request, "events/_check_in_row.html", {"event": event, "registration": registration}
        )
    query = request.POST.get("q") or ""
    url = reverse("events:check_in", args=[event.slug])
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


def _run_context(event: Event, run: ScheduleRun | None) -> dict[str, Any]:
    """What the staff see of a run: statistics, per-participant counts, unscheduled
    requests with their reason, and the moves against the published schedule."""
    if run is None:
        return {}
    request_ids = {int(m["request"]) for m in run.result.get("meetings", [])}
    request_ids |= {int(rid) for rid in run.result.get("unscheduled", {})}
    request_ids |= {int(m["request"]) for m in run.result.get("moves", [])}
    by_id = {
        r.pk: r
        for r in MeetingRequest.objects.filter(pk__in=request_ids).select_related(
            "requester__person",
            "requester__organisation",
            "recipient__person",
            "recipient__organisation",
        )
    }
    registrations: dict[int, Registration] = {}
    for r in by_id.values():
        registrations.setdefault(r.requester_id, r.requester)
        registrations.setdefault(r.recipient_id, r.recipient)
    pairs = [
        (
            selectors.participant_key(by_id[int(m["request"])].requester_id),
            selectors.participant_key(by_id[int(m["request"])].recipient_id),
        )
        for m in run.result.get("meetings", [])
        if int(m["request"]) in by_id
    ]
    reasons = {
        NO_COMMON_SLOT: _("no slot both can attend"),
        "slots_taken": _("every slot both can attend is taken by other meetings or tables"),
    }
    unscheduled = [
        (by_id[int(rid)], reasons.get(reason, reason))
        for rid, reason in run.result.get("unscheduled", {}).items()
        if int(rid) in by_id
    ]
    moves = [
        (by_id.get(int(m["request"])), m["kind"], m["before"], m["after"])
        for m in run.result.get("moves", [])
    ]
    counts = selectors.per_participant_counts(registrations.values(), pairs)
    proposed: dict[int, list[tuple[int, MeetingRequest | None]]] = {}
    for m in run.result.get("meetings", []):
        proposed.setdefault(int(m["slot"]), []).append(
            (int(m["table"]) + 1, by_id.get(int(m["request"])))
        )
    return {
        "run": run,
        "unscheduled": unscheduled,
        "moves": moves,
        "counts": counts,
        "without_meetings": sum(1 for _r, n in counts if n == 0),
        "proposed": [
            (slot + 1, event.slot_start(slot), sorted(cells, key=lambda c: c[0]))
            for slot, cells in sorted(proposed.items())
        ],
        "gap_percent": round(run.gap * 100, 2),
        "is_latest": selectors.latest_run(event) == run,
    }


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    latest = selectors.latest_run(event)
    context = {
        "event": event,
        "form": ScheduleForm(),
        "accepted": selectors.schedulable_requests(event).count(),
        "pending": event.meeting_requests.filter(status=RequestStatus.PENDING).count(),
        "participants": selectors.confirmed_count(event),
        "published_run": selectors.published_run(event),
        "published_meetings": event.meetings.count(),
        **_run_context(event, latest),
    }
    return _page(request, event, "events/schedule.html", context)


@require_POST
@login_required
def schedule_run(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            run = services.run_schedule(
                request.user,
                event,
                time_limit=form.cleaned_data["time_limit"],
                keep_published=form.cleaned_data["keep_published"],
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request,
                _("Schedule computed: %(scheduled)d of %(accepted)d accepted meetings placed. "
                  "Review it, then publish.")
                % {"scheduled": run.scheduled, "accepted": run.accepted},
            )  # fmt: skip
    else:
        messages.error(
            request,
            _("Time limit: between 1 and %(max)d seconds.") % {"max": MAX_TIME_LIMIT},
        )
    return redirect("events:schedule", slug=event.slug)


@require_POST
@login_required
def schedule_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    run = get_object_or_404(ScheduleRun, pk=pk, event=event)
    try:
        meetings = services.publish_schedule(request.user, run)
    except ValidationError as error:
        _error(request, error)
        return redirect("events:schedule", slug=event.slug)
    messages.success(
        request,
        ngettext(
            "Schedule published: %(count)d meeting is in the participants' agendas.",
            "Schedule published: %(count)d meetings are in the participants' agendas.",
            len(meetings),
        )
        % {"count": len(meetings)},
    )
    return redirect("events:room_plan", slug=event.slug)


@login_required
def room_plan(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.staffed_event(request.user, slug)
    return _page(
        request,
        event,
        "events/room_plan.html",
        {
            "event": event,
            "plan": selectors.room_plan(event),
            "tables": range(1, event.b2b_tables + 1),
            "published_run": selectors.published_run(event),
        },
    )
