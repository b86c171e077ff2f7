"""Check-in in headless Chromium on a phone-sized screen: a staff member signs in, types a ticket
code, sees the admission and then the duplicate with its time; offline, the page verifies the
signature itself (WebCrypto Ed25519) and transfers the scan when the connection is back. axe
(WCAG 2.1 A and AA) finds no serious or critical violation on the page."""

import pytest
from django.urls import reverse

from registrations.enums import CheckInSource
from registrations.models import CheckIn
from registrations.tickets import ticket_payload
from tests.factories import PASSWORD, RegistrationFactory, RoomFactory, checkin_staff_of
from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    pytestmark,
    serious_violations,
)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="de-DE", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def scene(transactional_db):
    registration = RegistrationFactory(first_name="Erika", last_name="Mustermann")
    RoomFactory(venue=registration.edition.venue, name="Forum-Raum 01")
    edition = registration.edition
    staff = checkin_staff_of(edition)
    url = reverse("registrations:checkin", args=[edition.congress.slug, edition.year])
    return registration, staff, url


def sign_in(page, live_server, staff, url):
    page.goto(f"{live_server.url}/accounts/login/?next={url}")
    page.get_by_label("E-Mail", exact=False).first.fill(staff.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmeldung").click()
    page.wait_for_url(live_server.url + url)


def test_checkin_page_admits_ticket_then_reports_duplicate(live_server, scene, phone):
    registration, staff, url = scene
    sign_in(phone, live_server, staff, url)
    assert phone.locator("h1").count() == 1
    assert serious_violations(phone) == []

    result = phone.locator("#checkin-result")
    phone.get_by_label("Ticket-Code").fill(ticket_payload(registration))
    phone.get_by_role("button", name="Prüfen").click()
    result.get_by_text("Eingelassen", exact=True).wait_for()
    assert "Erika Mustermann" in result.inner_text()
    assert "Öffentliche Verwaltung" in result.inner_text()
    assert "Vor Ort" in result.inner_text()
    assert serious_violations(phone) == []
    phone.locator('[data-count-room=""]').get_by_text("1").wait_for()

    phone.get_by_label("Ticket-Code").fill(ticket_payload(registration))
    phone.get_by_label("Ticket-Code").press("Enter")
    result.get_by_text("Nicht eingelassen").wait_for()
    first = CheckIn.objects.get(registration=registration)
    local = first.scanned_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    assert f"Bereits eingelassen um {local:%H:%M} Uhr." in result.inner_text()
    assert serious_violations(phone) == []
    assert CheckIn.objects.count() == 1


def test_checkin_page_checks_offline_and_syncs(live_server, scene, phone):
    registration, staff, url = scene
    sign_in(phone, live_server, staff, url)
    status = phone.locator("#checkin-offline-status")
    status.get_by_text("Offline-Prüfung bereit").wait_for()

    phone.context.set_offline(True)
    forged = ticket_payload(registration)[:-3] + "AAA"
    phone.get_by_label("Ticket-Code").fill(forged)
    phone.get_by_label("Ticket-Code").press("Enter")
    phone.locator("#checkin-result").get_by_text("Ungültiges Ticket").wait_for()

    phone.get_by_label("Ticket-Code").fill(ticket_payload(registration))
    phone.get_by_label("Ticket-Code").press("Enter")
    phone.locator("#checkin-result").get_by_text("Offline eingelassen").first.wait_for()
    assert "Erika Mustermann" in phone.locator("#checkin-offline-list").inner_text()
    assert CheckIn.objects.count() == 0

    phone.context.set_offline(False)
    assert phone.get_by_role("button", name="Offline-Scans jetzt übertragen").is_visible()
    # Back online, the page transfers the queue by itself (the "online" event, else every 15 s).
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.locator("#checkin-sync-result").get_by_text(
        "Offline-Scans übertragen. Eingelassen: 1, Doppelt: 0"
    ).wait_for()
    check_in = CheckIn.objects.get()
    assert (check_in.registration, check_in.source) == (registration, CheckInSource.OFFLINE)
