"""Refunds at Stripe, carried out in the background (outbox.refund_payment) for payments the
services marked for refund. What a refund means for the registration and its invoice (credit
note, cancelled ticket) the services decided when they asked for it; here the money moves, and
the payment records what Stripe confirmed (its charge.refunded event records the same, once)."""

from __future__ import annotations

from django.db.models import Case, Value, When
from django.utils import timezone

from . import payments
from .enums import LogAction, PaymentState
from .log import log_registration_action
from .models import Payment


def load_payment(payment_pk: int) -> Payment | None:
    """The payment while part of its refund is still to be made, else ``None``."""
    payment = Payment.objects.select_related("registration").filter(pk=payment_pk).first()
    if payment is None or payment.state != PaymentState.REFUND_PENDING:
        return None
    if payment.refund_target <= payment.amount_refunded or not payment.payment_intent_id:
        return None
    return payment


def carry_out_refund(payment: Payment) -> None:
    """Ask Stripe for what is left of the refund (idempotent on Stripe's side per target
    amount) and record it once."""
    target = payment.refund_target
    amount = target - payment.amount_refunded
    payments.refund(
        payment_intent_id=payment.payment_intent_id,
        idempotency_key=f"refund-payment-{payment.pk}-{int(target * 100)}",
        amount=None if amount == payment.amount else amount,
    )
    # A larger refund asked for meanwhile stays pending (its own task refunds the rest).
    state = Case(
        When(refund_target__gt=target, then=Value(PaymentState.REFUND_PENDING)),
        default=Value(PaymentState.REFUNDED if target >= payment.amount else PaymentState.PAID),
    )
    updated = Payment.objects.filter(
        pk=payment.pk, state=PaymentState.REFUND_PENDING, amount_refunded__lt=target
    ).update(state=state, amount_refunded=target, updated_at=timezone.now())
    if updated:
        full = target >= payment.amount
        log_registration_action(
            registration=payment.registration,
            action=LogAction.REFUNDED if full else LogAction.PARTIALLY_REFUNDED,
            payment=payment.pk,
            amount_refunded=str(target),
        )
