"""Registering for a free ticket end to end in headless Chromium, downloading the ticket, and
axe (WCAG 2.1 A and AA) on the registration pages: no serious or critical violation."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations.enums import RegistrationState
from registrations.models import Registration
from registrations.tickets import verify_ticket
from tests.factories import QuestionFactory, TicketCategoryFactory, make_site_tree
from tests.test_accessibility import (  # noqa: F401 - fixtures
    _allow_orm_beside_playwright,
    browser,
    page,
    pytestmark,
    serious_violations,
)
from tests.test_registration_tickets import qr_codes_in_pdf


@pytest.fixture
def register_url(transactional_db):
    tree = make_site_tree()
    tree.edition.onsite_capacity = 100
    # Next month (the URL keeps 2020): registration is open.
    tree.edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    tree.edition.end_date = tree.edition.start_date
    tree.edition.save()
    TicketCategoryFactory(edition=tree.edition, name="Öffentliche Verwaltung")
    QuestionFactory(edition=tree.edition, label="Essenswunsch", required=False)
    return reverse("registrations:register", args=[tree.congress.slug, tree.edition.year])


def check_page(browser_page) -> list[str]:
    problems = serious_violations(browser_page)
    if (h1_count := browser_page.locator("h1").count()) != 1:
        problems.append(f"{h1_count} h1")
    return problems


def test_register_free_ticket_end_to_end_and_download_ticket(live_server, register_url, page):  # noqa: F811
    mail.outbox = []
    page.goto(live_server.url + register_url)
    assert check_page(page) == []

    # Sending the empty form shows the error summary, which must be accessible too.
    page.get_by_role("button", name="Verbindlich anmelden").click()
    assert page.get_by_role("heading", name="Bitte prüfen Sie Ihre Angaben").is_visible()
    assert check_page(page) == []

    page.get_by_label("Öffentliche Verwaltung (kostenlos)").check()
    page.get_by_label("Vor Ort", exact=True).check()
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Essenswunsch").fill("vegetarisch")
    page.get_by_label("Ich stimme den Teilnahmebedingungen").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()

    registration = Registration.objects.get(email="erika@example.org")
    page.wait_for_url(live_server.url + register_url + "gesendet/")
    assert registration.state == RegistrationState.CONFIRMED
    assert page.get_by_text("Wir haben Ihnen eine E-Mail geschickt").is_visible()
    assert check_page(page) == []
    # The private link comes with the ticket email.
    manage = reverse("registrations:manage", args=[registration.manage_token])
    assert manage in mail.outbox[0].body
    page.goto(live_server.url + manage)
    assert check_page(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ticket herunterladen (PDF)").click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - Playwright's temp file
    (code,) = qr_codes_in_pdf(data)
    assert verify_ticket(code).registration_id == registration.pk
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]
