"""Registrations of the demo, built through the services, so they follow the real rules.

e-nrw 2021 (:func:`ensure_registrations`): about 150 registrations through
``services.register_attendee`` in the order and at the time of registration (``now=``); the
press by the organisers (``by_user``, ``skip_sales_checks``), the business tickets on invoice
(the service issues and numbers the invoices, ``mark_invoice_paid`` records the payments), one
cancellation (``cancel_registration``, whose freed seat the waiting list is offered), check-ins
on the congress day through ``registrations.checkin`` (as the check-in page and its API admit)
and uses of the online access through ``registrations.access``. Every audit entry is the
services' own.

e-nrw 2020 (:func:`ensure_mode_switch`): the registrations while the edition was still in
person, then its switch to a WebKongress through ``services.switch_edition_mode``.

Registrations are found by their address; only missing ones are created, so a second run creates
nothing and what visitors of the demo change stays changed. No email goes out while building
(see :func:`demo.build.build_demo`).
"""

from __future__ import annotations

import datetime as dt

from congress.models import Edition, Room
from registrations import access, checkin, services
from registrations.enums import Attendance, PaymentMethod, RegistrationState
from registrations.models import (
    Invoice,
    ModeSwitch,
    Question,
    Registration,
    TicketCategory,
    Voucher,
)
from registrations.services import RegistrationError
from registrations.tickets import ticket_payload

from .common import DemoError, Summary, aware, upsert
from .data import registrations as regs

S = RegistrationState


def ensure_registration_setup(
    edition: Edition, summary: Summary, *, sales_start=None, confirm_addresses: bool = False
) -> tuple[dict, Voucher]:
    """Ticket categories (by kind), questions and the partners' voucher of the edition.
    ``confirm_addresses``: "Adresse bestätigen" as a new category has it
    (TicketCategory.confirmation_by_default); off for the history of 2021, registered before."""
    categories = {}
    for order, row in enumerate(regs.CATEGORIES):
        kind, name, description, price, invoice, authority, voucher, public, attendance = row
        confirm = (
            confirm_addresses
            and TicketCategory(kind=kind, price_net=price, email_domains="").confirmation_by_default
        )
        categories[kind] = upsert(
            TicketCategory,
            {"edition": edition, "name": name},
            {
                "kind": kind,
                "description": description,
                "price_net": price,
                "vat_rate": regs.VAT_RATE,
                "attendance": attendance,
                "sales_start": sales_start,
                "sales_end": None,
                "quota": None,
                "requires_authority": authority,
                "email_domains": "",
                "refundable_until": None,
                "allows_invoice": invoice,
                "requires_voucher": voucher,
                "requires_confirmation": confirm,
                "is_public": public,
                "sort_order": order * 10,
            },
            summary,
            "Ticketkategorien",
        )
    for order, (label, kind, choices, required) in enumerate(regs.QUESTIONS):
        upsert(
            Question,
            {"edition": edition, "label": label},
            {
                "kind": kind,
                "choices": "\n".join(choices),
                "required": required,
                "sort_order": order * 10,
            },
            summary,
            "Anmeldefragen",
        )
    voucher = upsert(
        Voucher,
        {"edition": edition, "code": regs.VOUCHER_CODE},
        {
            "category_id": categories["partner"].pk,
            "max_uses": regs.VOUCHER_MAX_USES,
            "note": regs.VOUCHER_NOTE,
        },
        summary,
        "Gutscheine",
    )
    return categories, voucher


def ensure_open_sales(edition: Edition, summary: Summary) -> None:
    """The next e-nrw (demo.data.enrw_next): the categories of 2021, on sale from now until the
    congress, free public-sector tickets with a confirmed address. No registrations: the
    newcomer trying the demo is the first."""
    ensure_registration_setup(edition, summary, sales_start=None, confirm_addresses=True)


def _missing(edition: Edition, attendees: list, summary: Summary) -> list:
    """The attendees not registered yet (by address)."""
    existing = {
        email.lower()
        for email in Registration.objects.filter(edition=edition).values_list("email", flat=True)
    }
    new = [a for a in attendees if a.email.lower() not in existing]
    summary.unchanged["Anmeldungen"] += len(attendees) - len(new)
    if new:
        summary.created["Anmeldungen"] += len(new)
    return new


def _register(attendee, *, category: TicketCategory, voucher_code: str = "", admin=None):
    """One registration through the service, at the time the data gives; the organisers
    register those the public form does not offer (the press)."""
    a = attendee
    try:
        return services.register_attendee(
            category=category,
            first_name=a.first_name,
            last_name=a.last_name,
            email=a.email,
            attendance=a.attendance,
            terms_accepted=True,
            organisation=a.organisation,
            authority=a.authority,
            authority_level=regs.authority_level(a.authority),
            declaration_accepted=bool(a.authority),
            answers=a.answers,
            voucher_code=voucher_code,
            payment_method=a.payment_method or PaymentMethod.ONLINE,
            billing_address=a.billing_address,
            order_reference=a.order_reference,
            leitweg_id=a.leitweg_id,
            by_user=admin if a.by_organiser else None,
            skip_sales_checks=a.by_organiser,
            now=aware(a.created_at),
        )
    except RegistrationError as error:
        raise DemoError(f"Anmeldung {a.email}: {error.message}") from error


def ensure_registrations(edition: Edition, *, admin, door, summary: Summary) -> None:
    """The registrations of ``edition`` (e-nrw 2021) with their invoices, check-ins and online
    access uses, through the services."""
    categories, _voucher = ensure_registration_setup(
        edition, summary, sales_start=aware(regs.SALES_START)
    )
    attendees = regs.attendees()
    new = _missing(edition, attendees, summary)
    if not new:
        return
    created = []
    for a in new:
        code = regs.VOUCHER_CODE if a.category == "partner" else ""
        created.append(
            (a, _register(a, category=categories[a.category], voucher_code=code, admin=admin))
        )
    # After everyone registered (the house is full, five wait), one cancels: the service offers
    # the freed seat to the first on the waiting list, "now", so the offer is still open.
    for a, registration in created:
        if a.state == S.CANCELLED:
            services.cancel_registration(registration=registration)
    current = Registration.objects.select_related("category").in_bulk([r.pk for _a, r in created])
    pairs = [(a, current[r.pk]) for a, r in created]
    if len(new) == len(attendees):
        _check_states(pairs)
    _pay_invoices(pairs, admin=admin, summary=summary)
    _check_in(edition, pairs, door=door, summary=summary)
    _use_online_access(pairs, summary)


def _check_states(pairs) -> None:
    """The rules gave every registration the state the data describes (on a fresh build)."""
    wrong = [f"{a.email}: {r.state} statt {a.state}" for a, r in pairs if r.state != a.state]
    if wrong:
        raise DemoError("Anmeldungen in einem anderen Status als erwartet:\n" + "\n".join(wrong))


def _pay_invoices(pairs, *, admin, summary: Summary) -> None:
    """The invoices the service issued (confirmed registrations on invoice), all but
    ``regs.OPEN_INVOICES`` paid some days later."""
    paid = {r.pk for a, r in pairs if a.invoice_paid}
    invoices = Invoice.objects.filter(registration_id__in=[r.pk for _a, r in pairs])
    for invoice in invoices.order_by("number"):
        summary.created["Rechnungen"] += 1
        if invoice.registration_id in paid:
            paid_at = invoice.issued_at + dt.timedelta(days=regs.INVOICE_PAID_AFTER_DAYS)
            services.mark_invoice_paid(invoice=invoice, by_user=admin, now=paid_at)


def _check_in(edition: Edition, pairs, *, door, summary: Summary) -> None:
    """A dozen admissions at the entrance on the congress day (by ticket, one found by name),
    five of them also at the door of the main stage's room, as the check-in page admits them."""
    room = Room.objects.get(venue_id=edition.venue_id, name=regs.CHECK_IN_ROOM)
    onsite = [r for _a, r in pairs if r.state == S.CONFIRMED and r.attendance == Attendance.ONSITE]
    admitted = onsite[::8][: regs.ENTRANCE_CHECK_INS]
    scans = [(r, None, i, i == regs.MANUAL_CHECK_IN) for i, r in enumerate(admitted)]
    scans += [(r, room, i, False) for i, r in enumerate(admitted[: regs.ROOM_CHECK_INS])]
    for registration, place, index, by_name in scans:
        scan = {
            "edition": edition,
            "room": place,
            "user": door,
            "device": regs.ROOM_DEVICE if place else regs.ENTRANCE_DEVICE,
            "scanned_at": aware(regs.scanned_at(index, room=place is not None)),
            "count": False,
        }
        try:
            if by_name:
                checkin.check_in_registration(registration=registration, **scan)
            else:
                checkin.check_in_ticket(payload=ticket_payload(registration), **scan)
        except checkin.CheckInRefused as refusal:
            raise DemoError(f"Check-in {registration.email}: {refusal.result.message}") from None
    summary.created["Check-ins"] += len(scans)


def _use_online_access(pairs, summary: Summary) -> None:
    """Two online attendees who opened their personal link on the congress day, each from one
    address (nothing to flag), so their certificate of attendance says "online"."""
    online = [r for _a, r in pairs if r.state == S.CONFIRMED and r.attendance == Attendance.ONLINE]
    for registration, (address, first, last, uses) in zip(online, regs.ACCESS_USES, strict=False):
        start, end = (
            aware(dt.datetime.combine(regs.CONGRESS_DAY, dt.time.fromisoformat(moment)))
            for moment in (first, last)
        )
        for index in range(uses):
            moment = start + (end - start) * index / max(uses - 1, 1)
            access.record_access_use(registration=registration, address=address, now=moment)
        summary.created["Online-Zugänge"] += 1


# --- e-nrw 2020: registered in person, switched online -----------------------------------------


def ensure_mode_switch(edition: Edition, entry: dict, *, admin, summary: Summary) -> None:
    """e-nrw 2020: the registrations while it was in person, then its switch to a WebKongress
    three days before (``services.switch_edition_mode``: registrations online, the waiting list
    admitted, the banner's notice, the audit entries and one email per address, which the
    demo does not send). Once switched, nothing is done again."""
    if ModeSwitch.objects.filter(edition=edition, new_mode=entry["mode"]).exists():
        summary.unchanged["Formatwechsel"] += 1
        return
    name, description = regs.SWITCH_CATEGORY
    sales_start, sales_end = regs.SWITCH_SALES
    category = upsert(
        TicketCategory,
        {"edition": edition, "name": name},
        {
            "kind": "public_sector",
            "description": description,
            "price_net": 0,
            "vat_rate": regs.VAT_RATE,
            "attendance": "both",
            "sales_start": aware(sales_start),
            "sales_end": aware(sales_end),
            "requires_authority": True,
            "is_public": True,
        },
        summary,
        "Ticketkategorien",
    )
    for a in _missing(edition, regs.switch_attendees(), summary):
        _register(a, category=category)
    try:
        services.switch_edition_mode(
            edition=edition,
            mode=entry["mode"],
            by_user=admin,
            notice=regs.SWITCH_NOTICE,
            now=aware(regs.SWITCH_AT),
        )
    except RegistrationError as error:
        raise DemoError(f"{edition}: {error.message}") from error
    summary.created["Formatwechsel"] += 1
