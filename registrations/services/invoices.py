"""Invoices (§ 14 UStG): consecutive numbers per year, issuing with the congress's seller data
copied onto the invoice, marking paid, and the credit notes that correct an issued invoice.

An issued invoice never changes (models.IssuedDocument): a cancellation issues a cancellation
invoice (Stornorechnung) over what is left of it, a partial refund an invoice correction
(Rechnungskorrektur) over the amount refunded. Both are credit notes with their own number from
the same sequence as the invoices, so the documents of a year are numbered without gaps, and
refer to the invoice by number and date."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import seller_snapshot

from ..enums import CreditNoteKind, InvoiceState, LogAction, PaymentMethod
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import CreditNote, Invoice, InvoiceSequence, Registration

CENT = Decimal("0.01")


def next_invoice_number(*, year: int) -> str:
    """The next consecutive document number of ``year`` (RE-2026-00001), drawn under a row lock;
    invoices and credit notes share it. Call inside the transaction that stores the document:
    a rollback returns the number, so none is lost."""
    InvoiceSequence.objects.get_or_create(year=year)
    sequence = InvoiceSequence.objects.select_for_update(no_key=True).get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"RE-{year}-{sequence.last_number:05d}"


def _issue_invoice_if_due(registration: Registration, *, now=None) -> Invoice | None:
    """The invoice of a confirmed registration paying on invoice, issued at ``now`` (the moment
    of the confirmation) and numbered in that year's sequence."""
    if registration.payment_method != PaymentMethod.INVOICE or registration.category.is_free:
        return None
    return _issue_invoice(registration, now=now)


def issue_paid_invoice(registration: Registration, *, amount, now=None) -> Invoice | None:
    """The invoice of a registration paid online, issued as paid when the payment confirms it
    (so that a refund can be documented by a credit note). None when it has one already."""
    if Invoice.objects.filter(registration=registration).exists() or not amount:
        return None
    now = now or timezone.now()
    return _issue_invoice(registration, now=now, paid_at=now)


def _issue_invoice(registration: Registration, *, now=None, paid_at=None) -> Invoice:
    category = registration.category
    now = now or timezone.now()
    invoice = Invoice.objects.create(
        registration=registration,
        number=next_invoice_number(year=timezone.localdate(now).year),
        issued_at=now,
        state=InvoiceState.PAID if paid_at else InvoiceState.OPEN,
        paid_at=paid_at,
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
    log_registration_action(
        registration=registration, action=LogAction.INVOICE_ISSUED, number=invoice.number
    )
    return invoice


def mark_invoice_paid(*, invoice: Invoice, by_user=None, now=None) -> Invoice:
    """Record that an open invoice was paid, at ``now`` (default: the present)."""
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",), no_key=True)
            .select_related("registration")
            .get(pk=invoice.pk)
        )
        if invoice.state != InvoiceState.OPEN:
            raise RegistrationError(_("Nur offene Rechnungen lassen sich als bezahlt markieren."))
        invoice.state = InvoiceState.PAID
        invoice.paid_at = now or timezone.now()
        invoice.save(update_fields=["state", "paid_at"])
        log_registration_action(
            registration=invoice.registration,
            action=LogAction.INVOICE_PAID,
            user=by_user,
            number=invoice.number,
        )
    return invoice


def credited(invoice: Invoice) -> dict[str, Decimal]:
    """What the credit notes of ``invoice`` credit in all: net, vat and gross."""
    sums = CreditNote.objects.filter(invoice=invoice).aggregate(
        net=Sum("net"), vat=Sum("vat"), gross=Sum("gross")
    )
    return {key: value or Decimal("0.00") for key, value in sums.items()}


def issue_credit_note(
    *, invoice: Invoice, reason: str, gross: Decimal | None = None, by_user=None, now=None
) -> CreditNote | None:
    """Credit ``gross`` of ``invoice`` (default: all that is left of it) with a credit note of
    its own number. The whole invoice at once is a cancellation invoice, a part a correction;
    the credit that completes the invoice takes the remaining net and VAT exactly, so that the
    notes add up to the invoice. Nothing is left to credit: ``None``."""
    with transaction.atomic():
        return _issue_credit_note(invoice, reason=reason, gross=gross, by_user=by_user, now=now)


def _issue_credit_note(invoice, *, reason, gross, by_user, now) -> CreditNote | None:
    invoice = Invoice.objects.select_for_update(no_key=True).get(pk=invoice.pk)
    done = credited(invoice)
    left = invoice.gross - done["gross"]
    gross = left if gross is None else min(Decimal(gross).quantize(CENT), left)
    if gross <= 0:
        return None
    if gross == left:
        net, vat = invoice.net - done["net"], invoice.vat - done["vat"]
    else:
        rate = invoice.vat_rate
        net = (gross * 100 / (100 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        vat = gross - net
    now = now or timezone.now()
    whole = gross == invoice.gross
    note = CreditNote.objects.create(
        invoice=invoice,
        kind=CreditNoteKind.CANCELLATION if whole else CreditNoteKind.CORRECTION,
        number=next_invoice_number(year=timezone.localdate(now).year),
        issued_at=now,
        reason=reason[:300],
        net=net,
        vat=vat,
        gross=gross,
    )
    if gross == left and invoice.state != InvoiceState.CANCELLED:
        invoice.state = InvoiceState.CANCELLED
        invoice.save(update_fields=["state"])
    log_registration_action(
        registration=invoice.registration,
        action=LogAction.CREDIT_NOTE_ISSUED,
        user=by_user,
        number=note.number,
        invoice=invoice.number,
        kind=note.kind,
        gross=str(gross),
    )
    return note
