"""Stripe's webhook events as facts about a payment, applied in whatever order they arrive.

Each event is stored once by its id (a repeated delivery is a "duplicate"). Its payment is found
by the object's own ids (Checkout Session, payment intent, charge) or by the references the app
set when it created the session (client_reference_id and metadata.registration_id, copied onto
the payment intent and so onto charges and disputes). An event whose payment is not known yet
(a refund before the completion that names the payment intent) is kept as "pending" and applied
as soon as a payment learns that payment intent, so nothing is lost or applied twice.

Writers keep one lock order: the payment intent (a PostgreSQL advisory lock, so that a pending
event and the completion that resolves it cannot miss each other), the edition, the payment.
"""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

from django.db import IntegrityError, connection, transaction

from .. import payments
from ..enums import PaymentState, WebhookStatus
from ..models import Payment, Registration, WebhookEvent
from .payments import (
    UNPAID,
    lock_payment,
    record_dispute,
    record_paid,
    record_refunded,
    record_unpaid,
)

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")


def _cents(value: int | None) -> Decimal | None:
    return None if value is None else (Decimal(value) / 100).quantize(CENT)


def _lock_payment_intent(payment_intent: str) -> None:
    """Serialise the events of one payment intent (PostgreSQL; SQLite serialises all writes)."""
    if not payment_intent or connection.vendor != "postgresql":
        return
    key = int.from_bytes(
        hashlib.blake2b(payment_intent.encode(), digest_size=8).digest(), "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _charge_id(obj: payments.EventObject) -> str:
    return obj.id if obj.object == "charge" else obj.charge


def find_payment(event_type: str, obj: payments.EventObject) -> Payment | None:
    """The payment an event is about, by the object's ids, else by the app's references."""
    found = Payment.objects.select_related("registration")
    if event_type.startswith("checkout.session."):
        payment = found.filter(checkout_session_id=obj.id).first()
        if payment is not None:
            return payment
    if obj.payment_intent:
        payment = found.filter(payment_intent_id=obj.payment_intent).first()
        if payment is not None:
            return payment
    if charge := _charge_id(obj):
        payment = found.filter(charge_id=charge).first()
        if payment is not None:
            return payment
    return _payment_by_reference(event_type, obj)


def _payment_by_reference(event_type: str, obj: payments.EventObject) -> Payment | None:
    registration_id = obj.registration_reference
    if registration_id is None:
        return None
    registration = (
        Registration.objects.filter(pk=registration_id).select_related("category").first()
    )
    if registration is None:
        return None
    if event_type.startswith("checkout.session."):
        # The session of this registration whose row was never written (the app failed between
        # creating the session and storing it): recorded now.
        amount = _cents(obj.amount_total)
        payment, _created = Payment.objects.get_or_create(
            checkout_session_id=obj.id,
            defaults={
                "registration": registration,
                "amount": amount if amount is not None else registration.category.price_gross,
            },
        )
        return payment
    # A charge or dispute before its completion: the registration's one payment that does not
    # know its payment intent yet; with several candidates it waits for the completion.
    candidates = list(
        registration.payments.filter(payment_intent_id="", state__in=UNPAID).select_related(
            "registration"
        )[:2]
    )
    return candidates[0] if len(candidates) == 1 else None


def _learn_ids(payment: Payment, obj: payments.EventObject) -> None:
    fields = []
    if obj.payment_intent and not payment.payment_intent_id:
        payment.payment_intent_id = obj.payment_intent
        fields.append("payment_intent_id")
    if (charge := _charge_id(obj)) and not payment.charge_id:
        payment.charge_id = charge
        fields.append("charge_id")
    if fields:
        payment.save(update_fields=[*fields, "updated_at"])


def _refunded_total(payment: Payment, obj: payments.EventObject) -> Decimal:
    """The charge's refunded amount; ``refunded`` true or all of the charge means in full."""
    if obj.refunded or (
        obj.amount is not None
        and obj.amount_refunded is not None
        and obj.amount_refunded >= obj.amount
    ):
        return payment.amount
    return _cents(obj.amount_refunded) or Decimal("0.00")


def apply_event(payment: Payment, event_type: str, obj: payments.EventObject) -> None:
    """Apply one event to its (locked) payment."""
    _learn_ids(payment, obj)
    if event_type == "checkout.session.completed":
        if obj.payment_status in ("paid", "no_payment_required"):
            record_paid(payment)
    elif event_type == "checkout.session.async_payment_succeeded":
        record_paid(payment)
    elif event_type == "checkout.session.expired":
        record_unpaid(payment, state=PaymentState.EXPIRED)
    elif event_type == "checkout.session.async_payment_failed":
        record_unpaid(payment, state=PaymentState.FAILED)
    elif event_type == "charge.refunded":
        total = _refunded_total(payment, obj)
        # A refund proves the payment: applied first (the completion may come later).
        record_paid(payment, notify=total < payment.amount)
        record_refunded(payment, total=total)
    elif event_type in ("charge.dispute.created", "charge.dispute.closed"):
        record_dispute(
            payment,
            dispute_id=obj.id,
            status=obj.status,
            closed=event_type == "charge.dispute.closed",
        )


def _apply_pending(payment: Payment) -> None:
    """Apply the events kept for the payment intent the payment now knows, in arrival order."""
    if not payment.payment_intent_id:
        return
    pending = WebhookEvent.objects.select_for_update().filter(
        status=WebhookStatus.PENDING, payment_intent_id=payment.payment_intent_id
    )
    for record in pending.order_by("received_at", "pk"):
        try:
            obj = payments.parse_event_object(record.payload)
        except payments.InvalidWebhook:  # stored after validation: cannot happen
            logger.exception("Stored Stripe event %s is invalid", record.event_id)
            continue
        apply_event(payment, record.type, obj)
        record.status, record.payment = WebhookStatus.APPLIED, payment
        record.save(update_fields=["status", "payment"])


def handle_stripe_event(*, event: payments.StripeEvent) -> str:
    """Store and apply a verified event: "duplicate" (seen before), "ignored" (a type or a
    payment not ours), "pending" (its payment is not known yet) or "handled"."""
    obj = event.object
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    event_id=event.id,
                    type=event.type,
                    payment_intent_id=obj.payment_intent,
                    payload=event.payload,
                    status=WebhookStatus.IGNORED,
                )
        except IntegrityError:
            return "duplicate"
        if event.type not in payments.HANDLED_EVENTS:
            return "ignored"
        _lock_payment_intent(obj.payment_intent)
        payment = find_payment(event.type, obj)
        if payment is None:
            if not obj.payment_intent:
                return "ignored"
            record.status = WebhookStatus.PENDING
            record.save(update_fields=["status"])
            logger.info("Stripe event %s waits for payment intent %s", event.id, obj.payment_intent)
            return "pending"
        payment = lock_payment(payment)
        apply_event(payment, event.type, obj)
        record.status, record.payment = WebhookStatus.APPLIED, payment
        record.save(update_fields=["status", "payment"])
        _apply_pending(payment)
    return "handled"
