"""Refunds at Stripe, carried out in the background (outbox.refund_payment) for payments the
services marked for refund."""

from __future__ import annotations

from . import payments
from .enums import LogAction, PaymentState
from .log import log_registration_action
from .models import Payment


def load_payment(payment_pk: int) -> Payment | None:
    """The payment while it awaits its refund, else ``None``."""
    payment = Payment.objects.select_related("registration").filter(pk=payment_pk).first()
    if payment is None or payment.state != PaymentState.REFUND_PENDING:
        return None
    return payment


def carry_out_refund(payment: Payment) -> None:
    """Ask Stripe for the refund (idempotent on Stripe's side) and record it once."""
    payments.refund(
        payment_intent_id=payment.payment_intent_id, idempotency_key=f"refund-payment-{payment.pk}"
    )
    updated = Payment.objects.filter(pk=payment.pk, state=PaymentState.REFUND_PENDING).update(
        state=PaymentState.REFUNDED
    )
    if updated:
        log_registration_action(
            registration=payment.registration, action=LogAction.REFUNDED, payment=payment.pk
        )
