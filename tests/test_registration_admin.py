"""Organisers in the Wagtail admin: listing with filters and search, CSV/XLSX export, manual
registration, cancel and resend, counts."""

import codecs
import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import LogEntry
from registrations.enums import RegistrationState
from registrations.models import Registration
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
INDEX = "registration_admin:index"


@pytest.fixture
def admin(admin_client):
    return admin_client


@pytest.fixture
def category():
    return TicketCategoryFactory(edition=EditionFactory(onsite_capacity=1))


def test_registration_listing_filters_and_searches(admin, category):
    RegistrationFactory(category=category, last_name="Anders")
    RegistrationFactory(category=category, last_name="Berger", state=S.WAITLISTED)

    found = admin.get(reverse(INDEX), {"q": "Berger"}).content.decode()
    waitlisted = admin.get(reverse(INDEX), {"state": "waitlisted"}).content.decode()

    assert "Berger" in found and "Anders" not in found
    assert "Berger" in waitlisted and "Anders" not in waitlisted


def listing_queries(admin):
    with CaptureQueriesContext(connection) as queries:
        assert admin.get(reverse(INDEX)).status_code == 200
    return len(queries)


def test_registration_listing_query_count_does_not_grow_with_rows(admin, category):
    RegistrationFactory.create_batch(2, category=category)
    few = listing_queries(admin)
    other = TicketCategoryFactory(edition=EditionFactory())
    RegistrationFactory.create_batch(40, category=other)

    assert listing_queries(admin) == few


def test_registration_export_csv_and_xlsx(admin, category):
    RegistrationFactory(category=category, last_name="Özdemir", email="oz@example.org")

    csv = admin.get(reverse(INDEX), {"export": "csv"})
    xlsx = admin.get(reverse(INDEX), {"export": "xlsx"})

    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Özdemir" in body and "oz@example.org" in body
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    ).active
    assert "oz@example.org" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_csv_export_neutralises_formulas_and_starts_with_a_byte_order_mark(admin, category):
    """OWASP's CSV injection: cells starting with = + - @ tab or CR are text, not formulas."""
    names = ['=HYPERLINK("http://evil.example","Klick")', "@SUM(A1:A9)", "+49 211 1", "-2+3"]
    for name in names:
        RegistrationFactory(
            category=category,
            first_name=name,
            last_name="Jäger",
            organisation="\tcmd|' /C calc'!A0",
        )

    response = admin.get(reverse(INDEX), {"export": "csv"})

    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    first_names = {row["Vorname"] for row in rows}
    assert first_names == {"'" + name for name in names}
    assert {row["Organisation"] for row in rows} == {"'\tcmd|' /C calc'!A0"}
    assert {row["Nachname"] for row in rows} == {"Jäger"}  # umlauts intact, nothing else quoted
    xlsx = admin.get(reverse(INDEX), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert {cell.data_type for cell in cells if str(cell.value).startswith(("=", "@"))} == {"s"}


def test_manual_registration_uses_capacity_rules(
    admin, category, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(category=category)
    url = reverse("registration_admin:add")
    data = {
        "category": category.pk,
        "attendance": "onsite",
        "first_name": "Ina",
        "last_name": "Neu",
        "email": "ina@example.org",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, data)

    assert response.status_code == 302
    registration = Registration.objects.get(email="ina@example.org")
    assert registration.state == S.WAITLISTED
    assert LogEntry.objects.for_instance(registration).get().user.is_superuser
    assert [m.to for m in mailoutbox] == [["ina@example.org"]]

    again = admin.post(url, data)
    assert again.status_code == 200
    assert "bereits eine Anmeldung" in again.content.decode()


def test_admin_cancel_promotes_and_resend_sends_ticket(
    admin, category, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(category=category)
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)
    resend = reverse("registrations_admin_resend", args=[registration.pk])

    assert admin.get(resend).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(resend)
    assert mailoutbox[-1].subject.startswith("Ihr Ticket")

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("registrations_admin_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.state, waiting.state) == (S.CANCELLED, S.OFFERED)

    refused = admin.post(resend, follow=True)
    assert "Nur bestätigte Anmeldungen haben ein Ticket." in refused.content.decode()


def test_counts_view(admin, category):
    RegistrationFactory.create_batch(2, category=category)

    response = admin.get(reverse("registrations_counts"))

    assert response.status_code == 200
    assert "0 / 1" in response.content.decode()


def test_admin_views_need_permission(client, django_user_model, category):
    registration = RegistrationFactory(category=category)
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)

    assert client.post(
        reverse("registrations_admin_cancel", args=[registration.pk])
    ).status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED
