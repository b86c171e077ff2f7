"""Invoices (§ 14 UStG): consecutive numbers per year, issuing with the congress's seller data
copied onto the invoice, marking paid."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import seller_snapshot

from ..enums import InvoiceState, LogAction, PaymentMethod
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import Invoice, InvoiceSequence, Registration


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
    log_registration_action(
        registration=registration, action=LogAction.INVOICE_ISSUED, number=invoice.number
    )
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
            action=LogAction.INVOICE_PAID,
            user=by_user,
            number=invoice.number,
        )
    return invoice
