"""Business rules of registrations: register, cancel, switch attendance, waiting list.

Capacity: every write that takes or frees an on-site seat (or a place in a category's quota)
first locks the edition's row with ``select_for_update``. On PostgreSQL this serialises the
counting and the insert per edition, so concurrent registrations never overbook; SQLite locks the
whole database for a write transaction anyway.

Seats are held by registrations on site in the states of ``HOLDING_STATES`` (confirmed, awaiting
payment, offered to someone from the waiting list). When a seat is freed, the first person on the
waiting list is offered it with a deadline (``REGISTRATION_OFFER_HOURS``); an offer or an unpaid
reservation that runs out expires and frees its seat again (``expire_stale_registrations``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Edition, seller_snapshot

from . import payments
from .enums import (
    HOLDING_STATES,
    Attendance,
    InvoiceState,
    PaymentMethod,
    PaymentState,
    RegistrationState,
)
from .models import (
    ForumChoice,
    Invoice,
    InvoiceSequence,
    Payment,
    Registration,
    RegistrationLogEntry,
    TicketCategory,
    Voucher,
    WebhookEvent,
)

S = RegistrationState

# Which state may follow which; everything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.CONFIRMED, S.CANCELLED, S.EXPIRED},
    S.CONFIRMED: {S.CANCELLED},
    S.WAITLISTED: {S.OFFERED, S.CANCELLED},
    S.OFFERED: {S.CONFIRMED, S.PENDING_PAYMENT, S.CANCELLED, S.EXPIRED},
    S.CANCELLED: set(),
    S.EXPIRED: set(),
}
ACTIVE_STATES = (*HOLDING_STATES, S.WAITLISTED)
# Leitweg-ID (XRechnung): coarse address, optional fine address, two check digits.
LEITWEG_ID = re.compile(r"^[0-9]{2,12}(-[0-9A-Z]{1,30})?-[0-9]{2}$")


class RegistrationError(Exception):
    """A registration rule refused the request; ``message`` is fit for the attendee."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def payments_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def log_registration_action(
    *, registration: Registration, action: str, user=None, **data
) -> RegistrationLogEntry:
    return RegistrationLogEntry.objects.create(
        registration=registration,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        data=data,
    )


def _enqueue_email(registration: Registration, kind: str) -> None:
    """Queue the email. With the database task backend the task row is written inside the
    current transaction (a transactional outbox): it commits with the change or not at all, and
    the worker cannot see it before the commit, so one COMMIT covers both. Other backends (the
    immediate one runs the task on the spot) are called after the commit."""
    from .tasks import send_registration_email

    pk = registration.pk
    if _backend_is_database(send_registration_email.get_backend()):
        send_registration_email.enqueue(pk, kind)
    else:
        transaction.on_commit(lambda: send_registration_email.enqueue(pk, kind))


def _backend_is_database(backend) -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(backend, DatabaseBackend)


def _lock_edition(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def free_onsite_seats(edition: Edition) -> int | None:
    """Free seats on site, ``None`` when unlimited. Call with the edition locked to rely on it."""
    if edition.onsite_capacity is None:
        return None
    taken = Registration.objects.for_edition(edition).holding_seat().count()
    return max(edition.onsite_capacity - taken, 0)


def _check_category(
    *, category: TicketCategory, email: str, attendance: str, voucher_code: str, now
) -> None:
    if not category.is_on_sale(now):
        raise RegistrationError(_("Für diese Ticketkategorie läuft gerade kein Verkauf."))
    if not category.is_public and not category.requires_voucher:
        raise RegistrationError(_("Diese Ticketkategorie vergibt das Organisationsteam."))
    if category.requires_voucher and not voucher_code:
        raise RegistrationError(
            _("Für diese Ticketkategorie brauchen Sie einen Gutscheincode."), field="voucher_code"
        )
    if attendance not in category.attendance_options:
        raise RegistrationError(
            _("Diese Ticketkategorie gilt nicht für die gewählte Teilnahmeform."),
            field="attendance",
        )
    domains = category.allowed_domains
    if domains:
        domain = email.rsplit("@", 1)[-1].lower()
        if not any(domain == d or domain.endswith("." + d) for d in domains):
            raise RegistrationError(
                _("Diese Ticketkategorie ist Adressen dieser Domains vorbehalten: %(domains)s")
                % {"domains": ", ".join(domains)},
                field="email",
            )


def register_attendee(
    *,
    category: TicketCategory,
    first_name: str,
    last_name: str,
    email: str,
    attendance: str,
    terms_accepted: bool,
    organisation: str = "",
    authority: str = "",
    declaration_accepted: bool = False,
    answers: dict | None = None,
    accepts_online: bool = False,
    voucher_code: str = "",
    payment_method: str = PaymentMethod.ONLINE,
    billing_address: str = "",
    order_reference: str = "",
    leitweg_id: str = "",
    user=None,
    by_user=None,
    skip_sales_checks: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register an attendee: confirmed, awaiting payment, or on the waiting list when no seat is
    free on site (or online instead, when the attendee accepts that and the category allows it).

    Raises ``RegistrationError`` when a rule refuses it; nothing is written then.
    ``skip_sales_checks`` lets the organisers register someone outside the public rules.
    """
    now = now or timezone.now()
    email = email.strip()
    voucher_code = voucher_code.strip()
    if not (first_name.strip() and last_name.strip() and email):
        raise RegistrationError(_("Bitte geben Sie Vorname, Nachname und E-Mail-Adresse an."))
    if not terms_accepted:
        raise RegistrationError(
            _("Bitte stimmen Sie den Teilnahmebedingungen und der Datenschutzerklärung zu."),
            field="terms",
        )
    if attendance not in Attendance.values:
        raise RegistrationError(_("Bitte wählen Sie eine Teilnahmeform."), field="attendance")
    if not skip_sales_checks:
        _check_category(
            category=category,
            email=email,
            attendance=attendance,
            voucher_code=voucher_code,
            now=now,
        )
    leitweg_id = leitweg_id.strip().upper()
    if category.is_free:
        payment_method = ""
    elif payment_method == PaymentMethod.INVOICE:
        if not category.allows_invoice:
            raise RegistrationError(
                _("Für diese Ticketkategorie ist keine Zahlung auf Rechnung möglich."),
                field="payment_method",
            )
        if not billing_address.strip():
            raise RegistrationError(
                _("Bitte geben Sie die Rechnungsanschrift an."), field="billing_address"
            )
        if leitweg_id and not LEITWEG_ID.match(leitweg_id):
            raise RegistrationError(
                _("Die Leitweg-ID hat nicht das Format 991-12345-67."), field="leitweg_id"
            )
    elif payment_method == PaymentMethod.ONLINE:
        if not payments_configured():
            raise RegistrationError(
                _(
                    "Die Online-Zahlung ist noch nicht eingerichtet. Bitte wenden Sie sich an "
                    "das Organisationsteam."
                )
            )
    else:
        raise RegistrationError(_("Bitte wählen Sie eine Zahlungsart."), field="payment_method")
    needs_payment = not category.is_free and payment_method == PaymentMethod.ONLINE
    if category.requires_authority and not (authority.strip() and declaration_accepted):
        raise RegistrationError(
            _("Bitte nennen Sie Ihre Behörde und bestätigen Sie die Erklärung."), field="authority"
        )

    edition = category.edition
    # Only a limited resource needs the edition's row lock; duplicates are kept out by the
    # unique constraint on active registrations.
    limited = edition.onsite_capacity is not None or category.quota is not None or voucher_code
    # Reservations and offers past their deadline still hold seats, quota and vouchers until
    # they expire: expire them first where those are limited (one query when none is stale).
    # Unlimited, they matter only for an address registered again; see the retry below.
    if limited:
        expire_stale_registrations(edition=edition, now=now)
    for retry in (False, True):
        try:
            registration = _register_in_transaction(
                limited=bool(limited),
                edition=edition,
                category=category,
                first_name=first_name,
                last_name=last_name,
                email=email,
                attendance=attendance,
                organisation=organisation,
                authority=authority,
                declaration_accepted=declaration_accepted,
                answers=answers,
                accepts_online=accepts_online,
                voucher_code=voucher_code,
                payment_method=payment_method,
                billing_address=billing_address,
                order_reference=order_reference,
                leitweg_id=leitweg_id,
                needs_payment=needs_payment,
                user=user,
                by_user=by_user,
                now=now,
            )
        except IntegrityError as exc:
            # The address's earlier reservation or offer may have run out without expiring.
            if not retry and expire_stale_registrations(edition=edition, now=now):
                continue
            raise RegistrationError(
                _(
                    "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung. Den Link zu ihrer "
                    "Verwaltung finden Sie in der Bestätigungs-E-Mail."
                ),
                field="email",
            ) from exc
        return registration


def _register_in_transaction(*, limited: bool, edition, **kwargs) -> Registration:
    with transaction.atomic():
        return _create_registration(
            edition=_lock_edition(edition.pk) if limited else edition, **kwargs
        )


def _create_registration(
    *,
    edition,
    category,
    first_name,
    last_name,
    email,
    attendance,
    organisation,
    authority,
    declaration_accepted,
    answers,
    accepts_online,
    voucher_code,
    payment_method,
    billing_address,
    order_reference,
    leitweg_id,
    needs_payment,
    user,
    by_user,
    now,
) -> Registration:
    voucher = None
    if voucher_code:
        voucher = Voucher.objects.filter(edition=edition, code__iexact=voucher_code).first()
        if voucher is None or voucher.category_id != category.pk:
            raise RegistrationError(
                _("Dieser Gutscheincode gilt nicht für diese Ticketkategorie."),
                field="voucher_code",
            )
        if voucher.registrations.filter(state__in=ACTIVE_STATES).count() >= voucher.max_uses:
            raise RegistrationError(
                _("Dieser Gutscheincode ist bereits eingelöst."), field="voucher_code"
            )
    if category.quota is not None:
        used = category.registrations.filter(state__in=ACTIVE_STATES).count()
        if used >= category.quota:
            raise RegistrationError(_("Das Kontingent dieser Ticketkategorie ist ausgeschöpft."))

    reserved_until = None
    if attendance == Attendance.ONSITE and free_onsite_seats(edition) == 0:
        if accepts_online and Attendance.ONLINE in category.attendance_options:
            attendance = Attendance.ONLINE
            state = S.PENDING_PAYMENT if needs_payment else S.CONFIRMED
        else:
            state = S.WAITLISTED
    else:
        state = S.PENDING_PAYMENT if needs_payment else S.CONFIRMED
    if state == S.PENDING_PAYMENT:
        reserved_until = now + dt.timedelta(minutes=settings.REGISTRATION_RESERVATION_MINUTES)

    registration = Registration.objects.create(
        edition=edition,
        category=category,
        state=state,
        attendance=attendance,
        accepts_online=accepts_online,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        organisation=organisation.strip(),
        authority=authority.strip(),
        declaration_accepted=declaration_accepted,
        terms_accepted_at=now,
        answers=answers or {},
        user=user if user is not None and user.is_authenticated else None,
        voucher=voucher,
        payment_method=payment_method,
        billing_address=billing_address.strip(),
        order_reference=order_reference.strip(),
        leitweg_id=leitweg_id,
        reserved_until=reserved_until,
        created_at=now,
    )
    log_registration_action(
        registration=registration,
        action="created",
        user=by_user or user,
        state=state,
        attendance=attendance,
    )
    if state == S.CONFIRMED:
        _issue_invoice_if_due(registration, now=now)
    if state != S.PENDING_PAYMENT:
        _enqueue_email(registration, state)
    return registration


def set_registration_state(
    *, registration: Registration, state: str, by_user=None, now=None, **data
) -> Registration:
    """The one place that changes a registration's state; call it inside a transaction with the
    edition locked when seats are concerned."""
    now = now or timezone.now()
    if state not in TRANSITIONS[registration.state]:
        raise RegistrationError(
            _("Eine Anmeldung im Status „%(old)s“ kann nicht „%(new)s“ werden.")
            % {"old": registration.get_state_display(), "new": S(state).label}
        )
    old = registration.state
    registration.state = state
    registration.offer_expires_at = (
        now + dt.timedelta(hours=settings.REGISTRATION_OFFER_HOURS) if state == S.OFFERED else None
    )
    registration.reserved_until = (
        now + dt.timedelta(minutes=settings.REGISTRATION_RESERVATION_MINUTES)
        if state == S.PENDING_PAYMENT
        else None
    )
    registration.save(update_fields=["state", "offer_expires_at", "reserved_until", "updated_at"])
    log_registration_action(
        registration=registration, action="state", user=by_user, old=old, new=state, **data
    )
    return registration


def promote_waiting_list(*, edition: Edition, now=None) -> list[Registration]:
    """Offer each free seat on site to the next person on the waiting list, with a deadline."""
    promoted = []
    with transaction.atomic():
        edition = _lock_edition(edition.pk)
        free = free_onsite_seats(edition)
        waiting = Registration.objects.for_edition(edition).waiting().select_for_update()
        for registration in waiting[: free if free is not None else None]:
            set_registration_state(registration=registration, state=S.OFFERED, now=now)
            _enqueue_email(registration, S.OFFERED)
            promoted.append(registration)
    return promoted


def _locked(registration: Registration) -> Registration:
    _lock_edition(registration.edition_id)
    return (
        Registration.objects.select_for_update().select_related("category").get(pk=registration.pk)
    )


def cancel_registration(*, registration: Registration, by_user=None) -> Registration:
    """Cancel a registration; a freed seat goes to the waiting list."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state in (S.CANCELLED, S.EXPIRED):
            raise RegistrationError(_("Diese Anmeldung ist bereits storniert."))
        set_registration_state(registration=registration, state=S.CANCELLED, by_user=by_user)
        _enqueue_email(registration, S.CANCELLED)
        category = registration.category
        if category.refundable_until is None or timezone.now() < category.refundable_until:
            for payment in registration.payments.select_for_update().filter(
                state=PaymentState.PAID
            ):
                _request_refund(payment, by_user=by_user)
        invoice = Invoice.objects.filter(registration=registration).first()
        if invoice is not None and invoice.state == InvoiceState.OPEN:
            invoice.state = InvoiceState.CANCELLED
            invoice.save(update_fields=["state"])
            log_registration_action(
                registration=registration,
                action="invoice_cancelled",
                user=by_user,
                number=invoice.number,
            )
        promote_waiting_list(edition=registration.edition)
    return registration


def accept_offer(*, registration: Registration, now=None) -> Registration:
    """The attendee takes the seat offered from the waiting list before the deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state != S.OFFERED or registration.offer_expires_at <= now:
            raise RegistrationError(_("Dieses Angebot gilt nicht mehr."))
        needs_payment = (
            not registration.category.is_free
            and registration.payment_method != PaymentMethod.INVOICE
        )
        state = S.PENDING_PAYMENT if needs_payment else S.CONFIRMED
        set_registration_state(registration=registration, state=state, now=now)
        if state == S.CONFIRMED:
            _issue_invoice_if_due(registration, now=now)
            _enqueue_email(registration, S.CONFIRMED)
    return registration


def _check_forum_rooms(registration: Registration) -> None:
    """Someone coming on site needs a place in the room of each forum they chose (the edition's
    row is locked, as in choose_forums)."""
    choices = registration.forum_choices.select_related("track__room").order_by("track__sort_order")
    for choice in choices:
        track = choice.track
        capacity = track.room.capacity if track.room else None
        if capacity is not None and taken_forum_places(track) >= capacity:
            raise RegistrationError(
                _(
                    "Im Forum „%(forum)s“ ist vor Ort kein Platz mehr frei. Wählen Sie das Forum "
                    "ab, um vor Ort teilzunehmen."
                )
                % {"forum": track.label}
            )


def switch_attendance(*, registration: Registration, attendance: str, by_user=None) -> Registration:
    """Switch between on site and online where the category allows it and a seat is free, on
    site also in the room of each chosen forum."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state != S.CONFIRMED:
            raise RegistrationError(
                _("Die Teilnahmeform lässt sich nur bei bestätigten Anmeldungen ändern.")
            )
        if attendance not in registration.category.attendance_options:
            raise RegistrationError(
                _("Ihre Ticketkategorie erlaubt diese Teilnahmeform nicht."), field="attendance"
            )
        if attendance == registration.attendance:
            raise RegistrationError(_("Sie haben diese Teilnahmeform bereits gewählt."))
        if attendance == Attendance.ONSITE:
            if free_onsite_seats(registration.edition) == 0:
                raise RegistrationError(_("Vor Ort sind leider keine Plätze mehr frei."))
            _check_forum_rooms(registration)
        old = registration.attendance
        registration.attendance = attendance
        registration.save(update_fields=["attendance", "updated_at"])
        log_registration_action(
            registration=registration, action="attendance", user=by_user, old=old, new=attendance
        )
        _enqueue_email(registration, S.CONFIRMED)
        if old == Attendance.ONSITE:
            promote_waiting_list(edition=registration.edition)
    return registration


def expire_stale_registrations(*, edition: Edition | None = None, now=None) -> int:
    """Expire unpaid reservations and unanswered offers past their deadline; free their seats.

    Runs from cron (``manage.py expire_registrations``) for every edition, and lazily for one
    ``edition`` when an attendee opens their page or registers: then it costs one query while
    nothing is stale, which visits only the few rows awaiting payment or offered (index on
    state, or (edition, state, attendance); PostgreSQL picks by statistics).
    """
    now = now or timezone.now()
    stale = Registration.objects.filter(
        state=S.PENDING_PAYMENT, reserved_until__lte=now
    ) | Registration.objects.filter(state=S.OFFERED, offer_expires_at__lte=now)
    if edition is not None:
        stale = stale.filter(edition=edition)
    count = 0
    for edition_id in sorted(set(stale.values_list("edition_id", flat=True))):
        with transaction.atomic():
            edition = _lock_edition(edition_id)
            for registration in stale.filter(edition_id=edition_id).select_for_update():
                set_registration_state(registration=registration, state=S.EXPIRED, now=now)
                _enqueue_email(registration, S.EXPIRED)
                count += 1
            promote_waiting_list(edition=edition, now=now)
    return count


# Payments -------------------------------------------------------------------------------------


def _request_refund(payment: Payment, *, by_user=None) -> None:
    """Mark ``payment`` for refund and ask Stripe after the commit (tasks.refund_payment)."""
    from .tasks import refund_payment

    payment.state = PaymentState.REFUND_PENDING
    payment.save(update_fields=["state", "updated_at"])
    log_registration_action(
        registration=payment.registration,
        action="refund_requested",
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
            registration=registration, action="checkout_started", payment=payment.pk
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
        log_registration_action(registration=registration, action="paid", payment=payment.pk)
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
            registration=payment.registration, action="refunded", payment=payment.pk
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


# Invoices -------------------------------------------------------------------------------------


def next_invoice_number(*, year: int) -> str:
    """The next consecutive invoice number of ``year`` (RE-2026-00001), drawn under a row lock."""
    InvoiceSequence.objects.get_or_create(year=year)
    sequence = InvoiceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"RE-{year}-{sequence.last_number:05d}"


def _issue_invoice_if_due(registration: Registration, *, now=None) -> Invoice | None:
    """The invoice of a confirmed registration paying on invoice, issued at ``now`` (the moment
    of the confirmation) and numbered in that year's sequence."""
    if registration.payment_method != PaymentMethod.INVOICE or registration.category.is_free:
        return None
    category = registration.category
    now = now or timezone.now()
    invoice = Invoice.objects.create(
        registration=registration,
        number=next_invoice_number(year=timezone.localdate(now).year),
        issued_at=now,
        buyer_name=registration.authority or registration.organisation or registration.full_name,
        buyer_address=registration.billing_address,
        order_reference=registration.order_reference,
        leitweg_id=registration.leitweg_id,
        description=_("Teilnahme %(edition)s, %(category)s, %(name)s")
        % {
            "edition": registration.edition.title,
            "category": category.name,
            "name": registration.full_name,
        },
        net=category.price_net,
        vat_rate=category.vat_rate,
        vat=category.vat_amount,
        gross=category.price_gross,
        seller=seller_snapshot(registration.edition.congress),
    )
    log_registration_action(registration=registration, action="invoiced", number=invoice.number)
    return invoice


def mark_invoice_paid(*, invoice: Invoice, by_user=None, now=None) -> Invoice:
    """Record that an open invoice was paid, at ``now`` (default: the present)."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update().select_related("registration").get(pk=invoice.pk)
        )
        if invoice.state != InvoiceState.OPEN:
            raise RegistrationError(_("Nur offene Rechnungen lassen sich als bezahlt markieren."))
        invoice.state = InvoiceState.PAID
        invoice.paid_at = now or timezone.now()
        invoice.save(update_fields=["state", "paid_at"])
        log_registration_action(
            registration=invoice.registration,
            action="invoice_paid",
            user=by_user,
            number=invoice.number,
        )
    return invoice


# Forum choice ---------------------------------------------------------------------------------


def taken_forum_places(track) -> int:
    return ForumChoice.objects.filter(
        track=track,
        registration__attendance=Attendance.ONSITE,
        registration__state__in=HOLDING_STATES,
    ).count()


def choose_forums(*, registration: Registration, tracks, by_user=None) -> list:
    """Replace the attendee's forum choice; on site, each newly chosen forum needs a free place
    in its room. Forums of other editions or not published are refused."""
    from programme.enums import TrackKind
    from programme.models import Track

    with transaction.atomic():
        registration = _locked(registration)
        if registration.state not in HOLDING_STATES:
            raise RegistrationError(_("Foren wählen können nur angemeldete Personen."))
        wanted = list(
            Track.objects.live()
            .for_edition(registration.edition)
            .filter(pk__in=[t.pk for t in tracks], kind=TrackKind.FORUM)
            .select_related("room")
        )
        if len(wanted) != len({t.pk for t in tracks}):
            raise RegistrationError(_("Bitte wählen Sie nur Foren dieser Veranstaltung."))
        current = set(registration.forum_choices.values_list("track_id", flat=True))
        if registration.attendance == Attendance.ONSITE:
            for track in wanted:
                capacity = track.room.capacity if track.room else None
                if (
                    track.pk not in current
                    and capacity is not None
                    and taken_forum_places(track) >= capacity
                ):
                    raise RegistrationError(
                        _("Im Forum „%(forum)s“ ist vor Ort kein Platz mehr frei.")
                        % {"forum": track.label}
                    )
        wanted_ids = {t.pk for t in wanted}
        registration.forum_choices.exclude(track_id__in=wanted_ids).delete()
        ForumChoice.objects.bulk_create(
            [ForumChoice(registration=registration, track=t) for t in wanted if t.pk not in current]
        )
        log_registration_action(
            registration=registration, action="forums", user=by_user, tracks=sorted(wanted_ids)
        )
    return wanted


# Speakers -------------------------------------------------------------------------------------


def issue_speaker_ticket(
    *, edition: Edition, first_name: str, last_name: str, email: str, by_user=None
) -> Registration | None:
    """Register a confirmed speaker with the edition's speaker category ("Referent/in"), outside
    the public sales rules; on-site capacity applies as to everyone (a full house puts the
    speaker on the waiting list, so organisers should keep seats for speakers in the capacity).
    Returns ``None`` when the edition has no speaker category or the speaker is already
    registered. Called by speakers.services.confirm_invitation."""
    from .enums import CategoryKind

    category = (
        TicketCategory.objects.filter(edition=edition, kind=CategoryKind.SPEAKER)
        .order_by("sort_order", "pk")
        .first()
    )
    if category is None:
        return None
    already = Registration.objects.filter(
        edition=edition, email__iexact=email.strip(), state__in=ACTIVE_STATES
    )
    if already.exists():
        return None
    attendance = category.attendance_options[0]
    return register_attendee(
        category=category,
        first_name=first_name,
        last_name=last_name,
        email=email,
        attendance=attendance,
        terms_accepted=True,
        skip_sales_checks=True,
        by_user=by_user,
    )


# Edition mode switch --------------------------------------------------------------------------

# State changes only a mode switch makes, besides TRANSITIONS: going back in person puts online
# registrations that find no seat on the waiting list (nobody is cancelled), and going online
# confirms free registrations from the waiting list at once.
MODE_SWITCH_TRANSITIONS: set[tuple[str, str]] = {
    (S.CONFIRMED, S.WAITLISTED),
    (S.PENDING_PAYMENT, S.WAITLISTED),
    (S.OFFERED, S.WAITLISTED),
    (S.WAITLISTED, S.CONFIRMED),
}
MODE_SWITCH_EFFECT_KEYS = (
    "onsite_to_online",
    "waitlist_admitted_online",
    "waitlist_offered_online",
    "online_to_onsite",
    "stay_online",
    "to_waitlist",
    "waitlist_offered_onsite",
    "sessions",
    "attendees_notified",
    "speakers_notified",
    "emails",
)
_MODE_SWITCH_ROW_FIELDS = (
    "pk",
    "state",
    "attendance",
    "preferred_attendance",
    "accepts_online",
    "email",
    "first_name",
    "last_name",
    "category__price_net",
    "category__attendance",
)
_ID_CHUNK = 2000  # ids per UPDATE ... WHERE pk IN (...); SQLite limits the parameters


class _ModeSwitchPlan:
    """What a switch does to the edition's active registrations, computed from one query: the
    moves (rows changed alike: new values per field), who stays online, and the recipients."""

    def __init__(self, edition: Edition, mode: str):
        from congress.enums import EditionMode

        self.rows = list(
            Registration.objects.for_edition(edition)
            .filter(state__in=ACTIVE_STATES)
            .order_by("created_at", "pk")
            .values(*_MODE_SWITCH_ROW_FIELDS)
        )
        self.moves: list[tuple[str, list[dict], dict]] = []
        self.stay_online: list[dict] = []
        self.seats = edition.onsite_capacity
        self.taken = sum(
            1 for r in self.rows if r["state"] in HOLDING_STATES and r["attendance"] == "onsite"
        )
        if mode == EditionMode.ONLINE:
            self._to_online()
        elif mode == EditionMode.HYBRID:
            self._to_hybrid()
        else:
            self._to_in_person()

    def _free(self) -> int | None:
        return None if self.seats is None else max(self.seats - self.taken, 0)

    def _holding(self, attendance: str) -> list[dict]:
        return [
            r for r in self.rows if r["state"] in HOLDING_STATES and r["attendance"] == attendance
        ]

    def _add(self, key: str, rows: list[dict], values: dict, *, remember: str) -> None:
        """Add a move. Rows that get the attendance they had chosen before an earlier switch
        forget it (``preferred_attendance`` cleared); the others remember ``remember``."""
        attendance = values["attendance"]
        back = [r for r in rows if r["preferred_attendance"] == attendance]
        moved = [r for r in rows if r["preferred_attendance"] != attendance]
        self.moves.append((key, back, {**values, "preferred_attendance": ""}))
        self.moves.append((key, moved, {**values, "preferred_attendance": remember}))

    def _admit_online(self, waiting: list[dict]) -> None:
        free = [r for r in waiting if not r["category__price_net"]]
        paid = [r for r in waiting if r["category__price_net"]]
        online = {"attendance": Attendance.ONLINE}
        self._add(
            "waitlist_admitted_online", free, {**online, "state": S.CONFIRMED}, remember="onsite"
        )
        self._add(
            "waitlist_offered_online", paid, {**online, "state": S.OFFERED}, remember="onsite"
        )

    def _to_online(self) -> None:
        self._add(
            "onsite_to_online",
            self._holding(Attendance.ONSITE),
            {"attendance": Attendance.ONLINE},
            remember="onsite",
        )
        self._admit_online([r for r in self.rows if r["state"] == S.WAITLISTED])

    def _to_hybrid(self) -> None:
        from .enums import CategoryAttendance

        # Who a switch moved on site against their choice goes back online (freeing seats) ...
        back_online = [
            r for r in self._holding(Attendance.ONSITE) if r["preferred_attendance"] == "online"
        ]
        self._add("onsite_to_online", back_online, {"attendance": Attendance.ONLINE}, remember="")
        self.taken -= len(back_online)
        # ... who a switch moved online comes back on site in order while seats allow ...
        wanting = [
            r for r in self._holding(Attendance.ONLINE) if r["preferred_attendance"] == "onsite"
        ]
        free = self._free()
        onsite = wanting if free is None else wanting[:free]
        self.stay_online = wanting[len(onsite) :]
        self.taken += len(onsite)
        self._add("online_to_onsite", onsite, {"attendance": Attendance.ONSITE}, remember="")
        # ... and from the waiting list, who takes part online is admitted online ...
        admitted = [
            r
            for r in self.rows
            if r["state"] == S.WAITLISTED
            and (
                r["preferred_attendance"] == "online"
                or r["accepts_online"]
                and r["category__attendance"] != CategoryAttendance.ONSITE
            )
        ]
        self._admit_online(admitted)
        # ... and seats still free are offered to the others on the waiting list.
        self._offer_free_seats(exclude={r["pk"] for r in admitted})

    def _to_in_person(self) -> None:
        online = self._holding(Attendance.ONLINE)
        free = self._free()
        onsite = online if free is None else online[:free]
        waiting = online[len(onsite) :]
        self.taken += len(onsite)
        # Who had chosen online remembers it; a switch back to hybrid restores it.
        self._add("online_to_onsite", onsite, {"attendance": Attendance.ONSITE}, remember="online")
        self._add(
            "to_waitlist",
            waiting,
            {"attendance": Attendance.ONSITE, "state": S.WAITLISTED},
            remember="online",
        )
        self._offer_free_seats(exclude=set())

    def _offer_free_seats(self, *, exclude: set[int]) -> None:
        """Seats left free after the moves go to the waiting list in its order, as offers with
        the usual deadline (promote_waiting_list's rule; the switch email is the offer)."""
        free = self._free()
        waiting = [r for r in self.rows if r["state"] == S.WAITLISTED and r["pk"] not in exclude]
        offered = waiting if free is None else waiting[:free]
        self.taken += len(offered)
        self.moves.append(
            (
                "waitlist_offered_onsite",
                offered,
                {"attendance": Attendance.ONSITE, "state": S.OFFERED, "preferred_attendance": ""},
            )
        )

    def counts(self) -> dict[str, int]:
        effects = dict.fromkeys(MODE_SWITCH_EFFECT_KEYS, 0)
        for key, rows, _values in self.moves:
            effects[key] += len(rows)
        # The offers count among the admitted, and are named on their own as well.
        effects["waitlist_admitted_online"] += effects["waitlist_offered_online"]
        effects["stay_online"] = len(self.stay_online)
        return effects


def _mode_switch_speakers(edition: Edition) -> list[dict]:
    """Speakers and moderators of the edition's published programme with an email address
    (their speaker profile's, else their account's), one per address."""
    from programme.models import Person

    rows = (
        Person.objects.appearing_in(edition)
        .filter(speaker_profile__isnull=False)
        .order_by("pk")
        .values(
            "pk",
            "academic_title",
            "first_name",
            "last_name",
            "speaker_profile__email",
            "speaker_profile__user__email",
        )
    )
    speakers, seen = [], set()
    for row in rows:
        email = (row["speaker_profile__email"] or row["speaker_profile__user__email"] or "").strip()
        if email and email.lower() not in seen:
            seen.add(email.lower())
            name = " ".join(
                p for p in (row["academic_title"], row["first_name"], row["last_name"]) if p
            )
            speakers.append({"pk": row["pk"], "email": email, "name": name})
    return speakers


def _check_mode(edition: Edition, mode: str) -> None:
    from congress.enums import EditionMode

    if mode not in EditionMode.values:
        raise RegistrationError(
            _("Bitte wählen Sie ein gültiges Format: Präsenz, Hybrid oder Online."), field="mode"
        )
    if mode == edition.mode:
        raise RegistrationError(
            _("„%(edition)s“ hat bereits das Format „%(mode)s“.")
            % {"edition": edition.title, "mode": EditionMode(mode).label},
            field="mode",
        )


def _mode_switch_effects(edition: Edition, plan: _ModeSwitchPlan, speakers: list[dict]) -> dict:
    from programme.models import Session

    effects = plan.counts()
    effects["sessions"] = Session.objects.live().for_edition(edition).count()
    attendee_emails = {r["email"].lower() for r in plan.rows}
    effects["attendees_notified"] = len(attendee_emails)
    effects["speakers_notified"] = sum(
        1 for s in speakers if s["email"].lower() not in attendee_emails
    )
    effects["emails"] = effects["attendees_notified"] + effects["speakers_notified"]
    return effects


def preview_mode_switch(*, edition: Edition, mode: str) -> dict[str, int]:
    """What ``switch_edition_mode`` would do now, counted without writing anything: the keys of
    ``MODE_SWITCH_EFFECT_KEYS`` (``waitlist_admitted_online`` includes the paid registrations
    that get an offer, ``waitlist_offered_online``). A fixed number of queries, however many
    registrations. Raises ``RegistrationError`` for an unknown or the current mode."""
    _check_mode(edition, mode)
    plan = _ModeSwitchPlan(edition, mode)
    return _mode_switch_effects(edition, plan, _mode_switch_speakers(edition))


def _chunks(items: list, size: int = _ID_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def switch_edition_mode(
    *, edition: Edition, mode: str, by_user=None, notice: str = "", now: dt.datetime | None = None
):
    """Switch the edition between in person, hybrid and online, and take everyone along.

    Active registrations (confirmed, awaiting payment, offered, on the waiting list) change so:

    - **to online**: every active registration on site goes online and remembers
      ``preferred_attendance="onsite"``; everyone on the waiting list is admitted online (a free
      category: confirmed; a paid one: offered with the usual deadline, to pay or to take on
      invoice). Nobody stays on the waiting list.
    - **to hybrid**: registrations a switch moved on site against their choice (preferred
      "online") go back online; then those a switch moved online (preferred "onsite") go back
      on site in order of registration while ``edition.onsite_capacity`` allows, the rest stay
      online and registered (their email says so). From the waiting list, who accepts online
      participation (``accepts_online``) in a category that allows it is admitted online as
      above; the others keep their place on the waiting list.
    - **to in person**: online registrations go on site in order of registration while seats
      allow, the rest go on the waiting list (nobody is cancelled; payments stay, a later
      cancellation refunds by the category's rules). Who had chosen online remembers
      ``preferred_attendance="online"``.

    Cancelled and expired registrations are not touched. Tickets are reissued: the QR payload
    carries the attendance, and the email of each confirmed registration attaches the new PDF.

    In one transaction with the edition's row locked: bulk updates of the registrations, a
    ``RegistrationLogEntry`` (action "mode_switch") for each changed one, the edition's mode,
    ``mode_changed_at`` and ``mode_notice``, ``sequence`` + 1 of every published session (the
    calendars' LOCATION and DESCRIPTION follow the mode), and a ``ModeSwitch`` row with the
    effects (the audit entry of the switch). One ``ModeSwitchNotification`` per address
    (attendees first; a speaker who is also registered gets the attendee email, which mentions
    the programme), sent by one background task enqueued after the commit
    (tasks.send_mode_switch_notifications). The public page cache is invalidated.

    ``now`` dates the switch (default: the present; the demo dates the switch of e-nrw 2020).

    Raises ``RegistrationError`` for an unknown mode or the edition's current mode.
    """
    from cms.caching import bump_content_version
    from programme.services import record_edition_mode_change

    from .enums import RecipientKind
    from .models import ModeSwitch, ModeSwitchNotification
    from .queries import forget_registration_setups
    from .tasks import send_mode_switch_notifications

    now = now or timezone.now()
    user = by_user if by_user is not None and by_user.is_authenticated else None
    with transaction.atomic():
        edition = _lock_edition(edition.pk)
        _check_mode(edition, mode)
        plan = _ModeSwitchPlan(edition, mode)
        speakers = _mode_switch_speakers(edition)
        effects = _mode_switch_effects(edition, plan, speakers)
        old_mode = edition.mode
        switch = ModeSwitch.objects.create(
            edition=edition,
            old_mode=old_mode,
            new_mode=mode,
            effects=effects,
            user=user,
            created_at=now,
        )

        log_entries = []
        for _key, rows, values in plan.moves:
            if not rows:
                continue
            new_state = values.get("state")
            for row in rows:
                old_state = row["state"]
                if (
                    new_state
                    and new_state != old_state
                    and new_state not in TRANSITIONS[old_state]
                    and (old_state, new_state) not in MODE_SWITCH_TRANSITIONS
                ):
                    raise RegistrationError(
                        _("Eine Anmeldung im Status „%(old)s“ kann nicht „%(new)s“ werden.")
                        % {"old": S(old_state).label, "new": S(new_state).label}
                    )
            update = {**values, "updated_at": now}
            if new_state:  # the deadlines of set_registration_state
                update["offer_expires_at"] = (
                    now + dt.timedelta(hours=settings.REGISTRATION_OFFER_HOURS)
                    if new_state == S.OFFERED
                    else None
                )
                update["reserved_until"] = None
            for chunk in _chunks([r["pk"] for r in rows]):
                Registration.objects.filter(pk__in=chunk).update(**update)
            for row in rows:
                data = {"switch": switch.pk, "old_mode": old_mode, "new_mode": mode}
                if new_state and new_state != row["state"]:
                    data.update(old=row["state"], new=new_state)
                data.update(
                    old_attendance=row["attendance"],
                    new_attendance=values.get("attendance", row["attendance"]),
                )
                log_entries.append(
                    RegistrationLogEntry(
                        registration_id=row["pk"],
                        action="mode_switch",
                        user=user,
                        data=data,
                        created_at=now,
                    )
                )
        RegistrationLogEntry.objects.bulk_create(log_entries, batch_size=1000)

        # An UPDATE, not save(): neither the search nor the reference index shows these fields;
        # the page cache is invalidated on commit below.
        edition.mode = mode
        edition.mode_changed_at = now
        edition.mode_notice = notice.strip()
        Edition.objects.filter(pk=edition.pk).update(
            mode=mode, mode_changed_at=now, mode_notice=edition.mode_notice
        )
        record_edition_mode_change(edition=edition, now=now)

        speaker_by_email = {s["email"].lower(): s for s in speakers}
        notifications = []
        for row in plan.rows:
            speaker = speaker_by_email.pop(row["email"].lower(), None)
            notifications.append(
                ModeSwitchNotification(
                    switch=switch,
                    email=row["email"],
                    name=f"{row['first_name']} {row['last_name']}",
                    kind=RecipientKind.ATTENDEE,
                    registration_id=row["pk"],
                    person_id=speaker["pk"] if speaker else None,
                )
            )
        notifications += [
            ModeSwitchNotification(
                switch=switch,
                email=s["email"],
                name=s["name"],
                kind=RecipientKind.SPEAKER,
                person_id=s["pk"],
            )
            for s in speaker_by_email.values()
        ]
        ModeSwitchNotification.objects.bulk_create(notifications, batch_size=1000)

        switch_pk = switch.pk
        transaction.on_commit(bump_content_version)
        transaction.on_commit(forget_registration_setups)
        transaction.on_commit(lambda: send_mode_switch_notifications.enqueue(switch_pk))
    return switch
