"""Online payment through Stripe Checkout: starting it, the webhook events (paid, expired,
refunded; each event handled once), and refunds requested on cancellation. The Stripe calls are
in registrations/payments.py, the refund itself runs in the background (outbox.refund_payment)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import payments
from ..enums import LogAction, PaymentState
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import Payment, Registration, WebhookEvent
from ..outbox import refund_payment
from .states import (
    S,
    _enqueue_email,
    _lock_edition,
    _locked,
    payments_configured,
    set_registration_state,
)
from .waitlist import promote_waiting_list


def _request_refund(payment: Payment, *, by_user=None) -> None:
    """Mark ``payment`` for refund and ask Stripe after the commit (tasks.refund_payment)."""
    payment.state = PaymentState.REFUND_PENDING
    payment.save(update_fields=["state", "updated_at"])
    log_registration_action(
        registration=payment.registration,
        action=LogAction.REFUND_REQUESTED,
        user=by_user,
        payment=payment.pk,
        amount=str(payment.amount),
    )
    pk = payment.pk
    transaction.on_commit(lambda: refund_payment.enqueue(pk))


def start_checkout(
    *, registration: Registration, success_url: str, cancel_url: str, now=None
) -> Payment:
    """A Stripe Checkout session for a reservation awaiting payment; redirect to its url."""
    now = now or timezone.now()
    if not payments_configured():
        raise RegistrationError(_("Die Online-Zahlung ist noch nicht eingerichtet."))
    if registration.state != S.PENDING_PAYMENT or registration.reserved_until <= now:
        raise RegistrationError(_("Diese Anmeldung wartet nicht auf eine Zahlung."))
    category = registration.category
    # Stripe lets a Checkout session expire 30 minutes after creation at the earliest.
    expires_at = max(registration.reserved_until, now + dt.timedelta(minutes=31))
    try:
        session = payments.create_checkout_session(
            registration_id=registration.pk,
            email=registration.email,
            name=f"{registration.edition.title}: {category.name}",
            amount=category.price_gross,
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=expires_at,
        )
    except payments.PaymentProviderError as exc:
        raise RegistrationError(
            _(
                "Die Zahlung konnte gerade nicht gestartet werden. Bitte versuchen Sie es später erneut."
            )
        ) from exc
    with transaction.atomic():
        registration = _locked(registration)
        registration.reserved_until = expires_at
        registration.save(update_fields=["reserved_until", "updated_at"])
        payment = Payment.objects.create(
            registration=registration,
            amount=category.price_gross,
            checkout_session_id=session.id,
            checkout_url=session.url,
        )
        log_registration_action(
            registration=registration, action=LogAction.CHECKOUT_STARTED, payment=payment.pk
        )
    return payment


def _locked_payment(*, session_id: str = "", payment_intent_id: str = "") -> Payment | None:
    payments_qs = Payment.objects.select_related("registration")
    if session_id:
        payment = payments_qs.filter(checkout_session_id=session_id).first()
    else:
        payment = (
            payments_qs.filter(payment_intent_id=payment_intent_id).first()
            if (payment_intent_id)
            else None
        )
    if payment is None:
        return None
    _lock_edition(payment.registration.edition_id)
    return (
        Payment.objects.select_for_update()
        .select_related("registration__category")
        .get(pk=payment.pk)
    )


def complete_payment(*, session_id: str, payment_intent_id: str = "") -> Payment | None:
    """Checkout finished and paid: confirm the registration. Idempotent; a payment arriving for a
    registration that has meanwhile expired or been cancelled is refunded."""
    with transaction.atomic():
        payment = _locked_payment(session_id=session_id)
        if (
            payment is None
            or payment.state != PaymentState.OPEN
            and payment.state != PaymentState.EXPIRED
        ):
            return payment
        payment.state = PaymentState.PAID
        payment.payment_intent_id = payment_intent_id
        payment.save(update_fields=["state", "payment_intent_id", "updated_at"])
        registration = payment.registration
        log_registration_action(
            registration=registration, action=LogAction.PAID, payment=payment.pk
        )
        if registration.state == S.PENDING_PAYMENT:
            set_registration_state(registration=registration, state=S.CONFIRMED)
            _enqueue_email(registration, S.CONFIRMED)
        else:
            _request_refund(payment)
    return payment


def expire_payment(*, session_id: str) -> Payment | None:
    """Checkout expired unpaid: the reservation expires and frees its seat. A late or repeated
    event for a payment already made changes nothing."""
    with transaction.atomic():
        payment = _locked_payment(session_id=session_id)
        if payment is None or payment.state != PaymentState.OPEN:
            return payment
        payment.state = PaymentState.EXPIRED
        payment.save(update_fields=["state", "updated_at"])
        registration = payment.registration
        has_other_open = registration.payments.filter(state=PaymentState.OPEN).exists()
        if registration.state == S.PENDING_PAYMENT and not has_other_open:
            set_registration_state(registration=registration, state=S.EXPIRED)
            _enqueue_email(registration, S.EXPIRED)
            promote_waiting_list(edition=registration.edition)
    return payment


def record_refund(*, payment_intent_id: str) -> Payment | None:
    with transaction.atomic():
        payment = _locked_payment(payment_intent_id=payment_intent_id)
        if payment is None or payment.state == PaymentState.REFUNDED:
            return payment
        payment.state = PaymentState.REFUNDED
        payment.save(update_fields=["state", "updated_at"])
        log_registration_action(
            registration=payment.registration, action=LogAction.REFUNDED, payment=payment.pk
        )
    return payment


def handle_stripe_event(*, event_id: str, event_type: str, data: dict) -> str:
    """Dispatch a verified Stripe event by type; an event seen before is ignored.

    Returns "duplicate", "ignored" or "handled".
    """
    handlers = {
        "checkout.session.completed": lambda: (
            complete_payment(
                session_id=data["id"], payment_intent_id=data.get("payment_intent") or ""
            )
            if data.get("payment_status") == "paid"
            else None
        ),
        "checkout.session.async_payment_succeeded": lambda: complete_payment(
            session_id=data["id"], payment_intent_id=data.get("payment_intent") or ""
        ),
        "checkout.session.expired": lambda: expire_payment(session_id=data["id"]),
        "checkout.session.async_payment_failed": lambda: expire_payment(session_id=data["id"]),
        "charge.refunded": lambda: record_refund(
            payment_intent_id=data.get("payment_intent") or ""
        ),
    }
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(event_id=event_id, type=event_type)
        except IntegrityError:
            return "duplicate"
        handler = handlers.get(event_type)
        if handler is None:
            return "ignored"
        handler()
    return "handled"
