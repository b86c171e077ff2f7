"""Printed documents: the organisers' sheets of name badges per edition (and category), the
certificate of attendance, for organisers per registration and for attendees on their own page
once the congress is over, and the invoices (PDF and XRechnung) for organisers."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.models import Edition
from congress.permissions import EditionPermissionMixin, PermissionRequiredMixin, has_perm

from .. import access
from ..enums import Attendance, RegistrationState
from ..exceptions import RegistrationError
from ..models import CreditNote, Invoice, Registration, TicketCategory
from ..pdf import badge_sheet_pdf, certificate_pdf, credit_note_pdf, invoice_pdf
from ..xrechnung import credit_note_xml, xrechnung_filename, xrechnung_xml
from .public import _registration


def badge_registrations(*, edition, category=None):
    """Confirmed on-site attendees of the edition (of one category), by name."""
    registrations = Registration.objects.filter(
        edition=edition, state=RegistrationState.CONFIRMED, attendance=Attendance.ONSITE
    )
    if category is not None:
        registrations = registrations.filter(category=category)
    return registrations.select_related("edition", "category").order_by(
        "last_name", "first_name", "pk"
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _certificate_response(registration) -> HttpResponse | None:
    attended = access.attendance_of(registration)
    if attended is None:
        return None
    edition = registration.edition
    filename = (
        f"teilnahmebescheinigung-{edition.congress.slug}-{edition.year}-{registration.pk}.pdf"
    )
    return _pdf_response(certificate_pdf(registration, attended), filename)


@never_cache
def certificate_download(request, token):
    """The attendee's own certificate, after the congress and only when they attended."""
    registration = _registration(token)
    if not access.certificate_available(registration):
        raise Http404
    response = _certificate_response(registration)
    if response is None:
        raise Http404
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


BADGES = "registrations.print_badges"


class BadgeIndexView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """Editions with their categories: a badge sheet for all or for one category (only the
    editions the user may print badges for)."""

    permission_required = BADGES
    template_name = "registrations/online/badges.html"
    page_title = gettext_lazy("Namensschilder")
    header_icon = "user"

    def get_context_data(self, **kwargs):
        user = self.request.user
        editions = [
            edition
            for edition in Edition.objects.select_related("congress")
            if has_perm(user, BADGES, edition)
        ]
        editions = (
            Edition.objects.filter(pk__in=[e.pk for e in editions])
            .select_related("congress")
            .prefetch_related(
                Prefetch(
                    "ticket_categories", queryset=TicketCategory.objects.order_by("sort_order")
                )
            )
        )
        return super().get_context_data(editions=editions, **kwargs)


class BadgeSheetView(EditionPermissionMixin, View):
    """``?kategorie=<pk>`` limits the sheet to a category, ``?qr=1`` adds the QR codes."""

    edition_url_kwarg = "pk"
    permission_required = BADGES

    def get(self, request, pk):
        edition = self.edition
        category = None
        if value := request.GET.get("kategorie"):
            # isdigit() alone lets "²" through, which int() refuses.
            if not (value.isascii() and value.isdigit() and len(value) <= 18):
                raise Http404
            category = get_object_or_404(TicketCategory, pk=int(value), edition=edition)
        registrations = badge_registrations(edition=edition, category=category)
        suffix = f"-{category.pk}" if category else ""
        return _pdf_response(
            badge_sheet_pdf(registrations, with_qr=request.GET.get("qr") == "1"),
            f"namensschilder-{edition.congress.slug}-{edition.year}{suffix}.pdf",
        )


class CertificateAdminView(PermissionRequiredMixin, View):
    permission_required = "registrations.view_registration"

    def dispatch(self, request, *args, **kwargs):
        self.registration = get_object_or_404(
            Registration.objects.select_related("edition__congress", "edition__venue"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.registration

    def get(self, request, pk):
        registration = self.registration
        response = _certificate_response(registration)
        if response is None:
            messages.error(
                request,
                gettext_lazy(
                    "Keine Teilnahmebescheinigung: Die Person ist weder vor Ort eingecheckt noch "
                    "online dabei gewesen."
                ),
            )
            return redirect("registration_admin:index")
        return response


class _InvoiceAdminView(PermissionRequiredMixin, View):
    """An invoice for organisers who may see the invoices of its edition."""

    permission_required = "registrations.view_invoice"

    def dispatch(self, request, *args, **kwargs):
        self.invoice = get_object_or_404(
            Invoice.objects.select_related("registration__edition__congress"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.invoice

    def get_invoice(self, pk) -> Invoice:
        return self.invoice


class InvoicePdfAdminView(_InvoiceAdminView):
    def get(self, request, pk):
        invoice = self.get_invoice(pk)
        return _pdf_response(invoice_pdf(invoice), f"rechnung-{invoice.number}.pdf")


class InvoiceXmlAdminView(_InvoiceAdminView):
    """The XRechnung; when the congress lacks seller data, back to the listing saying what."""

    def get(self, request, pk):
        invoice = self.get_invoice(pk)
        try:
            xml = xrechnung_xml(invoice)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect("invoices:index")
        response = HttpResponse(xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{xrechnung_filename(invoice)}"'
        response["Cache-Control"] = "private, no-store"
        return response


class _CreditNoteAdminView(PermissionRequiredMixin, View):
    """A credit note for organisers who may see the invoices of its edition."""

    permission_required = "registrations.view_invoice"

    def dispatch(self, request, *args, **kwargs):
        self.note = get_object_or_404(
            CreditNote.objects.select_related("invoice__registration__edition__congress"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.note.invoice


class CreditNotePdfAdminView(_CreditNoteAdminView):
    def get(self, request, pk):
        return _pdf_response(credit_note_pdf(self.note), f"{self.note.number}.pdf")


class CreditNoteXmlAdminView(_CreditNoteAdminView):
    def get(self, request, pk):
        try:
            xml = credit_note_xml(self.note)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect("credit_notes:index")
        response = HttpResponse(xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{xrechnung_filename(self.note)}"'
        response["Cache-Control"] = "private, no-store"
        return response
