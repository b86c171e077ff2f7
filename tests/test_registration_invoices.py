"""Payment by invoice for authorities: consecutive numbers, VAT, order reference and Leitweg-ID
in the PDF sent by email; organisers mark invoices paid; cancelling cancels an open invoice."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from registrations import services
from registrations.enums import Attendance, CategoryKind, InvoiceState, RegistrationState
from registrations.models import Invoice, Registration
from registrations.pdf import invoice_pdf
from tests.factories import EditionFactory, TicketCategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def category():
    return TicketCategoryFactory(
        edition=EditionFactory(onsite_capacity=5),
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("250.00"),
        allows_invoice=True,
    )


def register(category, n=0, **kwargs):
    values = {
        "category": category,
        "first_name": "Eva",
        "last_name": "Amt",
        "email": f"eva{n}@stadt.example",
        "attendance": Attendance.ONSITE,
        "terms_accepted": True,
        "authority": "Stadt Neuss",
        "payment_method": "invoice",
        "billing_address": "Markt 2\n41460 Neuss",
        "order_reference": "BN-4711",
        "leitweg_id": "05162024-0001-12",
    }
    values.update(kwargs)
    return services.register_attendee(**values)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_invoice_registration_is_confirmed_with_consecutive_numbers(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register(category, 1)
    second = register(category, 2)

    assert first.state == RegistrationState.CONFIRMED
    year = first.invoice.issued_at.year
    assert (first.invoice.number, second.invoice.number) == (
        f"RE-{year}-00001",
        f"RE-{year}-00002",
    )
    mail = mailoutbox[0]
    assert mail.to == ["eva1@stadt.example"]
    names = [name for name, _c, _m in mail.attachments]
    assert names[1] == f"rechnung-RE-{year}-00001.pdf"
    text = pdf_text(mail.attachments[1][1])
    for expected in [
        f"RE-{year}-00001",
        "Stadt Neuss",
        "Markt 2",
        "BN-4711",
        "05162024-0001-12",
        "250,00 EUR",
        "47,50 EUR",
        "297,50 EUR",
        "Umsatzsteuer 19 %",
    ]:
        assert expected in text


def test_invoice_works_without_stripe_keys(category, settings):
    settings.STRIPE_SECRET_KEY = ""

    assert register(category).state == RegistrationState.CONFIRMED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"billing_address": " "}, "Bitte geben Sie die Rechnungsanschrift an."),
        ({"leitweg_id": "abc"}, "Die Leitweg-ID hat nicht das Format"),
        ({"payment_method": "cash"}, "Bitte wählen Sie eine Zahlungsart."),
    ],
)
def test_invoice_bad_input_is_refused(category, kwargs, message):
    with pytest.raises(services.RegistrationError, match=message):
        register(category, **kwargs)
    assert Registration.objects.count() == Invoice.objects.count() == 0


def test_invoice_not_allowed_for_category(category):
    category.allows_invoice = False
    category.save()

    with pytest.raises(services.RegistrationError, match="keine Zahlung auf Rechnung"):
        register(category)


def test_mark_invoice_paid_once_and_cancel_cancels_open_invoice(category, admin_client):
    paid = register(category, 1).invoice
    url = reverse("registrations_admin_invoice_paid", args=[paid.pk])

    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    paid.refresh_from_db()
    assert paid.state == InvoiceState.PAID
    with pytest.raises(services.RegistrationError):
        services.mark_invoice_paid(invoice=paid)

    other = register(category, 2)
    services.cancel_registration(registration=other)
    other.invoice.refresh_from_db()
    assert other.invoice.state == InvoiceState.CANCELLED
    assert admin_client.get(reverse("invoices:index")).status_code == 200


def test_invoice_download_on_attendee_page(client, category):
    registration = register(category)

    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    response = client.get(reverse("registrations:invoice", args=[registration.manage_token]))

    assert "Rechnung RE-" in page.content.decode()
    assert response.status_code == 200
    assert registration.invoice.number in pdf_text(response.content)
    assert invoice_pdf(registration.invoice)[:4] == b"%PDF"
