"""PDFs (reportlab): the ticket (name, category, attendance, dates and the signed QR code), the
invoice, sheets of name badges and the certificate of attendance."""

from __future__ import annotations

import io

import qrcode
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from congress.enums import EditionMode
from congress.validators import format_iban

from .models import INVOICE_PAYMENT_DAYS
from .pdf_fonts import BOLD, ITALIC, REGULAR, register_fonts
from .tickets import ticket_payload


def _qr_image(payload: str):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _canvas(buffer) -> canvas.Canvas:
    """An A4 canvas with our fonts registered (pdf_fonts)."""
    register_fonts()
    return canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=REGULAR)


def ticket_pdf(registration) -> bytes:
    edition = registration.edition
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    pdf.setTitle(_("Ticket: %(edition)s") % {"edition": edition.title})
    pdf.setAuthor(edition.congress.organiser or edition.congress.name)
    width, height = A4
    left = 20 * mm
    y = height - 30 * mm
    pdf.setFont(BOLD, 20)
    pdf.drawString(left, y, edition.title)
    y -= 9 * mm
    pdf.setFont(REGULAR, 12)
    dates = formats.date_format(edition.start_date, "d.m.Y")
    if edition.end_date != edition.start_date:
        dates += " – " + formats.date_format(edition.end_date, "d.m.Y")
    if edition.venue:
        dates += ", " + str(edition.venue)
    pdf.drawString(left, y, dates)
    y -= 16 * mm
    lines, size, _fits = _wrapped(pdf, registration.full_name, BOLD, 16, 10, width - 2 * left, 2)
    pdf.setFont(BOLD, size)
    for line in lines:
        pdf.drawString(left, y, line)
        y -= size * 1.2
    y -= 8 * mm - size * 1.2
    pdf.setFont(REGULAR, 12)
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
    pdf.setFont(REGULAR, 9)
    pdf.drawString(left, y - size - 12 * mm, _("Bitte zeigen Sie diesen Code beim Einlass vor."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _money(value) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True) + " EUR"


def _service_period(edition) -> tuple[str, str]:
    """The label and dates of the service: the days of the edition."""
    start = formats.date_format(edition.start_date, "d.m.Y")
    if edition.end_date == edition.start_date:
        return _("Leistungsdatum"), start
    end = formats.date_format(edition.end_date, "d.m.Y")
    return _("Leistungszeitraum"), f"{start} – {end}"


def _seller_lines(congress) -> list[str]:
    """The seller block: name, address, contact, tax numbers (what the congress has)."""
    lines = [congress.seller_name, *congress.organiser_address_lines]
    if congress.invoice_phone:
        lines.append(_("Telefon: %(phone)s") % {"phone": congress.invoice_phone})
    if congress.invoice_email:
        lines.append(_("E-Mail: %(email)s") % {"email": congress.invoice_email})
    if congress.vat_id:
        lines.append(_("USt-IdNr.: %(vat_id)s") % {"vat_id": congress.vat_id})
    if congress.tax_number:
        lines.append(_("Steuernummer: %(number)s") % {"number": congress.tax_number})
    return lines


def _payment_lines(invoice, congress) -> list[str]:
    """Payment terms: with the organiser's bank details the due date, account and reference;
    without them the general sentence of before."""
    if not congress.iban:
        return [
            _(
                "Bitte überweisen Sie den Betrag innerhalb von 30 Tagen unter Angabe der "
                "Rechnungsnummer."
            )
        ]
    due = formats.date_format(invoice.due_date, "d.m.Y")
    lines = [
        _(
            "Bitte überweisen Sie den Gesamtbetrag ohne Abzug bis zum %(due)s "
            "(%(days)s Tage nach Rechnungsdatum) auf folgendes Konto:"
        )
        % {"due": due, "days": INVOICE_PAYMENT_DAYS},
        _("Kontoinhaber: %(holder)s") % {"holder": congress.seller_name},
        _("IBAN: %(iban)s") % {"iban": format_iban(congress.iban)},
    ]
    if congress.bic:
        lines.append(_("BIC: %(bic)s") % {"bic": congress.bic})
    if congress.bank_name:
        lines.append(_("Bank: %(bank)s") % {"bank": congress.bank_name})
    lines.append(_("Verwendungszweck: %(number)s") % {"number": invoice.number})
    return lines


def credit_note_pdf(note) -> bytes:
    """A cancellation invoice or invoice correction: laid out as its invoice, with its own
    number and date, the invoice it corrects (number and date), the reason and the amounts
    credited, shown negative."""
    return invoice_pdf(note.invoice, credit_note=note)


def _credit_lines() -> list[str]:
    return [
        _(
            "Der Gesamtbetrag wird Ihnen erstattet: bei Online-Zahlung auf das bei der Zahlung "
            "verwendete Zahlungsmittel, sonst per Überweisung."
        )
    ]


def _document_heading(invoice, note) -> tuple[str, list[tuple[str, str]]]:
    """The title and the first facts (number, date, for a credit note the invoice it corrects
    and why) of the invoice or credit note."""
    if note is None:
        return _("Rechnung %(number)s") % {"number": invoice.number}, [
            (_("Rechnungsnummer"), invoice.number),
            (_("Rechnungsdatum"), formats.date_format(invoice.issue_date, "d.m.Y")),
        ]
    invoice_date = formats.date_format(invoice.issue_date, "d.m.Y")
    return f"{note.get_kind_display()} {note.number}", [
        (_("Nummer"), note.number),
        (_("Datum"), formats.date_format(note.issue_date, "d.m.Y")),
        (
            _("Zur Rechnung"),
            _("%(number)s vom %(date)s") % {"number": invoice.number, "date": invoice_date},
        ),
        (_("Grund"), note.reason),
    ]


def _amount_rows(invoice, note) -> list[tuple[str, object]]:
    source, sign = (invoice, 1) if note is None else (note, -1)
    return [
        (_("Netto"), sign * source.net),
        (_("Umsatzsteuer %(rate)s %%") % {"rate": invoice.vat_rate.normalize()}, sign * source.vat),
        (_("Gesamtbetrag"), sign * source.gross),
    ]


def invoice_pdf(invoice, credit_note=None) -> bytes:
    """The invoice with what § 14 Abs. 4 UStG asks for: seller with address and VAT ID or tax
    number, buyer, number, date, the service and its dates, net, VAT rate and amount, gross; and
    the payment terms with due date and bank details. Renders without the seller data of the
    congress too (then naming only the organiser, with the general payment sentence). With
    ``credit_note`` the credit note of the invoice instead (``credit_note_pdf``)."""
    registration = invoice.registration
    edition = registration.edition
    congress = invoice.seller_congress()
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    title, heading_facts = _document_heading(invoice, credit_note)
    pdf.setTitle(title)
    pdf.setAuthor(congress.seller_name)
    width, height = A4
    left = 20 * mm
    right = width - 20 * mm
    top = height - 25 * mm
    text_width = right - left

    # DIN 5008-like: the buyer's address on the left under a return line of the seller, the
    # seller's block in a column on the right.
    column = 130 * mm
    column_width = right - column
    address_width = column - left - 8 * mm
    return_line = " · ".join([congress.seller_name, *congress.organiser_address_lines])
    text, size = _fitted(pdf, return_line, REGULAR, 7, 6, address_width)
    pdf.setFont(REGULAR, size)
    pdf.drawString(left, top, text)
    y = top
    for line in _seller_lines(congress):
        text, size = _fitted(pdf, line, REGULAR, 9, 7, column_width)
        pdf.setFont(REGULAR, size)
        pdf.drawString(column, y, text)
        y -= 4.5 * mm
    seller_bottom = y
    y = top - 8 * mm
    for line in [invoice.buyer_name, *invoice.buyer_address.splitlines()]:
        text, size = _fitted(pdf, line, REGULAR, 11, 8, address_width)
        pdf.setFont(REGULAR, size)
        pdf.drawString(left, y, text)
        y -= 5 * mm
    y = min(y, seller_bottom) - 10 * mm
    pdf.setFont(BOLD, 16)
    pdf.drawString(left, y, title)
    y -= 8 * mm
    pdf.setFont(REGULAR, 11)
    facts = [
        *heading_facts,
        _service_period(edition),
        (_("Bestellnummer"), invoice.order_reference),
        (_("Leitweg-ID"), invoice.leitweg_id),
    ]
    for label, value in facts:
        if value:
            pdf.drawString(left, y, f"{label}: {value}")
            y -= 6 * mm
    y -= 6 * mm
    for line in simpleSplit(invoice.description, REGULAR, 11, text_width):
        pdf.drawString(left, y, line)
        y -= 5 * mm
    y -= 5 * mm
    for label, amount in _amount_rows(invoice, credit_note):
        pdf.drawString(left, y, label)
        pdf.drawRightString(right, y, _money(amount))
        y -= 6 * mm
    y -= 8 * mm
    pdf.setFont(REGULAR, 10)
    for line in _payment_lines(invoice, congress) if credit_note is None else _credit_lines():
        for part in simpleSplit(line, REGULAR, 10, text_width):
            pdf.drawString(left, y, part)
            y -= 5 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# Name badges and certificates of attendance.

BADGE_WIDTH = 90 * mm
BADGE_HEIGHT = 55 * mm
BADGE_COLUMNS = 2
BADGE_ROWS = 5
BADGE_PADDING = 5 * mm
BADGE_QR_SIZE = 24 * mm


def _fitted(pdf, text: str, font: str, size: float, min_size: float, width: float):
    """``text`` and a font size at which it fits ``width``: smaller down to ``min_size``, then
    shortened with an ellipsis."""
    while size > min_size and pdf.stringWidth(text, font, size) > width:
        size -= 0.5
    if pdf.stringWidth(text, font, size) > width:
        while text and pdf.stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        text += "…"
    return text, size


def _wrapped(pdf, text: str, font: str, size: float, min_size: float, width: float, max_lines):
    """``text`` broken into at most ``max_lines`` lines at the largest font size (down to
    ``min_size``) at which each line fits ``width``; at ``min_size`` a line that still does not
    fit is shortened with an ellipsis (_fitted). Returns the lines, the size and whether the
    whole text fitted."""
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        fits = len(lines) <= max_lines and all(
            pdf.stringWidth(line, font, size) <= width for line in lines
        )
        if fits or size <= min_size:
            break
        size -= 0.5
    if not fits:
        lines = lines[:max_lines]
        if len(lines) == max_lines:  # the rest goes on the last line, shortened
            lines[-1] = " ".join(text.split()[len(" ".join(lines[:-1]).split()) :])
        lines = [_fitted(pdf, line, font, size, size, width)[0] for line in lines]
    return lines, size, fits


def _draw_badge_name(pdf, name: str, left: float, top: float, width: float) -> None:
    """The name, on one line down to 14 pt, else on two lines (13 to 8 pt) in the same band."""
    lines, size, fits = _wrapped(pdf, name, BOLD, 20, 14, width, 1)
    if not fits:
        lines, size, _fits = _wrapped(pdf, name, BOLD, 13, 8, width, 2)
    pdf.setFont(BOLD, size)
    if len(lines) == 1:
        pdf.drawString(left, top - 14 * mm, lines[0])
        return
    y = top - 10 * mm
    for line in lines:
        pdf.drawString(left, y, line)
        y -= size * 1.15


def _draw_badge(pdf, registration, x: float, y: float, *, with_qr: bool) -> None:
    """One badge with its lower left corner at (x, y)."""
    pdf.setLineWidth(0.3)
    pdf.setStrokeGray(0.7)
    pdf.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)
    left = x + BADGE_PADDING
    width = BADGE_WIDTH - 2 * BADGE_PADDING
    if with_qr:
        pdf.drawImage(
            ImageReader(_qr_image(ticket_payload(registration))),
            x + BADGE_WIDTH - BADGE_PADDING - BADGE_QR_SIZE,
            y + BADGE_PADDING,
            width=BADGE_QR_SIZE,
            height=BADGE_QR_SIZE,
        )
    top = y + BADGE_HEIGHT - BADGE_PADDING
    text, size = _fitted(pdf, registration.edition.title, REGULAR, 9, 7, width)
    pdf.setFont(REGULAR, size)
    pdf.drawString(left, top - size, text)
    _draw_badge_name(pdf, registration.full_name, left, top, width)
    lower_width = width - (BADGE_QR_SIZE + 2 * mm if with_qr else 0)
    affiliation = registration.authority or registration.organisation
    if affiliation:
        text, size = _fitted(pdf, affiliation, REGULAR, 11, 7, width)
        pdf.setFont(REGULAR, size)
        pdf.drawString(left, top - 21 * mm, text)
    text, size = _fitted(pdf, registration.category.name, ITALIC, 10, 7, lower_width)
    pdf.setFont(ITALIC, size)
    pdf.drawString(left, y + BADGE_PADDING + 1 * mm, text)


def badge_sheet_pdf(registrations, *, with_qr: bool = False) -> bytes:
    """Name badges, ten to an A4 sheet (2 x 5, 90 x 55 mm, with cut lines): name, organisation or
    authority, category and edition, optionally the ticket's QR code. Expects the registrations
    with ``edition`` and ``category`` loaded (select_related)."""
    registrations = list(registrations)
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    pdf.setTitle(_("Namensschilder"))
    width, height = A4
    margin_x = (width - BADGE_COLUMNS * BADGE_WIDTH) / 2
    margin_y = (height - BADGE_ROWS * BADGE_HEIGHT) / 2
    per_page = BADGE_COLUMNS * BADGE_ROWS
    for index, registration in enumerate(registrations):
        slot = index % per_page
        if index and not slot:
            pdf.showPage()
        column, row = slot % BADGE_COLUMNS, slot // BADGE_COLUMNS
        x = margin_x + column * BADGE_WIDTH
        y = height - margin_y - (row + 1) * BADGE_HEIGHT
        _draw_badge(pdf, registration, x, y, with_qr=with_qr)
    if not registrations:
        pdf.setFont(REGULAR, 12)
        pdf.drawString(20 * mm, height - 30 * mm, _("Keine Namensschilder für diese Auswahl."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _date_list(days) -> str:
    dates = [formats.date_format(day, "d.m.Y") for day in days]
    if len(dates) == 1:
        return dates[0]
    return _("%(dates)s und %(last)s") % {"dates": ", ".join(dates[:-1]), "last": dates[-1]}


def certificate_pdf(registration, attended) -> bytes:
    """The certificate of attendance ("Teilnahmebescheinigung") of a registration that attended
    (``attended``: registrations.access.attendance_of)."""
    edition = registration.edition
    congress = edition.congress
    issuer = congress.organiser or congress.name
    buffer = io.BytesIO()
    pdf = _canvas(buffer)
    pdf.setTitle(_("Teilnahmebescheinigung: %(edition)s") % {"edition": edition.title})
    pdf.setAuthor(issuer)
    width, height = A4
    centre = width / 2
    text_width = width - 50 * mm
    y = height - 45 * mm
    pdf.setFont(BOLD, 26)
    pdf.drawCentredString(centre, y, _("Teilnahmebescheinigung"))
    y -= 25 * mm
    pdf.setFont(REGULAR, 12)
    pdf.drawCentredString(centre, y, _("Hiermit bestätigen wir, dass"))
    y -= 14 * mm
    lines, size, _fits = _wrapped(pdf, registration.full_name, BOLD, 20, 12, text_width, 2)
    pdf.setFont(BOLD, size)
    for index, line in enumerate(lines):
        if index:
            y -= size * 1.2
        pdf.drawCentredString(centre, y, line)
    affiliation = registration.authority or registration.organisation
    if affiliation:
        y -= 8 * mm
        text, size = _fitted(pdf, affiliation, REGULAR, 12, 8, text_width)
        pdf.setFont(REGULAR, size)
        pdf.drawCentredString(centre, y, text)
    y -= 14 * mm
    pdf.setFont(REGULAR, 12)
    days = _date_list(attended.days)
    line = _("hat am %(days)s %(mode)s an der Veranstaltung") % {
        "days": days,
        "mode": attended.label,
    }
    for part in simpleSplit(line, REGULAR, 12, text_width):
        pdf.drawCentredString(centre, y, part)
        y -= 6 * mm
    y -= 4 * mm
    pdf.setFont(BOLD, 16)
    for part in simpleSplit(edition.title, BOLD, 16, text_width):
        pdf.drawCentredString(centre, y, part)
        y -= 8 * mm
    pdf.setFont(REGULAR, 12)
    if edition.motto:
        for part in simpleSplit(f"„{edition.motto}“", REGULAR, 12, text_width):
            pdf.drawCentredString(centre, y, part)
            y -= 6 * mm
    y -= 4 * mm
    pdf.drawCentredString(centre, y, _("teilgenommen."))
    y -= 18 * mm
    pdf.setFont(REGULAR, 10)
    for part in simpleSplit(
        _certificate_event_line(edition),
        REGULAR,
        10,
        text_width,
    ):
        pdf.drawCentredString(centre, y, part)
        y -= 5 * mm
    _certificate_footer(pdf, issuer)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _certificate_event_line(edition) -> str:
    """The line "Veranstaltung: <dates>, <place>" of the certificate."""
    dates = formats.date_format(edition.start_date, "d.m.Y")
    if edition.end_date != edition.start_date:
        dates += " – " + formats.date_format(edition.end_date, "d.m.Y")
    if edition.mode == EditionMode.ONLINE or edition.venue is None:
        place = _("online")
    elif edition.mode == EditionMode.HYBRID:
        place = _("%(venue)s und online") % {"venue": edition.venue}
    else:
        place = str(edition.venue)
    return _("Veranstaltung: %(dates)s, %(place)s") % {"dates": dates, "place": place}


def _certificate_footer(pdf, issuer: str) -> None:
    bottom = 40 * mm
    pdf.setFont(REGULAR, 10)
    pdf.drawString(
        25 * mm,
        bottom,
        _("Ausgestellt von %(issuer)s am %(date)s")
        % {"issuer": issuer, "date": formats.date_format(timezone.localdate(), "d.m.Y")},
    )
    pdf.setFont(REGULAR, 8)
    pdf.drawString(
        25 * mm,
        bottom - 6 * mm,
        _("Diese Bescheinigung wurde maschinell erstellt und ist ohne Unterschrift gültig."),
    )
