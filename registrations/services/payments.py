"""Online payment through Stripe Checkout: starting it, what a payment's money does to its
registration (paid, failed, refunded in full or in part, a lost chargeback), and refunds the
app asks Stripe for. The webhook events are turned into these facts in services/stripe_events.py;
the Stripe calls are in registrations/payments.py, the refund itself runs in the background
(outbox.refund_payment). The state diagram is in docs/payments.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import payments
from ..enums import LogAction, PaymentState
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import Invoice, Payment, Registration
from ..outbox import refund_payment
from .invoices import credited, issue_credit_note, issue_paid_invoice
from .states import (
    S,
    _enqueue_email,
    _lock_edition,
    _locked,
    payments_configured,
    set_registration_state,
)
from .waitlist import promote_waiting_list

P = PaymentState
PARTIAL_REFUND_EMAIL = "partial_refund"
# Payments that have not (yet) been paid.
UNPAID = (P.OPEN, P.EXPIRED, P.FAILED)


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


def lock_payment(payment: Payment) -> Payment:
    """The payment locked for update, after its edition (the order every writer keeps)."""
    _lock_edition(payment.registration.edition_id)
    return (
        Payment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("registration__category", "registration__edition")
        .get(pk=payment.pk)
    )


def _settle_state(payment: Payment) -> None:
    """The state of a paid payment from its amounts: refunded in full, refund pending, paid."""
    if payment.amount_refunded >= payment.amount:
        payment.state = P.REFUNDED
    elif payment.refund_target > payment.amount_refunded:
        payment.state = P.REFUND_PENDING
    else:
        payment.state = P.PAID


def request_refund(
    payment: Payment, *, amount: Decimal | None = None, by_user=None, reason: str = ""
) -> None:
    """Ask Stripe (after the commit, outbox.refund_payment) to refund ``amount`` more of a paid
    ``payment`` (default: all not yet refunded). Call with the payment locked."""
    if payment.state in UNPAID:
        return
    left = payment.amount - max(payment.refund_target, payment.amount_refunded)
    amount = left if amount is None else min(amount, left)
    if amount <= 0:
        return
    payment.refund_target = max(payment.refund_target, payment.amount_refunded) + amount
    _settle_state(payment)
    payment.save(update_fields=["refund_target", "state", "updated_at"])
    log_registration_action(
        registration=payment.registration,
        action=LogAction.REFUND_REQUESTED,
        user=by_user,
        payment=payment.pk,
        amount=str(amount),
        reason=reason,
    )
    pk = payment.pk
    transaction.on_commit(lambda: refund_payment.enqueue(pk))


def record_paid(payment: Payment, *, notify: bool = True, now=None) -> None:
    """The payment's money arrived: the reservation is confirmed (with a paid invoice), or,
    when the registration no longer waits for it (expired, cancelled, paid twice), the money
    goes back. Idempotent. Call with the payment locked."""
    if payment.state not in UNPAID:
        return
    payment.state = P.PAID
    _settle_state(payment)
    payment.save(update_fields=["state", "updated_at"])
    registration = payment.registration
    log_registration_action(registration=registration, action=LogAction.PAID, payment=payment.pk)
    if registration.state == S.PENDING_PAYMENT:
        set_registration_state(registration=registration, state=S.CONFIRMED, now=now)
        issue_paid_invoice(registration, amount=payment.amount, now=now)
        if notify:
            _enqueue_email(registration, S.CONFIRMED)
    else:
        request_refund(payment, reason="registration no longer awaits payment")


def record_unpaid(payment: Payment, *, state: str) -> None:
    """Checkout expired or the delayed payment failed: the reservation expires and frees its
    seat, unless another checkout of it is still open. A payment made already stays."""
    if payment.state != P.OPEN:
        return
    payment.state = state
    payment.save(update_fields=["state", "updated_at"])
    registration = payment.registration
    if state == P.FAILED:
        log_registration_action(
            registration=registration, action=LogAction.PAYMENT_FAILED, payment=payment.pk
        )
    has_other_open = registration.payments.filter(state=P.OPEN).exists()
    if registration.state == S.PENDING_PAYMENT and not has_other_open:
        set_registration_state(registration=registration, state=S.EXPIRED)
        _enqueue_email(registration, S.EXPIRED)
        promote_waiting_list(edition=registration.edition)


def record_refunded(payment: Payment, *, total: Decimal, by_dispute: bool = False) -> None:
    """Stripe reports ``total`` refunded of the payment (cumulative; a lost chargeback counts as
    all of it). What the app had not asked for itself is credited on the invoice now; a full
    refund cancels the registration (state "refunded": the ticket is void) and offers its seat.
    Monotonic and idempotent: a smaller or repeated total changes nothing. Payment locked."""
    total = min(total, payment.amount)
    if total <= payment.amount_refunded:
        return
    accounted = max(payment.refund_target, payment.amount_refunded)
    payment.amount_refunded = total
    payment.refund_target = max(payment.refund_target, total)
    _settle_state(payment)
    payment.save(update_fields=["amount_refunded", "refund_target", "state", "updated_at"])
    registration = payment.registration
    full = payment.state == P.REFUNDED
    log_registration_action(
        registration=registration,
        action=LogAction.REFUNDED if full else LogAction.PARTIALLY_REFUNDED,
        payment=payment.pk,
        amount_refunded=str(total),
        dispute=by_dispute,
    )
    if total > accounted:
        _credit_invoice(registration, gross=total - accounted, full=full, by_dispute=by_dispute)
    if full and registration.state in (S.CONFIRMED, S.PENDING_PAYMENT):
        set_registration_state(registration=registration, state=S.REFUNDED)
        _enqueue_email(registration, S.REFUNDED)
        promote_waiting_list(edition=registration.edition)
    elif not full and registration.state == S.CONFIRMED:
        _enqueue_email(registration, PARTIAL_REFUND_EMAIL)


def _credit_invoice(registration, *, gross, full: bool, by_dispute: bool, by_user=None):
    invoice = Invoice.objects.filter(registration=registration).first()
    if invoice is None:
        return None
    if by_dispute:
        reason = _("Zahlung durch Rückbuchung (Chargeback) zurückgefordert")
    elif full:
        reason = _("Erstattung des Teilnahmeentgelts")
    else:
        reason = _("Teilerstattung des Teilnahmeentgelts")
    return issue_credit_note(invoice=invoice, gross=gross, reason=reason, by_user=by_user)


def record_dispute(payment: Payment, *, dispute_id: str, status: str, closed: bool) -> None:
    """A chargeback opened or closed: recorded and logged; lost, it counts as a full refund."""
    if (payment.dispute_id, payment.dispute_status) == (dispute_id, status):
        return
    payment.dispute_id, payment.dispute_status = dispute_id, status
    payment.save(update_fields=["dispute_id", "dispute_status", "updated_at"])
    log_registration_action(
        registration=payment.registration,
        action=LogAction.DISPUTE_CLOSED if closed else LogAction.DISPUTE_OPENED,
        payment=payment.pk,
        dispute=dispute_id,
        status=status,
    )
    if closed and status == "lost":
        record_paid(payment, notify=False)
        record_refunded(payment, total=payment.amount, by_dispute=True)


def refund_registration(
    *, registration: Registration, amount: Decimal | None = None, by_user=None
) -> Registration:
    """The organisers refund a paid registration, in full (the registration is cancelled as
    refunded, the ticket void, the seat offered, a cancellation invoice issued) or ``amount``
    of it (an invoice correction; the registration stays). Online payments are refunded at
    Stripe; money paid on invoice goes back by transfer, which the organisers make."""
    with transaction.atomic():
        registration = _locked(registration)
        invoice = Invoice.objects.filter(registration=registration).first()
        payment = (
            registration.payments.select_for_update()
            .filter(state__in=(P.PAID, P.REFUND_PENDING))
            .order_by("created_at", "pk")
            .first()
        )
        paid = payment is not None or (invoice is not None and invoice.paid_at is not None)
        if not paid or invoice is None:
            raise RegistrationError(_("Für diese Anmeldung ist keine Zahlung eingegangen."))
        left = _refundable(invoice, payment)
        if amount is not None and not (Decimal("0") < amount <= left):
            raise RegistrationError(
                _("Erstattet werden können höchstens %(left)s EUR.") % {"left": left}
            )
        full = amount is None or amount == left
        note = _credit_invoice(
            registration,
            gross=left if full else amount,
            full=full,
            by_dispute=False,
            by_user=by_user,
        )
        if payment is not None:
            request_refund(payment, amount=note.gross if note else amount, by_user=by_user)
        if full and registration.state in (S.CONFIRMED, S.PENDING_PAYMENT):
            set_registration_state(registration=registration, state=S.REFUNDED, by_user=by_user)
            _enqueue_email(registration, S.REFUNDED)
            promote_waiting_list(edition=registration.edition)
        elif registration.state == S.CONFIRMED:
            _enqueue_email(registration, PARTIAL_REFUND_EMAIL)
    return registration


def _refundable(invoice: Invoice, payment: Payment | None) -> Decimal:
    left = invoice.gross - credited(invoice)["gross"]
    if payment is not None:
        left = min(left, payment.amount - max(payment.refund_target, payment.amount_refunded))
    if left <= 0:
        raise RegistrationError(_("Diese Anmeldung ist bereits vollständig erstattet."))
    return left
