"""iCalendar (RFC 5545) files of B2B agendas, written with the `icalendar` package.

Times are Europe/Rome wall-clock times with a TZID and the matching VTIMEZONE. A meeting's UID
is built from the event and the meeting request, not from the table or slot, so that a
calendar that imported an agenda updates the meeting in place when the schedule is
re-published (SEQUENCE grows with every publication).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ponte.events.models import Event, Meeting, Registration

PRODID = "-//Ponte//B2B agendas//IT"
UID_DOMAIN = "ponte.events"


def meeting_uid(meeting: Meeting) -> str:
    return f"event-{meeting.event_id}-request-{meeting.request_id}@{UID_DOMAIN}"


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
    vevent = VEvent()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(meeting.starts_at))
    vevent.add("dtend", timezone.localtime(meeting.ends_at))
    vevent.add("summary", summary)
    vevent.add("location", _location(meeting, event))
    vevent.add("description", description)
    vevent.add("sequence", sequence)
    return vevent


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _partner_line(partner: Registration) -> str:
    return f"{partner.person.full_name} ({partner.organisation.name})"


def agenda_ics(registration: Registration, meetings: Iterable[Meeting], sequence: int = 0) -> bytes:
    """One participant's agenda: one VEVENT per meeting, the partner in the summary."""
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
    return _finish(calendar)


def event_ics(event: Event, meetings: Iterable[Meeting], sequence: int = 0) -> bytes:
    """Every meeting of the event, for the staff: both sides in the summary."""
    calendar = _calendar(_("B2B meetings – %(event)s") % {"event": event.title})
    for meeting in meetings:
        summary = _("B2B: %(a)s – %(b)s") % {
            "a": _partner_line(meeting.request.requester),
            "b": _partner_line(meeting.request.recipient),
        }
        calendar.add_component(_vevent(meeting, event, summary, meeting.request.note, sequence))
    return _finish(calendar)
