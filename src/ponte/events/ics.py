"""iCalendar (RFC 5545) files of B2B agendas, written with the `icalendar` package.

Times are Europe/Rome wall-clock times with a TZID and the matching VTIMEZONE. A meeting's UID
is built from the event and the meeting request, not from the table or slot, so that a
calendar that imported an agenda updates the meeting in place when the schedule is
re-published (SEQUENCE grows with every publication); a dropped meeting, or every meeting of
a cancelled event, comes back with STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ponte.events.models import Event, Meeting, MeetingRequest, Registration
from ponte.events.selectors import DroppedMeeting

PRODID = "-//Ponte//B2B agendas//IT"
UID_DOMAIN = "ponte.events"


def meeting_uid(meeting: Meeting | DroppedMeeting) -> str:
    """One UID per meeting request: a moved meeting updates, a dropped one cancels, in place."""
    return f"event-{meeting.request.event_id}-request-{meeting.request.pk}@{UID_DOMAIN}"


def _location(meeting: Meeting, event: Event) -> str:
    return _("Table %(number)d – %(venue)s") % {
        "number": meeting.table_number,
        "venue": event.venue,
    }


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _vevent(
    meeting: Meeting, event: Event, summary: str, description: str, sequence: int
) -> VEvent:
    """The meeting; for a cancelled event marked cancelled, newer than the copy a calendar
    holds (as `_cancelled` does for one meeting), so calendars take the day off."""
    cancelled = event.is_cancelled
    if cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    vevent = VEvent()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(meeting.starts_at))
    vevent.add("dtend", timezone.localtime(meeting.ends_at))
    vevent.add("summary", summary)
    vevent.add("location", _location(meeting, event))
    vevent.add("description", description)
    if cancelled:
        vevent.add("status", "CANCELLED")
    vevent.add("sequence", sequence + 1 if cancelled else sequence)
    return vevent


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _partner_line(partner: Registration) -> str:
    return f"{partner.person.full_name} ({partner.organisation.name})"


def _cancelled(dropped: DroppedMeeting, event: Event, summary: str, sequence: int) -> VEvent:
    """A meeting a later publication dropped, where it last was, marked cancelled (RFC 5545
    STATUS, same UID, higher SEQUENCE): a calendar that imported it takes it off the day."""
    vevent = VEvent()
    vevent.add("uid", meeting_uid(dropped))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.slot_start(dropped.slot)))
    vevent.add("dtend", timezone.localtime(event.slot_end(dropped.slot)))
    vevent.add("summary", _("Cancelled: %(meeting)s") % {"meeting": summary})
    vevent.add("status", "CANCELLED")
    # Called off between publications the count has not moved: one more than the copy the
    # calendar holds, or the cancellation may be ignored as not newer.
    vevent.add("sequence", sequence + 1)
    return vevent


def agenda_ics(
    registration: Registration,
    meetings: Iterable[Meeting],
    sequence: int = 0,
    dropped: Iterable[DroppedMeeting] = (),
) -> bytes:
    """One participant's agenda: one VEVENT per meeting, the partner in the summary; the
    meetings dropped since an earlier publication, as cancelled."""
    event = registration.event
    calendar = _calendar(_("B2B agenda – %(event)s") % {"event": event.title})
    for meeting in meetings:
        partner = meeting.request.other_side(registration.pk)
        summary = _("B2B meeting: %(partner)s") % {"partner": _partner_line(partner)}
        lines = [event.title, meeting.request.note]
        if partner.offering:
            lines.append(_("Offers: %(text)s") % {"text": partner.offering})
        if partner.looking_for:
            lines.append(_("Looks for: %(text)s") % {"text": partner.looking_for})
        calendar.add_component(_vevent(meeting, event, summary, "\n".join(lines), sequence))
    for gone in dropped:
        partner = gone.request.other_side(registration.pk)
        summary = _("B2B meeting: %(partner)s") % {"partner": _partner_line(partner)}
        calendar.add_component(_cancelled(gone, event, summary, sequence))
    return _finish(calendar)


def _both_sides(request: MeetingRequest) -> str:
    return _("B2B: %(a)s – %(b)s") % {
        "a": _partner_line(request.requester),
        "b": _partner_line(request.recipient),
    }


def event_ics(
    event: Event,
    meetings: Iterable[Meeting],
    sequence: int = 0,
    dropped: Iterable[DroppedMeeting] = (),
) -> bytes:
    """Every meeting of the event, for the staff: both sides in the summary; the meetings
    dropped since an earlier publication, as cancelled."""
    calendar = _calendar(_("B2B meetings – %(event)s") % {"event": event.title})
    for meeting in meetings:
        summary = _both_sides(meeting.request)
        calendar.add_component(_vevent(meeting, event, summary, meeting.request.note, sequence))
    for gone in dropped:
        calendar.add_component(_cancelled(gone, event, _both_sides(gone.request), sequence))
    return _finish(calendar)
