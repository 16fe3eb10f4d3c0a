"""Three people, three browsers: a company and a lab register for a B2B event; the company
asks the lab for a meeting; the lab accepts; the cluster's staff compute and publish the
schedule; the company finds the meeting in its agenda and downloads its calendar file.
Selectors are independent of the language (names, data-testid, formaction)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from ponte.events.constants import EventStatus, RequestStatus
from ponte.events.models import Event, Meeting, MeetingRequest
from tests.factories import (
    PASSWORD,
    ClusterFactory,
    ClusterStaffFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    person_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def register(page: Page, event: Event, looking_for: str) -> None:
    page.goto(event.get_absolute_url())
    page.locator("[data-testid=register]").click()
    page.fill("[data-testid=register-form] textarea[name=looking_for]", looking_for)
    page.locator("button[formaction$='/register/']").click()
    expect(page.locator("[data-testid=registration-status]")).to_have_attribute(
        "data-status", "confirmed"
    )


def test_register_request_accept_schedule_and_download_the_agenda(
    page: Page, browser: Browser, live_server: object, tmp_path: Path
) -> None:
    cluster = ClusterFactory(slug="cosmetica-test")
    company = OrganisationFactory(name="Creme Brianza srl")
    lab = OrganisationFactory(name="Laboratorio Emulsioni", university=True)
    for organisation in (company, lab):
        MembershipFactory(organisation=organisation, cluster=cluster)
    person_in(company, username="titolare", first_name="Chiara", last_name="Colombo")
    person_in(lab, username="ricercatore", first_name="Luca", last_name="Bassi")
    ClusterStaffFactory(cluster=cluster, user=UserFactory(username="segreteria", is_staff=True))
    event = Event.objects.create(
        cluster=cluster,
        slug="pmi-b2b",
        title_it="Innovazione per le PMI",
        title_en="Innovation for SMEs",
        date=timezone.localdate() + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 0),
        venue="La Pista",
        address="Lainate (MI)",
        status=EventStatus.PUBLISHED,
        b2b_start=datetime.time(11, 0),
        b2b_slots=4,
        break_slots=[2],
        b2b_tables=2,
    )

    # The company registers and asks the lab for a meeting.
    log_in(page, "titolare")
    register(page, event, "Conservanti naturali per creme")
    lab_context = browser.new_context(base_url=live_server.url, locale="it-IT")  # type: ignore[attr-defined]
    lab_page = lab_context.new_page()
    log_in(lab_page, "ricercatore")
    register(lab_page, event, "Imprese per test di stabilità")

    page.goto(f"/events/{event.slug}/participants/")
    page.locator("[data-testid=participant][data-name='Luca Bassi'] a.participant-name").click()
    form = page.locator("[data-testid=request-form]")
    form.locator("textarea[name=note]").fill("Vorremmo provare i vostri sistemi conservanti.")
    form.locator("select[name=priority]").select_option("3")
    form.locator("button[formaction$='/request/']").click()
    expect(page.locator("[data-testid=request][data-name='Luca Bassi']")).to_have_attribute(
        "data-status", "pending"
    )

    # The lab accepts.
    lab_page.goto(f"/events/{event.slug}/requests/")
    received = lab_page.locator("[data-testid=request][data-name='Chiara Colombo']")
    received.locator("button[formaction$='/accept/']").click()
    expect(lab_page.locator("[data-testid=request][data-name='Chiara Colombo']")).to_have_attribute(
        "data-status", "accepted"
    )
    lab_context.close()
    assert MeetingRequest.objects.get().status == RequestStatus.ACCEPTED

    # The staff compute and publish the schedule.
    staff_context = browser.new_context(base_url=live_server.url, locale="it-IT")  # type: ignore[attr-defined]
    staff = staff_context.new_page()
    log_in(staff, "segreteria")
    staff.goto(event.get_absolute_url())
    staff.locator("[data-testid=staff-schedule]").click()
    staff.fill("[data-testid=schedule-form] input[name=time_limit]", "5")
    staff.locator("button[formaction$='/schedule/run/']").click()
    expect(staff.locator("[data-testid=schedule-result]")).to_have_attribute(
        "data-status", "optimal"
    )
    expect(staff.locator("[data-testid=scheduled]")).to_contain_text("1")
    staff.locator("button[formaction$='/publish/']").click()
    expect(staff.locator("[data-testid=room-plan]")).to_contain_text("Chiara Colombo")
    staff_context.close()
    meeting = Meeting.objects.get()

    # The company finds the meeting in its agenda and downloads the calendar file.
    page.locator("[data-testid=tab-agenda]").click()
    row = page.locator("[data-testid=agenda-meeting]")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-partner", "Luca Bassi")
    expect(row).to_have_attribute("data-table", str(meeting.table + 1))
    with page.expect_download() as download:
        page.locator("[data-testid=agenda-ics]").click()
    path = tmp_path / "agenda.ics"
    download.value.save_as(path)
    vevents = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(vevents) == 1
    assert "Luca Bassi" in str(vevents[0]["summary"])
    assert str(vevents[0]["location"]).endswith("La Pista")
