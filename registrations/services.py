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

from congress.models import Edition

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
    from .tasks import send_registration_email

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(pk, kind))


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
    try:
        with transaction.atomic():
            registration = _create_registration(
                edition=_lock_edition(edition.pk) if limited else edition,
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
        raise RegistrationError(
            _(
                "Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung. Den Link zu ihrer "
                "Verwaltung finden Sie in der Bestätigungs-E-Mail."
            ),
            field="email",
        ) from exc
    return registration


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
        _issue_invoice_if_due(registration)
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
            _issue_invoice_if_due(registration)
            _enqueue_email(registration, S.CONFIRMED)
    return registration


def switch_attendance(*, registration: Registration, attendance: str, by_user=None) -> Registration:
    """Switch between on site and online where the category allows it and a seat is free."""
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
        if attendance == Attendance.ONSITE and free_onsite_seats(registration.edition) == 0:
            raise RegistrationError(_("Vor Ort sind leider keine Plätze mehr frei."))
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


def expire_stale_registrations(*, now=None) -> int:
    """Expire unpaid reservations and unanswered offers past their deadline; free their seats."""
    now = now or timezone.now()
    stale = Registration.objects.filter(
        state=S.PENDING_PAYMENT, reserved_until__lte=now
    ) | Registration.objects.filter(state=S.OFFERED, offer_expires_at__lte=now)
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


def _issue_invoice_if_due(registration: Registration) -> Invoice | None:
    if registration.payment_method != PaymentMethod.INVOICE or registration.category.is_free:
        return None
    category = registration.category
    now = timezone.now()
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
    )
    log_registration_action(registration=registration, action="invoiced", number=invoice.number)
    return invoice


def mark_invoice_paid(*, invoice: Invoice, by_user=None) -> Invoice:
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update().select_related("registration").get(pk=invoice.pk)
        )
        if invoice.state != InvoiceState.OPEN:
            raise RegistrationError(_("Nur offene Rechnungen lassen sich als bezahlt markieren."))
        invoice.state = InvoiceState.PAID
        invoice.paid_at = timezone.now()
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
