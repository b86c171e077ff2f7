"""Registering, cancelling, switching attendance, taking an offered seat, speakers' tickets.

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

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.enums import EmailLanguage
from congress.models import Edition

from ..enums import (
    Attendance,
    AuthorityLevel,
    CategoryKind,
    InvoiceState,
    LogAction,
    PaymentMethod,
    PaymentState,
)
from ..exceptions import AlreadyRegistered, RegistrationError
from ..log import log_registration_action
from ..models import Invoice, Registration, TicketCategory, Voucher
from .forums import _check_forum_rooms
from .invoices import _issue_invoice_if_due, issue_credit_note
from .payments import request_refund
from .states import (
    ACTIVE_STATES,
    ENDED_STATES,
    S,
    _enqueue_email,
    _lock_edition,
    _locked,
    free_onsite_seats,
    payments_configured,
    reserved_until,
    seats_for_newcomers,
    set_registration_state,
)
from .waitlist import expire_stale_registrations, offer_free_seats

# Leitweg-ID (XRechnung): coarse address, optional fine address, two check digits.
LEITWEG_ID = re.compile(r"^[0-9]{2,12}(-[0-9A-Z]{1,30})?-[0-9]{2}$")


def check_edition_open(edition: Edition, now=None) -> None:
    """Nobody registers for an edition after its last day, not even through the organisers."""
    now = now or timezone.now()
    if now >= edition.ends_at:
        raise RegistrationError(registration_closed_message(edition))


def registration_closed_message(edition: Edition) -> str:
    days = edition.start_date.strftime("%d.%m.%Y")
    if edition.end_date != edition.start_date:
        days += "–" + edition.end_date.strftime("%d.%m.%Y")
    return _(
        "Die Anmeldung für %(edition)s ist geschlossen; der Kongress fand am %(days)s statt."
    ) % {"edition": edition.title, "days": days}


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
    authority_level: str = "",
    declaration_accepted: bool = False,
    answers: dict | None = None,
    accepts_online: bool = False,
    voucher_code: str = "",
    payment_method: str = PaymentMethod.ONLINE,
    billing_address: str = "",
    order_reference: str = "",
    leitweg_id: str = "",
    language: str = "de",
    user=None,
    by_user=None,
    skip_sales_checks: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register an attendee (state: ``_initial_state``), whose emails are in ``language``;
    ``RegistrationError`` when a rule refuses it, and nothing is written. ``skip_sales_checks``:
    the organisers register someone outside the public rules (no address confirmation or
    approval either), never after the edition's last day."""
    now, email, voucher_code = now or timezone.now(), email.strip(), voucher_code.strip()
    check_edition_open(category.edition, now)
    _check_attendee(
        first_name=first_name,
        last_name=last_name,
        email=email,
        attendance=attendance,
        terms_accepted=terms_accepted,
    )
    if not skip_sales_checks:
        _check_category(
            category=category,
            email=email,
            attendance=attendance,
            voucher_code=voucher_code,
            now=now,
        )
    leitweg_id = leitweg_id.strip().upper()
    payment_method = _check_payment(
        category=category,
        payment_method=payment_method,
        billing_address=billing_address,
        leitweg_id=leitweg_id,
    )
    _check_authority(category, authority, authority_level, declaration_accepted, skip_sales_checks)
    return _register_with_retry(
        edition=category.edition,
        category=category,
        first_name=first_name,
        last_name=last_name,
        email=email,
        attendance=attendance,
        organisation=organisation,
        authority=authority,
        authority_level=authority_level,
        declaration_accepted=declaration_accepted,
        answers=answers,
        accepts_online=accepts_online,
        voucher_code=voucher_code,
        payment_method=payment_method,
        billing_address=billing_address,
        order_reference=order_reference,
        leitweg_id=leitweg_id,
        language=EmailLanguage.of(language),
        user=user,
        by_user=by_user,
        vouched=skip_sales_checks,
        now=now,
    )


def _check_authority(
    category: TicketCategory,
    authority: str,
    authority_level: str,
    declaration_accepted: bool,
    vouched: bool,
) -> None:
    """A public-sector category asks the authority, its level and the declaration; the
    organisers (``vouched``) may leave the level open. A level is one of ``AuthorityLevel``."""
    if authority_level and authority_level not in AuthorityLevel.values:
        raise RegistrationError(
            _("Bitte wählen Sie die Ebene Ihrer Behörde aus der Liste."), field="authority_level"
        )
    if not category.requires_authority:
        return
    if not (authority.strip() and declaration_accepted):
        raise RegistrationError(
            _("Bitte nennen Sie Ihre Behörde und bestätigen Sie die Erklärung."), field="authority"
        )
    if not authority_level and not vouched:
        raise RegistrationError(
            _(
                "Bitte geben Sie an, ob Ihre Behörde zum Bund, zu einem Land, zu einer Kommune "
                "oder zu einer sonstigen öffentlichen Stelle gehört."
            ),
            field="authority_level",
        )


def _check_attendee(
    *, first_name: str, last_name: str, email: str, attendance: str, terms_accepted: bool
) -> None:
    if not (first_name.strip() and last_name.strip() and email):
        raise RegistrationError(_("Bitte geben Sie Vorname, Nachname und E-Mail-Adresse an."))
    if not terms_accepted:
        raise RegistrationError(
            _("Bitte stimmen Sie den Teilnahmebedingungen und der Datenschutzerklärung zu."),
            field="terms",
        )
    if attendance not in Attendance.values:
        raise RegistrationError(_("Bitte wählen Sie eine Teilnahmeform."), field="attendance")


def _check_payment(
    *, category: TicketCategory, payment_method: str, billing_address: str, leitweg_id: str
) -> str:
    """The payment method to record ("" for a free category), or RegistrationError."""
    if category.is_free:
        return ""
    if payment_method == PaymentMethod.INVOICE:
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
    return payment_method


def _register_with_retry(*, edition, category, now, **fields) -> Registration:
    """Write the registration; a duplicate address is refused, unless its earlier reservation or
    offer had run out without expiring (then it expires and the write is tried once more)."""
    # Only a limited resource needs the edition's row lock; duplicates are kept out by the
    # unique constraint on active registrations.
    limited = (
        edition.onsite_capacity is not None or category.quota is not None or fields["voucher_code"]
    )
    # Reservations and offers past their deadline still hold seats, quota and vouchers until
    # they expire: expire them first where those are limited (one query when none is stale).
    # Unlimited, they matter only for an address registered again; see the retry below.
    if limited:
        expire_stale_registrations(edition=edition, now=now)
    needs_payment = not category.is_free and fields["payment_method"] == PaymentMethod.ONLINE
    for retry in (False, True):
        try:
            registration = _register_in_transaction(
                limited=bool(limited),
                edition=edition,
                category=category,
                needs_payment=needs_payment,
                now=now,
                **fields,
            )
        except IntegrityError as exc:
            # The address's earlier reservation or offer may have run out without expiring.
            if not retry and expire_stale_registrations(edition=edition, now=now):
                continue
            raise AlreadyRegistered(
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


def _voucher(*, edition, category, voucher_code: str) -> Voucher | None:
    """The voucher of ``voucher_code`` while it has uses left (the edition is locked)."""
    if not voucher_code:
        return None
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
    return voucher


def _check_quota(category) -> None:
    if category.quota is not None:
        used = category.registrations.filter(state__in=ACTIVE_STATES).count()
        if used >= category.quota:
            raise RegistrationError(_("Das Kontingent dieser Ticketkategorie ist ausgeschöpft."))


def admitted_state(
    category: TicketCategory, *, needs_payment: bool, confirmed: bool, approved: bool = False
) -> str:
    """The state of a registration that has its place: awaiting the confirmation of its address
    (unless ``confirmed``), then the organisers' approval (unless ``approved``), then payment,
    else confirmed."""
    if category.requires_confirmation and not confirmed:
        return S.AWAITING_CONFIRMATION
    if category.requires_approval and not approved:
        return S.AWAITING_APPROVAL
    return S.PENDING_PAYMENT if needs_payment else S.CONFIRMED


def _initial_state(
    *, edition, category, attendance: str, accepts_online: bool, needs_payment: bool, vouched: bool
) -> tuple[str, str]:
    """State and attendance of a new registration: on the waiting list when no seat is free on
    site for newcomers (none is while anyone waits), or online instead when the attendee
    accepts that and the category allows it. Registered by the organisers (``vouched``), it
    needs neither a confirmed address nor an approval."""
    admitted = admitted_state(
        category, needs_payment=needs_payment, confirmed=vouched, approved=vouched
    )
    if attendance == Attendance.ONSITE and seats_for_newcomers(edition) == 0:
        if accepts_online and Attendance.ONLINE in category.attendance_options:
            return admitted, Attendance.ONLINE
        return S.WAITLISTED, attendance
    return admitted, attendance


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
    authority_level,
    declaration_accepted,
    answers,
    accepts_online,
    voucher_code,
    payment_method,
    billing_address,
    order_reference,
    leitweg_id,
    language,
    needs_payment,
    user,
    by_user,
    vouched,
    now,
) -> Registration:
    voucher = _voucher(edition=edition, category=category, voucher_code=voucher_code)
    _check_quota(category)
    state, attendance = _initial_state(
        edition=edition,
        category=category,
        attendance=attendance,
        accepts_online=accepts_online,
        needs_payment=needs_payment,
        vouched=vouched,
    )
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
        authority_level=authority_level if category.requires_authority else "",
        declaration_accepted=declaration_accepted,
        terms_accepted_at=now,
        answers=answers or {},
        user=user if user is not None and user.is_authenticated else None,
        voucher=voucher,
        payment_method=payment_method,
        billing_address=billing_address.strip(),
        order_reference=order_reference.strip(),
        leitweg_id=leitweg_id,
        language=language,
        reserved_until=reserved_until(state, now),
        created_at=now,
    )
    log_registration_action(
        registration=registration,
        action=LogAction.CREATED,
        user=by_user or user,
        state=state,
        attendance=attendance,
    )
    if state == S.CONFIRMED:
        _issue_invoice_if_due(registration, now=now)
    if state != S.PENDING_PAYMENT:
        _enqueue_email(registration, state)
    if state == S.WAITLISTED:
        # Seats free while others waited: they go to the list in order, this newcomer last.
        offer_free_seats(edition=edition, now=now)
    return registration


def cancel_registration(*, registration: Registration, by_user=None) -> Registration:
    """Cancel a registration; a freed seat goes to the waiting list. Within the category's
    refund rules paid money goes back and the invoice is cancelled by a cancellation invoice;
    an invoice not yet paid is cancelled likewise, whatever the rules."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state in ENDED_STATES:
            raise RegistrationError(_("Diese Anmeldung ist bereits storniert."))
        set_registration_state(registration=registration, state=S.CANCELLED, by_user=by_user)
        category = registration.category
        refundable = category.refundable_until is None or timezone.now() < category.refundable_until
        if refundable:
            for payment in registration.payments.select_for_update().filter(
                state__in=(PaymentState.PAID, PaymentState.REFUND_PENDING)
            ):
                request_refund(payment, by_user=by_user, reason="cancelled")
        invoice = Invoice.objects.filter(registration=registration).first()
        if invoice is not None and (invoice.state == InvoiceState.OPEN or refundable):
            issue_credit_note(
                invoice=invoice, reason=_("Stornierung der Anmeldung"), by_user=by_user
            )
            log_registration_action(
                registration=registration,
                action=LogAction.INVOICE_CANCELLED,
                user=by_user,
                number=invoice.number,
            )
        _enqueue_email(registration, S.CANCELLED)
        offer_free_seats(edition=registration.edition)
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
        # The offer came to the address by email: taking it confirms the address.
        state = admitted_state(registration.category, needs_payment=needs_payment, confirmed=True)
        set_registration_state(registration=registration, state=state, now=now)
        if state == S.CONFIRMED:
            _issue_invoice_if_due(registration, now=now)
        if state != S.PENDING_PAYMENT:
            _enqueue_email(registration, state)
    return registration


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
            registration=registration,
            action=LogAction.ATTENDANCE_CHANGED,
            user=by_user,
            old=old,
            new=attendance,
        )
        _enqueue_email(registration, S.CONFIRMED)
        if old == Attendance.ONSITE:
            offer_free_seats(edition=registration.edition)
    return registration


def issue_speaker_ticket(
    *, edition: Edition, first_name: str, last_name: str, email: str, by_user=None
) -> Registration | None:
    """Register a confirmed speaker with the edition's speaker category ("Referent/in"), outside
    the public sales rules; on-site capacity applies as to everyone (a full house puts the
    speaker on the waiting list, so organisers should keep seats for speakers in the capacity).
    Returns ``None`` when the edition has no speaker category or the speaker is already
    registered. Called by speakers.services.confirm_invitation."""
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
