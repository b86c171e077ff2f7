"""The ticket as a PDF (reportlab): name, category, attendance, dates and the signed QR code."""

from __future__ import annotations

import io

import qrcode
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .tickets import ticket_payload


def _qr_image(payload: str):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def ticket_pdf(registration) -> bytes:
    edition = registration.edition
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("Ticket: %(edition)s") % {"edition": edition.title})
    pdf.setAuthor(edition.congress.organiser or edition.congress.name)
    width, height = A4
    left = 20 * mm
    y = height - 30 * mm
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, y, edition.title)
    y -= 9 * mm
    pdf.setFont("Helvetica", 12)
    dates = formats.date_format(edition.start_date, "d.m.Y")
    if edition.end_date != edition.start_date:
        dates += " – " + formats.date_format(edition.end_date, "d.m.Y")
    if edition.venue:
        dates += ", " + str(edition.venue)
    pdf.drawString(left, y, dates)
    y -= 16 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(left, y, registration.full_name)
    y -= 8 * mm
    pdf.setFont("Helvetica", 12)
    for line in [
        registration.authority or registration.organisation,
        _("Ticket: %(category)s") % {"category": registration.category.name},
        _("Teilnahme: %(attendance)s") % {"attendance": registration.get_attendance_display()},
        _("Anmeldenummer: %(number)s") % {"number": registration.pk},
    ]:
        if line:
            pdf.drawString(left, y, line)
            y -= 6 * mm
    size = 80 * mm
    pdf.drawImage(
        ImageReader(_qr_image(ticket_payload(registration))),
        left,
        y - size - 6 * mm,
        width=size,
        height=size,
    )
    pdf.setFont("Helvetica", 9)
    pdf.drawString(left, y - size - 12 * mm, _("Bitte zeigen Sie diesen Code beim Einlass vor."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _money(value) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True) + " EUR"


def invoice_pdf(invoice) -> bytes:
    """The invoice: seller, buyer, number, date, order reference, Leitweg-ID, net, VAT, gross."""
    registration = invoice.registration
    congress = registration.edition.congress
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("Rechnung %(number)s") % {"number": invoice.number})
    width, height = A4
    left = 20 * mm
    y = height - 25 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, y, congress.organiser or congress.name)
    y -= 15 * mm
    pdf.setFont("Helvetica", 11)
    for line in [invoice.buyer_name, *invoice.buyer_address.splitlines()]:
        pdf.drawString(left, y, line)
        y -= 5 * mm
    y -= 10 * mm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(left, y, _("Rechnung %(number)s") % {"number": invoice.number})
    y -= 8 * mm
    pdf.setFont("Helvetica", 11)
    facts = [
        (_("Rechnungsdatum"), formats.date_format(invoice.issued_at, "d.m.Y")),
        (_("Bestellnummer"), invoice.order_reference),
        (_("Leitweg-ID"), invoice.leitweg_id),
    ]
    for label, value in facts:
        if value:
            pdf.drawString(left, y, f"{label}: {value}")
            y -= 6 * mm
    y -= 6 * mm
    pdf.drawString(left, y, invoice.description[:95])
    y -= 10 * mm
    right = width - 20 * mm
    rows = [
        (_("Netto"), invoice.net),
        (_("Umsatzsteuer %(rate)s %%") % {"rate": invoice.vat_rate.normalize()}, invoice.vat),
        (_("Gesamtbetrag"), invoice.gross),
    ]
    for label, amount in rows:
        pdf.drawString(left, y, label)
        pdf.drawRightString(right, y, _money(amount))
        y -= 6 * mm
    y -= 8 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(
        left,
        y,
        _(
            "Bitte überweisen Sie den Betrag innerhalb von 30 Tagen unter Angabe der Rechnungsnummer."
        ),
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
