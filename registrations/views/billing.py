"""The admin's read-only listings of invoices, credit notes and payments (registered in
wagtail_hooks): nothing here edits or deletes; marking an invoice paid and refunding are
actions that call the services (manage.MarkInvoicePaidView, actions.RefundView)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem

from congress.permissions import ReadOnlyViewSetMixin, ScopedViewSetMixin

from ..enums import InvoiceState
from ..models import CreditNote, Invoice, Payment


def _document_buttons(pdf_url: str, xml_url: str) -> list[ButtonMenuItem]:
    return [
        ButtonMenuItem(gettext_lazy("PDF"), url=pdf_url, icon_name="doc-full", priority=38),
        ButtonMenuItem(
            gettext_lazy("E-Rechnung (XRechnung)"), url=xml_url, icon_name="code", priority=39
        ),
    ]


class InvoiceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons += _document_buttons(
            reverse("registrations_admin_invoice_pdf", args=[instance.pk]),
            reverse("registrations_admin_invoice_xml", args=[instance.pk]),
        )
        if instance.state == InvoiceState.OPEN:
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Als bezahlt markieren"),
                    url=reverse("registrations_admin_invoice_paid", args=[instance.pk]),
                    icon_name="tick",
                    priority=40,
                )
            )
        return buttons


class InvoiceViewSet(ReadOnlyViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Issued invoices never change (models.IssuedDocument): listed and inspected only."""

    name = "invoices"
    model = Invoice
    icon = "doc-full"
    menu_label = gettext_lazy("Rechnungen")
    index_view_class = InvoiceIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["number", "buyer_name", "order_reference", "leitweg_id", "gross", "state"]
    list_filter = ["state"]
    search_fields = ["number", "buyer_name", "order_reference", "leitweg_id"]
    search_backend_name = None
    list_export = [
        "number",
        "issued_at",
        "buyer_name",
        "order_reference",
        "leitweg_id",
        "net",
        "vat",
        "gross",
        "state",
        "paid_at",
    ]
    export_filename = "rechnungen"
    form_fields = []


class CreditNoteIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("invoice__registration")

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + _document_buttons(
            reverse("registrations_admin_credit_note_pdf", args=[instance.pk]),
            reverse("registrations_admin_credit_note_xml", args=[instance.pk]),
        )


class CreditNoteViewSet(ReadOnlyViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    name = "credit_notes"
    model = CreditNote
    icon = "undo"
    menu_label = gettext_lazy("Stornos und Korrekturen")
    index_view_class = CreditNoteIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["number", "kind", "invoice", "issued_at", "gross"]
    list_filter = ["kind"]
    search_fields = ["number", "invoice__number"]
    search_backend_name = None
    list_export = ["number", "kind", "invoice", "issued_at", "reason", "net", "vat", "gross"]
    export_filename = "stornos-und-korrekturen"
    form_fields = []


class PaymentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("registration")


class PaymentViewSet(ReadOnlyViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    """Online payments as Stripe reported them: only the webhook and the services write them."""

    name = "payments"
    model = Payment
    icon = "form"
    menu_label = gettext_lazy("Zahlungen")
    index_view_class = PaymentIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["registration", "amount", "state", "amount_refunded", "created_at"]
    list_filter = ["state"]
    search_fields = ["checkout_session_id", "payment_intent_id", "charge_id"]
    search_backend_name = None
    form_fields = []
