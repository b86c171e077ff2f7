"""Payments through Stripe, the webhook events seen, and invoices with their numbering."""

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import seller_from_snapshot

from ..enums import (
    CreditNoteKind,
    InvoiceState,
    PaymentState,
    WebhookStatus,
)
from .registrations import Registration


class Payment(models.Model):
    """A Stripe Checkout payment of a registration."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="payments"
    )
    state = models.CharField(
        _("Status"), max_length=20, choices=PaymentState.choices, default=PaymentState.OPEN
    )
    amount = models.DecimalField(_("Betrag brutto (EUR)"), max_digits=8, decimal_places=2)
    checkout_session_id = models.CharField(max_length=255, unique=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Refunds: what Stripe reports as refunded (cumulative, charge.amount_refunded), and what
    # the app has asked Stripe to refund in all; above amount_refunded the refund is pending.
    amount_refunded = models.DecimalField(
        _("Erstattet (EUR)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    refund_target = models.DecimalField(
        _("Erstattung veranlasst (EUR)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    dispute_id = models.CharField(max_length=255, blank=True)
    dispute_status = models.CharField(_("Anfechtung"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.amount} EUR ({self.get_state_display()})"

    @property
    def log_edition_id(self) -> int:
        return self.registration.edition_id


class WebhookEvent(models.Model):
    """Stripe events already handled: a repeated delivery is acknowledged and ignored."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.APPLIED
    )
    payment = models.ForeignKey(
        "Payment", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    # The payment intent named by the event: a pending event is applied when a payment learns it.
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    # What the app read of the event's object (ids, references, amounts), to apply it later.
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Stripe-Ereignis")
        verbose_name_plural = _("Stripe-Ereignisse")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class InvoiceSequence(models.Model):
    """The last invoice number of a year; locked while a number is drawn, so numbers are
    consecutive without gaps or duplicates."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


INVOICE_PAYMENT_DAYS = 30


class IssuedDocumentError(Exception):
    """An issued invoice or credit note was to be changed or deleted (§ 14 UStG, GoBD: it stays
    as issued; a correction is a credit note of its own)."""


# What an invoice records for its bookkeeping and may change after issue: whether and when it
# was paid, or cancelled by a credit note. Every other field is the document as issued.
INVOICE_MUTABLE_FIELDS = frozenset({"state", "paid_at"})


class IssuedDocumentQuerySet(models.QuerySet):
    """Bulk writes cannot bypass the guards of ``save()`` and ``delete()``."""

    mutable_fields: frozenset = frozenset()

    def update(self, **kwargs):
        changed = set(kwargs) - self.mutable_fields
        if changed:
            raise IssuedDocumentError(
                f"Issued {self.model._meta.model_name}s are never changed: {sorted(changed)}"
            )
        return super().update(**kwargs)

    def delete(self):
        raise IssuedDocumentError(f"Issued {self.model._meta.model_name}s are never deleted.")

    delete.queryset_only = True


class InvoiceQuerySet(IssuedDocumentQuerySet):
    mutable_fields = INVOICE_MUTABLE_FIELDS


class IssuedDocument(models.Model):
    """The guards of issued documents: ``save()`` of an existing row writes only the
    ``mutable_fields`` (and raises if another field differs from the stored row);
    ``delete()`` always raises."""

    mutable_fields: frozenset = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding and self.pk is not None:
            fields = (
                {f.attname for f in self._meta.concrete_fields if not f.primary_key}
                if update_fields is None
                else {self._meta.get_field(name).attname for name in update_fields}
            )
            fixed = fields - self.mutable_fields
            if fixed:
                self._refuse_changes(fixed)
                update_fields = sorted(fields & self.mutable_fields)
                if not update_fields:
                    return
        super().save(*args, update_fields=update_fields, **kwargs)

    def _refuse_changes(self, fields) -> None:
        stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            raise IssuedDocumentError(f"{self} is not stored.")
        changed = sorted(name for name in fields if stored[name] != getattr(self, name))
        if changed:
            raise IssuedDocumentError(f"{self} is issued and cannot change: {changed}")

    def delete(self, *args, **kwargs):
        raise IssuedDocumentError(f"{self} is issued and is never deleted.")


class Invoice(IssuedDocument):
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="invoice"
    )
    number = models.CharField(_("Rechnungsnummer"), max_length=30, unique=True)
    state = models.CharField(
        _("Status"), max_length=20, choices=InvoiceState.choices, default=InvoiceState.OPEN
    )
    issued_at = models.DateTimeField(_("Rechnungsdatum"), default=timezone.now)
    buyer_name = models.CharField(_("Rechnungsempfänger"), max_length=200)
    buyer_address = models.TextField(_("Rechnungsanschrift"))
    order_reference = models.CharField(_("Bestellnummer"), max_length=100, blank=True)
    leitweg_id = models.CharField(_("Leitweg-ID"), max_length=46, blank=True)
    description = models.CharField(_("Leistung"), max_length=300)
    net = models.DecimalField(_("Netto"), max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField(_("USt.-Satz"), max_digits=4, decimal_places=2)
    vat = models.DecimalField(_("USt."), max_digits=8, decimal_places=2)
    gross = models.DecimalField(_("Brutto"), max_digits=8, decimal_places=2)
    paid_at = models.DateTimeField(_("Bezahlt am"), null=True, blank=True)
    # The seller as the congress named it when the invoice was issued (congress.models
    # SELLER_FIELDS): an issued invoice does not change when the organiser's data does.
    seller = models.JSONField(_("Rechnungssteller"), default=dict, blank=True, editable=False)

    mutable_fields = INVOICE_MUTABLE_FIELDS
    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rechnung")
        verbose_name_plural = _("Rechnungen")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.number

    def seller_congress(self):
        """The seller of this invoice: the snapshot taken at issue, else (invoices issued
        before snapshots existed) the congress as it is now."""
        if self.seller:
            return seller_from_snapshot(self.seller)
        return self.registration.edition.congress

    @property
    def issue_date(self) -> dt.date:
        return timezone.localdate(self.issued_at)

    @property
    def due_date(self) -> dt.date:
        """Payable within INVOICE_PAYMENT_DAYS of the invoice date."""
        return self.issue_date + dt.timedelta(days=INVOICE_PAYMENT_DAYS)


class CreditNote(IssuedDocument):
    """A cancellation invoice (Stornorechnung: the whole invoice) or an invoice correction
    (Rechnungskorrektur: part of it, e.g. a partial refund) of an issued ``invoice``: a document
    of its own, numbered in the invoices' sequence, referring to the invoice's number and date,
    with the amounts credited (positive here; the PDF shows them negative). Never changed."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("Rechnung"), on_delete=models.PROTECT, related_name="credit_notes"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=CreditNoteKind.choices)
    number = models.CharField(_("Nummer"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("Datum"), default=timezone.now)
    reason = models.CharField(_("Grund"), max_length=300)
    net = models.DecimalField(_("Netto"), max_digits=8, decimal_places=2)
    vat = models.DecimalField(_("USt."), max_digits=8, decimal_places=2)
    gross = models.DecimalField(_("Brutto"), max_digits=8, decimal_places=2)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stornorechnung oder Rechnungskorrektur")
        verbose_name_plural = _("Stornorechnungen und Rechnungskorrekturen")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gross__gt=0) & models.Q(net__gte=0) & models.Q(vat__gte=0),
                name="credit_note_positive_amounts",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def issue_date(self) -> dt.date:
        return timezone.localdate(self.issued_at)

    @property
    def log_edition_id(self) -> int:
        return self.invoice.registration.edition_id
