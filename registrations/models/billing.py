"""Payments through Stripe, the webhook events seen, and invoices with their numbering."""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import seller_from_snapshot

from ..enums import (
    InvoiceState,
    PaymentState,
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
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zahlung")
        verbose_name_plural = _("Zahlungen")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.amount} EUR ({self.get_state_display()})"


class WebhookEvent(models.Model):
    """Stripe events already handled: a repeated delivery is acknowledged and ignored."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)

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


class Invoice(models.Model):
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
