"""Paid tickets: Stripe Checkout (stubbed, never over the network), signed webhooks, duplicate
and out-of-order events, expiry of unpaid reservations, refunds on cancellation."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import stripe
from django.urls import reverse
from django.utils import timezone

from congress.models import LogEntry
from registrations import payments, services
from registrations.enums import Attendance, CategoryKind, PaymentState, RegistrationState
from registrations.models import Payment, Registration, WebhookEvent
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def checkout_calls(monkeypatch):
    """Stub Stripe: Checkout creation and refunds are recorded, never sent."""
    calls = {"checkout": [], "refund": []}

    def create(**kwargs):
        calls["checkout"].append(kwargs)
        n = len(calls["checkout"])
        return payments.CheckoutSession(id=f"cs_test_{n}", url=f"https://checkout.test/{n}")

    def refund(**kwargs):
        calls["refund"].append(kwargs)

    monkeypatch.setattr(payments, "create_checkout_session", create)
    monkeypatch.setattr(payments, "refund", refund)
    return calls


@pytest.fixture
def business():
    return TicketCategoryFactory(
        edition=EditionFactory(onsite_capacity=1),
        name="Wirtschaft",
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("100.00"),
    )


def register(category, n=0):
    return services.register_attendee(
        category=category,
        first_name="Max",
        last_name="Muster",
        email=f"max{n}@firma.example",
        attendance=Attendance.ONSITE,
        terms_accepted=True,
    )


def post_event(client, event_type, obj, event_id="evt_1", secret=WEBHOOK_SECRET, signature=None):
    payload = json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    )
    header = signature or stripe.WebhookSignature.generate_signature_header(payload, secret)
    return client.post(
        reverse("registrations:stripe_webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )


def completed(session_id="cs_test_1", intent="pi_1"):
    return {
        "id": session_id,
        "object": "checkout.session",
        "payment_status": "paid",
        "payment_intent": intent,
    }


@pytest.fixture
def pending(business, checkout_calls):
    registration = register(business)
    services.start_checkout(
        registration=registration, success_url="https://x/ok", cancel_url="https://x/no"
    )
    return registration


def test_price_includes_19_percent_vat(business):
    assert (business.vat_amount, business.price_gross) == (Decimal("19.00"), Decimal("119.00"))


def test_paid_registration_redirects_to_stubbed_checkout(client, business, checkout_calls):
    url = reverse(
        "registrations:register", args=[business.edition.congress.slug, business.edition.year]
    )

    response = client.post(
        url,
        {
            "category": business.pk,
            "attendance": "onsite",
            "first_name": "Max",
            "last_name": "Muster",
            "email": "max@firma.example",
            "terms": "on",
        },
    )

    assert (response.status_code, response["Location"]) == (302, "https://checkout.test/1")
    registration = Registration.objects.get()
    assert registration.state == S.PENDING_PAYMENT
    call = checkout_calls["checkout"][0]
    assert (call["amount"], call["email"], call["registration_id"]) == (
        Decimal("119.00"),
        "max@firma.example",
        registration.pk,
    )
    assert Payment.objects.get().checkout_session_id == "cs_test_1"


def test_paid_path_without_keys_says_not_set_up(business, settings):
    settings.STRIPE_SECRET_KEY = ""

    with pytest.raises(services.RegistrationError, match="nicht eingerichtet"):
        register(business)


def test_checkout_failure_is_a_message_and_keeps_the_reservation(business, monkeypatch):
    def fail(**kwargs):
        raise payments.PaymentProviderError("network down")

    monkeypatch.setattr(payments, "create_checkout_session", fail)
    registration = register(business)

    with pytest.raises(services.RegistrationError, match="nicht gestartet"):
        services.start_checkout(registration=registration, success_url="x", cancel_url="y")
    registration.refresh_from_db()
    assert registration.state == S.PENDING_PAYMENT


def test_webhook_completed_confirms_and_sends_ticket(
    client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, "checkout.session.completed", completed())

    assert (response.status_code, response.json()) == (200, {"status": "handled"})
    pending.refresh_from_db()
    assert pending.state == S.CONFIRMED
    payment = Payment.objects.get()
    assert (payment.state, payment.payment_intent_id) == (PaymentState.PAID, "pi_1")
    assert [m.to for m in mailoutbox] == [["max0@firma.example"]]
    assert mailoutbox[0].attachments[0][2] == "application/pdf"


def test_webhook_duplicate_event_is_ignored(
    client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "checkout.session.completed", completed())
        again = post_event(client, "checkout.session.completed", completed())
        # The same content with another event id (Stripe may resend) changes nothing either.
        other_id = post_event(client, "checkout.session.completed", completed(), event_id="evt_2")

    assert (again.status_code, again.json()) == (200, {"status": "duplicate"})
    assert (other_id.status_code, other_id.json()) == (200, {"status": "handled"})
    assert len(mailoutbox) == 1
    assert WebhookEvent.objects.count() == 2
    assert LogEntry.objects.for_instance(pending).filter(action="payment.paid").count() == 1


def test_webhook_late_expired_after_completed_changes_nothing(client, pending):
    post_event(client, "checkout.session.completed", completed(), event_id="evt_1")

    response = post_event(client, "checkout.session.expired", {"id": "cs_test_1"}, event_id="evt_0")

    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.state == S.CONFIRMED
    assert Payment.objects.get().state == PaymentState.PAID


def test_webhook_expired_frees_seat_for_waiting_list(client, pending, business):
    waiting = register(business, 2)
    assert waiting.state == S.WAITLISTED

    post_event(client, "checkout.session.expired", {"id": "cs_test_1"})

    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert (pending.state, waiting.state) == (S.EXPIRED, S.OFFERED)


def test_payment_after_local_expiry_is_refunded(
    client, pending, checkout_calls, django_capture_on_commit_callbacks
):
    later = timezone.now() + dt.timedelta(hours=2)
    assert services.expire_stale_registrations(now=later) == 1

    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "checkout.session.completed", completed())

    pending.refresh_from_db()
    assert pending.state == S.EXPIRED
    assert Payment.objects.get().state == PaymentState.REFUNDED
    assert checkout_calls["refund"] == [
        {
            "payment_intent_id": "pi_1",
            "idempotency_key": f"refund-payment-{Payment.objects.get().pk}-11900",
            "amount": None,
        }
    ]


def test_cancel_paid_registration_refunds_within_rules(
    client, pending, checkout_calls, django_capture_on_commit_callbacks
):
    post_event(client, "checkout.session.completed", completed())

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=pending)

    assert Payment.objects.get().state == PaymentState.REFUNDED
    assert len(checkout_calls["refund"]) == 1
    # Stripe's charge.refunded afterwards changes nothing.
    post_event(client, "charge.refunded", {"id": "ch_1", "payment_intent": "pi_1"}, event_id="e9")
    assert Payment.objects.get().state == PaymentState.REFUNDED


def test_cancel_after_refund_deadline_does_not_refund(client, pending, business, checkout_calls):
    post_event(client, "checkout.session.completed", completed())
    business.refundable_until = timezone.now() - dt.timedelta(days=1)
    business.save()

    services.cancel_registration(registration=pending)

    assert Payment.objects.get().state == PaymentState.PAID
    assert checkout_calls["refund"] == []


@pytest.mark.parametrize(
    ("secret", "signature"),
    [("whsec_wrong", None), (WEBHOOK_SECRET, "t=1,v1=deadbeef"), (WEBHOOK_SECRET, "garbage")],
)
def test_webhook_bad_signature_is_400_and_changes_nothing(client, pending, secret, signature):
    response = post_event(
        client, "checkout.session.completed", completed(), secret=secret, signature=signature
    )

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    pending.refresh_from_db()
    assert pending.state == S.PENDING_PAYMENT


def test_webhook_malformed_body_is_400(client):
    payload = "not json"
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)

    response = client.post(
        reverse("registrations:stripe_webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert response.status_code == 400


def test_webhook_without_secret_is_404_in_json(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    response = post_event(client, "checkout.session.completed", completed())

    assert response.status_code == 404
    assert response.json() == {"error": "Stripe is not configured."}


def test_webhook_unknown_event_type_and_unknown_session_are_acknowledged(client, db):
    assert post_event(client, "customer.created", {"id": "cus_1"}).json() == {"status": "ignored"}
    assert (
        post_event(
            client, "checkout.session.completed", completed("cs_x"), event_id="e2"
        ).status_code
        == 200
    )


def test_pay_view_restarts_checkout(client, pending, checkout_calls):
    response = client.post(reverse("registrations:pay", args=[pending.manage_token]))

    assert (response.status_code, response["Location"]) == (302, "https://checkout.test/2")


def test_pay_view_for_confirmed_registration_is_a_message(client, checkout_calls):
    registration = RegistrationFactory()

    response = client.post(reverse("registrations:pay", args=[registration.manage_token]))

    assert response.status_code == 302
    assert checkout_calls["checkout"] == []


@pytest.mark.parametrize(
    "event",
    [
        {"id": "evt_x", "type": "checkout.session.completed", "data": {"object": "nope"}},
        {"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {"id": {}}}},
        {"id": "x" * 300, "type": "checkout.session.completed", "data": {"object": {"id": "a"}}},
        {"id": 5, "type": "checkout.session.completed", "data": {"object": {"id": "a"}}},
        {"type": "checkout.session.completed", "data": {"object": {"id": "a"}}},
        {"id": "evt_y", "type": "checkout.session.completed", "data": {"object": {}}},
    ],
)
def test_webhook_malformed_events_are_400_and_write_nothing(client, event):
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)

    response = client.post(
        reverse("registrations:stripe_webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
