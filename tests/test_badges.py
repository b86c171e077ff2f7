"""Name badges per edition and category, and certificates of attendance for people checked in on
site or who joined online."""

import datetime as dt
import io

import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from registrations import access
from registrations.enums import Attendance, RegistrationState
from registrations.models import CheckIn
from registrations.pdf import badge_sheet_pdf, certificate_pdf
from registrations.tickets import verify_ticket
from registrations.views.documents import badge_registrations
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    UserFactory,
    berlin,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def edition():
    return EditionFactory(
        title="e-nrw 2020",
        start_date=dt.date(2020, 11, 5),
        end_date=dt.date(2020, 11, 6),
    )


@pytest.fixture
def category(edition):
    return TicketCategoryFactory(edition=edition, name="Öffentliche Verwaltung")


# --- badges -------------------------------------------------------------------------------------


def test_badge_sheet_shows_names_affiliation_category_and_edition(edition, category):
    press = TicketCategoryFactory(edition=edition, name="Presse")
    RegistrationFactory(
        category=category, first_name="Jörg", last_name="Müller", authority="Stadt Neuss"
    )
    RegistrationFactory(category=press, first_name="Petra", last_name="Presse", organisation="WDR")

    text = pdf_text(badge_sheet_pdf(badge_registrations(edition=edition)))

    for expected in ["Jörg Müller", "Stadt Neuss", "Petra Presse", "WDR", "Presse", "e-nrw 2020"]:
        assert expected in text
    assert "Öffentliche Verwaltung" in text


def test_badge_sheet_has_ten_badges_per_page(edition, category):
    RegistrationFactory.create_batch(12, category=category)

    assert pdf_pages(badge_sheet_pdf(badge_registrations(edition=edition))) == 2


def test_badges_only_for_confirmed_onsite_attendees(edition, category):
    RegistrationFactory(category=category, last_name="Vorort")
    RegistrationFactory(category=category, last_name="Online", attendance=Attendance.ONLINE)
    RegistrationFactory(
        category=category, last_name="Warteliste", state=RegistrationState.WAITLISTED
    )
    RegistrationFactory(category=category, last_name="Storniert", state=RegistrationState.CANCELLED)

    names = [r.last_name for r in badge_registrations(edition=edition)]

    assert names == ["Vorort"]


def test_badge_sheet_with_qr_codes_carries_verifiable_tickets(edition, category):
    registration = RegistrationFactory(category=category)

    data = badge_sheet_pdf(badge_registrations(edition=edition), with_qr=True)

    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    codes = [code.text for image in images for code in zxingcpp.read_barcodes(image.image)]
    assert [verify_ticket(code).registration_id for code in codes] == [registration.pk]


def test_admin_badge_sheet_filters_by_category(admin_client, edition, category):
    press = TicketCategoryFactory(edition=edition, name="Presse")
    RegistrationFactory(category=category, last_name="Verwaltung")
    RegistrationFactory(category=press, last_name="Journalistin")
    url = reverse("registrations_badges_pdf", args=[edition.pk])

    everyone = admin_client.get(url)
    only_press = admin_client.get(url, {"kategorie": press.pk})

    assert everyone["Content-Type"] == "application/pdf"
    assert "Verwaltung" in pdf_text(everyone.content)
    text = pdf_text(only_press.content)
    assert "Journalistin" in text and "Erika Verwaltung" not in text
    other = TicketCategoryFactory(edition=EditionFactory())
    assert admin_client.get(url, {"kategorie": other.pk}).status_code == 404
    assert admin_client.get(url, {"kategorie": "x"}).status_code == 404


@pytest.mark.parametrize("value", ["²", "١", "9" * 40, "-1"])
def test_admin_badge_sheet_odd_category_is_404(admin_client, edition, value):
    """ "²".isdigit() is true, but int("²") fails: a 404, not a server error."""
    url = reverse("registrations_badges_pdf", args=[edition.pk])

    assert admin_client.get(url, {"kategorie": value}).status_code == 404


def test_admin_badge_index_lists_editions_and_categories(admin_client, edition, category):
    html = admin_client.get(reverse("registrations_badges")).content.decode()

    assert "e-nrw 2020" in html
    assert f"?kategorie={category.pk}" in html


def badge_sheet_queries(admin_client, edition):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("registrations_badges_pdf", args=[edition.pk]))
        assert response.status_code == 200
    return len(queries)


def test_badge_sheet_query_count_does_not_grow_with_registrations(admin_client, edition, category):
    RegistrationFactory.create_batch(5, category=category)
    few = badge_sheet_queries(admin_client, edition)
    other = TicketCategoryFactory(edition=edition, name="Wirtschaft")
    RegistrationFactory.create_batch(45, category=other)

    assert badge_sheet_queries(admin_client, edition) == few


# --- certificates -------------------------------------------------------------------------------


def check_in(registration, when):
    return CheckIn.objects.create(registration=registration, scanned_at=when)


def use_online(registration, when):
    access.record_access_use(registration=registration, address="192.0.2.1", now=when)


def test_certificate_for_onsite_attendee_checked_in(edition, category):
    registration = RegistrationFactory(
        category=category, first_name="Jörg", last_name="Müller", authority="Stadt Neuss"
    )
    check_in(registration, berlin(dt.date(2020, 11, 6), 8, 30))

    attended = access.attendance_of(registration)
    text = pdf_text(certificate_pdf(registration, attended))

    assert "Teilnahmebescheinigung" in text
    assert "Jörg Müller" in text
    assert "Stadt Neuss" in text
    assert "e-nrw 2020" in text
    assert "hat am 06.11.2020 vor Ort an der Veranstaltung" in text
    assert "Behörden Spiegel" in text


def test_certificate_for_online_attendee(edition, category):
    registration = RegistrationFactory(category=category, attendance=Attendance.ONLINE)
    use_online(registration, berlin(dt.date(2020, 11, 5), 9, 0))
    use_online(registration, berlin(dt.date(2020, 11, 6), 9, 0))

    text = pdf_text(certificate_pdf(registration, access.attendance_of(registration)))

    assert "hat am 05.11.2020 und 06.11.2020 online an der Veranstaltung" in text


def test_no_certificate_without_check_in_or_online_use(admin_client, client, edition, category):
    registration = RegistrationFactory(category=category)

    assert access.attendance_of(registration) is None
    response = admin_client.get(reverse("registrations_admin_certificate", args=[registration.pk]))
    assert response.status_code == 302
    own = client.get(reverse("registrations:certificate", args=[registration.manage_token]))
    assert own.status_code == 404
    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    assert "teilnahmebescheinigung.pdf" not in page.content.decode()


def test_cancelled_registration_gets_no_certificate(edition, category):
    registration = RegistrationFactory(category=category)
    check_in(registration, berlin(dt.date(2020, 11, 5), 8, 30))
    registration.state = RegistrationState.CANCELLED
    registration.save()

    assert access.attendance_of(registration) is None


def test_attendee_downloads_own_certificate_after_the_congress(client, edition, category):
    registration = RegistrationFactory(category=category, last_name="Teilnehmerin")
    check_in(registration, berlin(dt.date(2020, 11, 5), 8, 30))

    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    response = client.get(reverse("registrations:certificate", args=[registration.manage_token]))

    certificate_url = reverse("registrations:certificate", args=[registration.manage_token])
    assert f'href="{certificate_url}"' in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Erika Teilnehmerin" in pdf_text(response.content)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_attendee_gets_no_certificate_before_the_congress_is_over(client, category, monkeypatch):
    registration = RegistrationFactory(category=category)
    check_in(registration, berlin(dt.date(2020, 11, 5), 8, 30))
    moment = berlin(dt.date(2020, 11, 6), 12, 0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    response = client.get(reverse("registrations:certificate", args=[registration.manage_token]))

    assert response.status_code == 404


def test_admin_downloads_certificate(admin_client, category):
    registration = RegistrationFactory(category=category, attendance=Attendance.ONLINE)
    use_online(registration, berlin(dt.date(2020, 11, 5), 9, 0))

    response = admin_client.get(reverse("registrations_admin_certificate", args=[registration.pk]))

    assert response.status_code == 200
    assert "online" in pdf_text(response.content)


@pytest.mark.parametrize("name", ["badges", "badges_pdf", "certificate"])
def test_document_views_refuse_anonymous_and_non_staff(client, category, name):
    registration = RegistrationFactory(category=category)
    check_in(registration, berlin(dt.date(2020, 11, 5), 8, 30))
    url = {
        "badges": reverse("registrations_badges"),
        "badges_pdf": reverse("registrations_badges_pdf", args=[category.edition_id]),
        "certificate": reverse("registrations_admin_certificate", args=[registration.pk]),
    }[name]

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    client.force_login(UserFactory())
    refused = client.get(url)
    assert refused.status_code == 302
    assert refused["Content-Type"] != "application/pdf"
