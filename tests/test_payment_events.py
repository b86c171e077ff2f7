"""Stripe's events in every order: completed, refunded (in full or in part), expired, delayed
payments and disputes converge on the same payment, registration, ticket, seats and documents.
Events are matched by the object's own ids and by the references the app set; an event that
comes before its payment is known waits and is applied when it is. Stripe is stubbed."""

import io
import itertools
import json
from decimal import Decimal

import pytest
import stripe
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from congress.models import LogEntry
from registrations import checkin, payments, services
from registrations.enums import (
    Attendance,
    CategoryKind,
    CreditNoteKind,
    InvoiceState,
    PaymentState,
    RegistrationState,
    WebhookStatus,
)
from registrations.models import CreditNote, Invoice, Payment, WebhookEvent
from registrations.tickets import ticket_payload
from tests.factories import CongressFactory, EditionFactory, TicketCategoryFactory
from tests.test_registration_invoices import SELLER

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
P = PaymentState
WEBHOOK_SECRET = "whsec_test_secret"
GROSS_CENTS = 34510  # 290.00 net + 19 % VAT
GROSS = Decimal("345.10")
UBL = {
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def stripe_calls(monkeypatch):
    calls = {"checkout": [], "refund": []}

    def create(**kwargs):
        calls["checkout"].append(kwargs)
        n = len(calls["checkout"])
        return payments.CheckoutSession(id=f"cs_test_{n}", url=f"https://checkout.test/{n}")

    monkeypatch.setattr(payments, "create_checkout_session", create)
    monkeypatch.setattr(payments, "refund", lambda **kwargs: calls["refund"].append(kwargs))
    return calls


@pytest.fixture
def category():
    """One seat on site, a paid business ticket, a congress with complete seller data."""
    edition = EditionFactory(congress=CongressFactory(**SELLER), onsite_capacity=1)
    return TicketCategoryFactory(
        edition=edition, kind=CategoryKind.BUSINESS, price_net=Decimal("290.00")
    )


def register(category, n=0, **kwargs):
    return services.register_attendee(
        category=category,
        first_name="Łukasz",
        last_name=f"Muster{n}",
        email=f"person{n}@firma.example",
        attendance=Attendance.ONSITE,
        terms_accepted=True,
        billing_address="Firma GmbH\nHauptstraße 5\n41460 Neuss",
        **kwargs,
    )


@pytest.fixture
def pending(category, stripe_calls):
    registration = register(category)
    services.start_checkout(
        registration=registration, success_url="https://x/ok", cancel_url="https://x/no"
    )
    return registration


@pytest.fixture
def waiting(category, pending):
    registration = register(category, 1)
    assert registration.state == S.WAITLISTED
    return registration


def post(client, event_type, obj, event_id):
    payload = json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    return client.post(
        reverse("registrations:stripe_webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )


def completed(registration, payment_status="paid"):
    return {
        "id": "cs_test_1",
        "object": "checkout.session",
        "payment_status": payment_status,
        "payment_intent": "pi_1",
        "client_reference_id": str(registration.pk),
        "metadata": {"registration_id": str(registration.pk)},
        "amount_total": GROSS_CENTS,
    }


def expired():
    return {"id": "cs_test_1", "object": "checkout.session", "payment_status": "unpaid"}


def refunded(amount_refunded=GROSS_CENTS, *, registration=None, full=None):
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_1",
        "amount": GROSS_CENTS,
        "amount_refunded": amount_refunded,
        "refunded": amount_refunded == GROSS_CENTS if full is None else full,
    }
    if registration is not None:
        charge["metadata"] = {"registration_id": str(registration.pk)}
    return charge


def scan(registration) -> str:
    registration.refresh_from_db()
    try:
        return checkin.check_in_ticket(
            payload=ticket_payload(registration), edition=registration.edition, count=False
        ).code
    except checkin.CheckInRefused as refused:
        return refused.code


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def credit_note_xml(note):
    from registrations.xrechnung import credit_note_xml as build

    return etree.fromstring(build(note), parser=etree.XMLParser(resolve_entities=False))


def xpath(root, path):
    values = root.xpath(path, namespaces=UBL)
    assert len(values) == 1, path
    return values[0] if isinstance(values[0], str) else values[0].text


def send(client, capture, events):
    for n, (event_type, obj) in enumerate(events):
        with capture(execute=True):
            response = post(client, event_type, obj, f"evt_{n}")
        assert response.status_code == 200, response.content


ORDERS = list(itertools.permutations("CRE"))


@pytest.mark.parametrize("with_metadata", [False, True], ids=["ids-only", "metadata"])
@pytest.mark.parametrize("order", ORDERS, ids=["".join(o) for o in ORDERS])
def test_every_order_of_completed_refunded_expired_converges(
    client, pending, waiting, stripe_calls, django_capture_on_commit_callbacks, order, with_metadata
):
    events = {
        "C": ("checkout.session.completed", completed(pending)),
        "R": ("charge.refunded", refunded(registration=pending if with_metadata else None)),
        "E": ("checkout.session.expired", expired()),
    }

    send(client, django_capture_on_commit_callbacks, [events[key] for key in order])

    # Expiry before the payment was known wins the seat back for good; otherwise the payment
    # confirmed the registration first and the full refund cancelled it.
    known_at = order.index("C") if not with_metadata else min(order.index("C"), order.index("R"))
    expired_first = order.index("E") < known_at
    payment = Payment.objects.get()
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (payment.state, payment.amount_refunded) == (P.REFUNDED, GROSS)
    assert pending.state == (S.EXPIRED if expired_first else S.REFUNDED)
    assert scan(pending) == ("cancelled" if expired_first else "refunded")
    assert waiting.state == S.OFFERED
    assert services.free_onsite_seats(pending.edition) == 0
    assert WebhookEvent.objects.filter(status=WebhookStatus.PENDING).count() == 0
    # Stripe refunds at most once: only when the app itself had to send the money back.
    app_refund = order.index("E") < order.index("C") < order.index("R")
    assert len(stripe_calls["refund"]) == (1 if app_refund else 0)
    if expired_first:
        assert not Invoice.objects.exists()
        return
    invoice = Invoice.objects.get()
    note = CreditNote.objects.get()
    assert (invoice.state, note.kind, note.gross, note.net, note.vat) == (
        InvoiceState.CANCELLED,
        CreditNoteKind.CANCELLATION,
        GROSS,
        Decimal("290.00"),
        Decimal("55.10"),
    )
    text = pdf_text(
        client.get(
            reverse("registrations:credit_note", args=[pending.manage_token, note.pk])
        ).content
    )
    assert f"Stornorechnung {note.number}" in text
    assert f"Zur Rechnung: {invoice.number} vom" in text
    assert "-345,10 EUR" in text
    root = credit_note_xml(note)
    assert xpath(root, "/cn:CreditNote/cbc:CreditNoteTypeCode") == "381"
    assert (
        xpath(root, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == invoice.number
    )
    assert xpath(root, "//cac:LegalMonetaryTotal/cbc:PayableAmount") == "345.10"


def test_refund_before_completion_is_kept_not_dropped(client, pending, waiting, stripe_calls):
    """The issue's case: charge.refunded first was answered, dropped and marked seen."""
    first = post(client, "charge.refunded", refunded(), "evt_r")

    assert first.json() == {"status": "pending"}
    assert WebhookEvent.objects.get(event_id="evt_r").status == WebhookStatus.PENDING
    pending.refresh_from_db()
    assert pending.state == S.PENDING_PAYMENT

    second = post(client, "checkout.session.completed", completed(pending), "evt_c")

    assert second.json() == {"status": "handled"}
    pending.refresh_from_db()
    assert pending.state == S.REFUNDED
    assert scan(pending) == "refunded"
    assert WebhookEvent.objects.get(event_id="evt_r").status == WebhookStatus.APPLIED
    assert post(client, "charge.refunded", refunded(), "evt_r").json() == {"status": "duplicate"}


def test_partial_refund_keeps_the_ticket_and_issues_a_correction(
    client, pending, waiting, django_capture_on_commit_callbacks, mailoutbox
):
    """The issue's case: amount_refunded 1000 of 34510, refunded false."""
    send(
        client,
        django_capture_on_commit_callbacks,
        [
            ("checkout.session.completed", completed(pending)),
            ("charge.refunded", refunded(1000)),
        ],
    )

    payment = Payment.objects.get()
    assert (payment.state, payment.amount_refunded) == (P.PAID, Decimal("10.00"))
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (pending.state, waiting.state) == (S.CONFIRMED, S.WAITLISTED)
    assert scan(pending) == "admitted"
    note = CreditNote.objects.get()
    assert (note.kind, note.gross, note.net, note.vat) == (
        CreditNoteKind.CORRECTION,
        Decimal("10.00"),
        Decimal("8.40"),
        Decimal("1.60"),
    )
    assert Invoice.objects.get().state == InvoiceState.PAID
    text = pdf_text(
        client.get(
            reverse("registrations:credit_note", args=[pending.manage_token, note.pk])
        ).content
    )
    assert f"Rechnungskorrektur {note.number}" in text and "-10,00 EUR" in text
    root = credit_note_xml(note)
    assert xpath(root, "//cac:LegalMonetaryTotal/cbc:PayableAmount") == "10.00"
    assert xpath(root, "//cac:TaxTotal/cbc:TaxAmount") == "1.60"
    assert mailoutbox[-1].subject.startswith("Teilerstattung")
    assert [name for name, _c, _m in mailoutbox[-1].attachments] == [f"{note.number}.pdf"]
    page = client.get(reverse("registrations:manage", args=[pending.manage_token])).content.decode()
    assert f"Rechnungskorrektur {note.number} herunterladen" in page


def test_partial_then_full_refund_credits_the_rest_exactly(
    client, pending, waiting, django_capture_on_commit_callbacks
):
    send(
        client,
        django_capture_on_commit_callbacks,
        [
            ("checkout.session.completed", completed(pending)),
            ("charge.refunded", refunded(1000)),
            ("charge.refunded", refunded(GROSS_CENTS)),
            ("charge.refunded", refunded(1000)),  # a late, smaller report changes nothing
        ],
    )

    notes = list(CreditNote.objects.order_by("pk"))
    invoice = Invoice.objects.get()
    assert [n.gross for n in notes] == [Decimal("10.00"), Decimal("335.10")]
    assert sum(n.net for n in notes) == invoice.net and sum(n.vat for n in notes) == invoice.vat
    assert invoice.state == InvoiceState.CANCELLED
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (pending.state, waiting.state) == (S.REFUNDED, S.OFFERED)
    assert Payment.objects.get().state == P.REFUNDED


@pytest.mark.parametrize("amounts", [(2000, 1000), (1000, 2000)])
def test_partial_refunds_in_any_order_credit_the_largest_total(
    client, pending, django_capture_on_commit_callbacks, amounts
):
    send(
        client,
        django_capture_on_commit_callbacks,
        [("checkout.session.completed", completed(pending))]
        + [("charge.refunded", refunded(amount)) for amount in amounts],
    )

    assert Payment.objects.get().amount_refunded == Decimal("20.00")
    assert services.credited(Invoice.objects.get())["gross"] == Decimal("20.00")


def test_partial_refund_before_completion_applies_after_it(
    client, pending, django_capture_on_commit_callbacks
):
    send(
        client,
        django_capture_on_commit_callbacks,
        [
            ("charge.refunded", refunded(1000)),
            ("checkout.session.completed", completed(pending)),
        ],
    )

    pending.refresh_from_db()
    assert pending.state == S.CONFIRMED
    assert Payment.objects.get().amount_refunded == Decimal("10.00")
    assert CreditNote.objects.get().gross == Decimal("10.00")


def test_completion_of_an_unknown_session_is_matched_by_the_apps_reference(
    client, category, stripe_calls
):
    registration = register(category)  # its checkout row was never written
    obj = {**completed(registration), "id": "cs_lost"}

    assert post(client, "checkout.session.completed", obj, "evt_1").json() == {"status": "handled"}

    registration.refresh_from_db()
    payment = Payment.objects.get()
    assert (registration.state, payment.checkout_session_id, payment.amount) == (
        S.CONFIRMED,
        "cs_lost",
        GROSS,
    )


def test_delayed_payment_succeeds_or_fails(client, pending, waiting):
    post(client, "checkout.session.completed", completed(pending, "unpaid"), "evt_1")
    pending.refresh_from_db()
    assert pending.state == S.PENDING_PAYMENT
    assert Payment.objects.get().payment_intent_id == "pi_1"

    post(client, "checkout.session.async_payment_failed", expired(), "evt_2")

    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (Payment.objects.get().state, pending.state, waiting.state) == (
        P.FAILED,
        S.EXPIRED,
        S.OFFERED,
    )
    assert LogEntry.objects.for_instance(pending).filter(action="payment.failed").count() == 1


def test_delayed_payment_success_confirms(client, pending):
    post(client, "checkout.session.completed", completed(pending, "unpaid"), "evt_1")
    post(client, "checkout.session.async_payment_succeeded", completed(pending), "evt_2")

    pending.refresh_from_db()
    assert pending.state == S.CONFIRMED
    assert Invoice.objects.get().state == InvoiceState.PAID


def dispute(status, **extra):
    return {
        "id": "dp_1",
        "object": "dispute",
        "charge": "ch_1",
        "payment_intent": "pi_1",
        "amount": GROSS_CENTS,
        "status": status,
        **extra,
    }


def test_dispute_is_recorded_and_a_lost_one_counts_as_refund(client, pending, waiting):
    post(client, "checkout.session.completed", completed(pending), "evt_1")
    post(client, "charge.dispute.created", dispute("needs_response"), "evt_2")

    payment = Payment.objects.get()
    assert (payment.dispute_id, payment.dispute_status, payment.state) == (
        "dp_1",
        "needs_response",
        P.PAID,
    )
    assert LogEntry.objects.for_instance(pending).filter(action="payment.dispute_opened").exists()

    post(client, "charge.dispute.closed", dispute("lost"), "evt_3")

    payment.refresh_from_db()
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (payment.state, pending.state, waiting.state) == (P.REFUNDED, S.REFUNDED, S.OFFERED)
    assert CreditNote.objects.get().kind == CreditNoteKind.CANCELLATION
    assert scan(pending) == "refunded"


def test_won_dispute_keeps_the_registration(client, pending):
    post(client, "checkout.session.completed", completed(pending), "evt_1")
    post(client, "charge.dispute.closed", dispute("won"), "evt_2")

    pending.refresh_from_db()
    assert (pending.state, Payment.objects.get().dispute_status) == (S.CONFIRMED, "won")
    assert not CreditNote.objects.exists()


def test_cancelled_registration_refund_is_credited_once(
    client, pending, stripe_calls, django_capture_on_commit_callbacks
):
    post(client, "checkout.session.completed", completed(pending), "evt_1")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=pending)
    # Stripe reports the refund the app asked for: nothing more to credit.
    post(client, "charge.refunded", refunded(), "evt_2")

    pending.refresh_from_db()
    assert pending.state == S.CANCELLED
    assert scan(pending) == "cancelled"
    assert [n.kind for n in CreditNote.objects.all()] == [CreditNoteKind.CANCELLATION]
    assert Payment.objects.get().state == P.REFUNDED
    assert len(stripe_calls["refund"]) == 1


def test_credit_note_xml_elements_follow_the_ubl_credit_note_order(client, pending):
    post(client, "checkout.session.completed", completed(pending), "evt_1")
    post(client, "charge.refunded", refunded(1000), "evt_2")

    root = credit_note_xml(CreditNote.objects.get())

    tags = [etree.QName(child).localname for child in root]
    assert tags == [
        "CustomizationID",
        "ProfileID",
        "ID",
        "IssueDate",
        "CreditNoteTypeCode",
        "Note",
        "DocumentCurrencyCode",
        "BuyerReference",
        "InvoicePeriod",
        "BillingReference",
        "AccountingSupplierParty",
        "AccountingCustomerParty",
        "PaymentMeans",
        "PaymentTerms",
        "TaxTotal",
        "LegalMonetaryTotal",
        "CreditNoteLine",
    ]
    assert xpath(root, "//cac:CreditNoteLine/cbc:CreditedQuantity") == "1"
    assert xpath(root, "//cac:InvoiceDocumentReference/cbc:IssueDate") == (
        Invoice.objects.get().issue_date.isoformat()
    )
