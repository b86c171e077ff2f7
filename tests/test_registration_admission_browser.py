"""Issue 13 in headless Chromium: a person finds the registration from the home page by links
alone; a person with a public-sector address confirms it from the email and then gets the
ticket; a full venue is announced before the submit button. axe (WCAG 2.1 A and AA) on the
new pages: no serious or critical violation."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations.enums import CategoryAttendance, CategoryKind, RegistrationState
from registrations.models import Registration
from registrations.tickets import verify_ticket
from tests.factories import RegistrationFactory, TicketCategoryFactory, make_site_tree
from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    page,
    pytestmark,
    serious_violations,
)
from tests.test_registration_tickets import qr_codes_in_pdf

LINK = re.compile(r"https?://[^/\s]+(/anmeldung/bestaetigen/\S+/)")


@pytest.fixture
def tree(transactional_db):
    """The site tree with its edition next month, open for registration (100 seats)."""
    tree = make_site_tree()
    edition = tree.edition
    edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    edition.end_date = edition.start_date
    edition.onsite_capacity = 100
    edition.save()
    TicketCategoryFactory(
        edition=edition,
        name="Öffentliche Verwaltung",
        kind=CategoryKind.PUBLIC_SECTOR,
        requires_confirmation=True,
    )
    return tree


def check_page(browser_page) -> list[str]:
    problems = serious_violations(browser_page)
    if (h1_count := browser_page.locator("h1").count()) != 1:
        problems.append(f"{h1_count} h1")
    return problems


def test_registration_is_found_from_the_home_page_by_links_alone(live_server, tree, page):  # noqa: F811
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="e-nrw 2020", exact=True).click()
    page.get_by_role("link", name="Jetzt anmelden").first.click()

    page.wait_for_url(live_server.url + reverse("registrations:register", args=["e-nrw", 2020]))
    assert page.get_by_role("heading", name="Anmeldung: e-nrw 2020").is_visible()
    assert page.get_by_role("button", name="Verbindlich anmelden").is_visible()
    # The home page's card links to it directly, too.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Jetzt anmelden zu e-nrw 2020").click()
    page.wait_for_url(live_server.url + reverse("registrations:register", args=["e-nrw", 2020]))


def test_public_sector_address_is_confirmed_from_the_email_then_the_ticket_comes(
    live_server,
    tree,
    page,  # noqa: F811
):
    mail.outbox = []
    page.goto(live_server.url + reverse("registrations:register", args=["e-nrw", 2020]))
    page.get_by_label("Öffentliche Verwaltung (kostenlos)").check()
    page.get_by_label("Vor Ort", exact=True).check()
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@stadt-neuss.example.org")
    page.get_by_label("Ich stimme den Teilnahmebedingungen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    page.wait_for_url(
        live_server.url + reverse("registrations:register_sent", args=["e-nrw", 2020])
    )
    assert page.get_by_text("Wir haben Ihnen eine E-Mail geschickt").is_visible()
    assert check_page(page) == []
    registration = Registration.objects.get(email="erika@stadt-neuss.example.org")
    assert registration.state == RegistrationState.AWAITING_CONFIRMATION
    (confirm_mail,) = mail.outbox
    assert confirm_mail.attachments == []

    page.goto(live_server.url + LINK.search(confirm_mail.body).group(1))
    assert check_page(page) == []
    page.get_by_role("button", name="Adresse bestätigen").click()

    page.wait_for_url(
        live_server.url + reverse("registrations:manage", args=[registration.manage_token])
    )
    assert page.get_by_text("Ihre E-Mail-Adresse ist bestätigt").is_visible()
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CONFIRMED
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ticket herunterladen (PDF)").click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - Playwright's temp file
    (code,) = qr_codes_in_pdf(data)
    assert verify_ticket(code).registration_id == registration.pk
    assert [m.subject for m in mail.outbox][1] == "Ihr Ticket: e-nrw 2020"


def test_full_venue_is_announced_before_the_submit_button(live_server, tree, page):  # noqa: F811
    category = tree.edition.ticket_categories.get()
    category.attendance = CategoryAttendance.BOTH
    category.save()
    RegistrationFactory.create_batch(100, category=category)

    page.goto(live_server.url + reverse("registrations:register", args=["e-nrw", 2020]))

    submit = page.get_by_role("button", name="Verbindlich anmelden")
    notice = page.locator("#onsite-full-submit")
    assert notice.is_visible()
    assert notice.inner_text().startswith("Hinweis: Vor Ort sind alle Plätze vergeben.")
    assert submit.get_attribute("aria-describedby") == "onsite-full-submit"
    # Above the button on the screen, and next to the attendance choice as well.
    assert notice.bounding_box()["y"] < submit.bounding_box()["y"]
    assert page.locator("#id_attendance-notice").is_visible()
    assert check_page(page) == []
