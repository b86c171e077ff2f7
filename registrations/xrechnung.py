"""The invoice as an e-invoice: XRechnung 3.0 in the UBL 2.1 syntax (EN 16931 with the German
CIUS of KoSIT), as German federal and most state authorities require it (B2G).

Built with the standard library; the elements follow the order of the UBL schema. The business
terms (BT-…) in the comments are those of EN 16931.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.translation import gettext as _

from .exceptions import RegistrationError

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CURRENCY = "EUR"
INVOICE_TYPE_COMMERCIAL = "380"
# Cancellation invoices and invoice corrections credit (part of) an invoice: UNTDID 1001 code
# 381 "credit note" in the UBL CreditNote syntax, with positive amounts and the invoice they
# correct as the preceding invoice reference (BG-3: BT-25 number, BT-26 date). 384 "corrected
# invoice" would replace the invoice with new amounts, which is not what they do.
CREDIT_NOTE_TYPE = "381"
# A refund goes back to the buyer by the original means or by transfer: no seller account.
PAYMENT_NOT_DEFINED = "1"
PAYMENT_SEPA_CREDIT_TRANSFER = "58"
UNIT_PIECE = "C62"
SCHEME_EMAIL = "EM"
SCHEME_LEITWEG_ID = "0204"
TAX_STANDARD_RATE = "S"
CENT = Decimal("0.01")

ET.register_namespace("ubl", UBL_INVOICE)
ET.register_namespace("ublcn", UBL_CREDIT_NOTE)
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)

# The last line of a German address, "41460 Neuss", also "D-41460 Neuss" or "A-1010 Wien".
POSTAL_LINE = re.compile(r"^(?:(?P<prefix>[A-Z]{1,2})\s*-\s*)?(?P<code>\d{4,5})\s+(?P<city>\S.*)$")
COUNTRY_PREFIXES = {"D": "DE", "DE": "DE", "A": "AT", "AT": "AT", "CH": "CH"}


def missing_seller_data(congress) -> list[str]:
    """What the congress lacks for an XRechnung, as labels for organisers; empty when complete.

    Besides EN 16931, the German rules require the seller's city and postal code (BR-DE-3,
    BR-DE-4) and a contact with telephone and email (BR-DE-5 to BR-DE-7); the payment by credit
    transfer needs the IBAN (BR-DE-23).
    """
    missing = []
    if not congress.organiser:
        missing.append(_("Veranstalter"))
    if not congress.organiser_street:
        missing.append(_("Straße"))
    if not congress.organiser_postal_code:
        missing.append(_("PLZ"))
    if not congress.organiser_city:
        missing.append(_("Ort"))
    if not (congress.vat_id or congress.tax_number):
        missing.append(_("USt-IdNr. oder Steuernummer"))
    if not congress.invoice_email:
        missing.append(_("E-Mail für Rechnungsfragen"))
    if not congress.invoice_phone:
        missing.append(_("Telefon für Rechnungsfragen"))
    if not congress.iban:
        missing.append(_("IBAN"))
    return missing


def check_xrechnung_possible(invoice) -> None:
    """Raise RegistrationError (German, for organisers) when the invoice cannot become an
    XRechnung: seller data of the congress missing, or a buyer address without "PLZ Ort"."""
    congress = invoice.seller_congress()
    if missing := missing_seller_data(congress):
        raise RegistrationError(
            _(
                "Für die E-Rechnung (XRechnung) fehlen Rechnungsangaben beim Kongress "
                "„%(congress)s“: %(missing)s. Bitte ergänzen Sie sie unter Kongresse."
            )
            % {"congress": congress.name, "missing": ", ".join(missing)}
        )
    if buyer_address(invoice.buyer_address, name=invoice.buyer_name) is None:
        raise RegistrationError(
            _(
                "Für die E-Rechnung (XRechnung) muss die Rechnungsanschrift von %(number)s mit "
                "„PLZ Ort“ enden (z. B. „41460 Neuss“). Eine ausgestellte Rechnung bleibt, wie sie "
                "ist: Sie lässt sich nur stornieren und mit korrigierter Anschrift neu ausstellen."
            )
            % {"number": invoice.number}
        )
    if invoice.vat_rate <= 0:
        raise RegistrationError(
            _(
                "Rechnungen ohne Umsatzsteuer lassen sich noch nicht als E-Rechnung (XRechnung) "
                "ausstellen: der Grund der Steuerbefreiung fehlt."
            )
        )
    if invoice.net + invoice.vat != invoice.gross:
        raise RegistrationError(
            _("Die Beträge der Rechnung %(number)s gehen nicht auf (netto + USt. ≠ brutto).")
            % {"number": invoice.number}
        )


def buyer_address(text: str, *, name: str = "") -> dict | None:
    """Best-effort parse of a free-text address: the last line "PLZ Ort" (optionally with a
    country prefix such as "D-"), the line above it the street, lines further up (a department,
    "z. Hd. …") extra lines; a first line repeating the buyer's ``name`` is left out. None when
    the last line is no "PLZ Ort"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and name and lines[0].casefold() == name.strip().casefold():
        lines = lines[1:]
    if not lines:
        return None
    match = POSTAL_LINE.match(lines[-1])
    if match is None:
        return None
    country = COUNTRY_PREFIXES.get(match["prefix"] or "D")
    if country is None:
        return None
    return {
        "street": lines[-2] if len(lines) > 1 else "",
        "extra": lines[:-2],
        "postal_code": match["code"],
        "city": match["city"],
        "country": country,
    }


def _amount(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT))


def _sub(parent: ET.Element, namespace: str, tag: str, text=None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = str(text)
    return element


def _cbc(parent, tag, text=None, **attributes):
    return _sub(parent, CBC, tag, text, **attributes)


def _cac(parent, tag):
    return _sub(parent, CAC, tag)


def _money(parent, tag, value):
    return _cbc(parent, tag, _amount(value), currencyID=CURRENCY)


def _postal_address(parent, *, street, extra, postal_code, city, country) -> None:
    address = _cac(parent, "PostalAddress")
    if street:
        _cbc(address, "StreetName", street)  # BT-35 / BT-50
    if extra:
        _cbc(address, "AdditionalStreetName", extra[0])  # BT-36 / BT-51
    _cbc(address, "CityName", city)  # BT-37 / BT-52
    _cbc(address, "PostalZone", postal_code)  # BT-38 / BT-53
    if len(extra) > 1:
        _cbc(_cac(address, "AddressLine"), "Line", ", ".join(extra[1:]))  # BT-162 / BT-163
    _cbc(_cac(address, "Country"), "IdentificationCode", country)  # BT-40 / BT-55


def _tax_category(parent, tag, rate) -> None:
    category = _cac(parent, tag)
    _cbc(category, "ID", TAX_STANDARD_RATE)
    _cbc(category, "Percent", _amount(rate))
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def buyer_reference(invoice) -> str:
    """BT-10, mandatory in XRechnung (BR-DE-15): the Leitweg-ID, by which public buyers route
    the invoice; without one the order reference; as a last resort the invoice number, since
    placeholders such as "n/a" are refused by buyers' portals and say nothing, while the
    invoice number at least lets the buyer match the document."""
    return invoice.leitweg_id or invoice.order_reference or invoice.number


def xrechnung_xml(invoice) -> bytes:
    """The invoice as XRechnung 3.0 (UBL 2.1 Invoice), UTF-8 encoded.

    Raises RegistrationError with a German message when the congress lacks seller data the
    format requires (check_xrechnung_possible). The buyer reference (BT-10) is the Leitweg-ID,
    else the order reference, else the invoice number (buyer_reference). Expects
    ``invoice.registration.edition.congress`` loaded.
    """
    check_xrechnung_possible(invoice)
    registration = invoice.registration
    edition = registration.edition
    congress = invoice.seller_congress()
    issue_date = invoice.issue_date
    due_date = invoice.due_date

    root = ET.Element(f"{{{UBL_INVOICE}}}Invoice")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)  # BT-24
    _cbc(root, "ProfileID", PROFILE_ID)  # BT-23
    _cbc(root, "ID", invoice.number)  # BT-1
    _cbc(root, "IssueDate", issue_date.isoformat())  # BT-2
    _cbc(root, "DueDate", due_date.isoformat())  # BT-9
    _cbc(root, "InvoiceTypeCode", INVOICE_TYPE_COMMERCIAL)  # BT-3
    _cbc(root, "DocumentCurrencyCode", CURRENCY)  # BT-5
    _cbc(root, "BuyerReference", buyer_reference(invoice))  # BT-10
    period = _cac(root, "InvoicePeriod")  # BG-14: the days of the congress
    _cbc(period, "StartDate", edition.start_date.isoformat())
    _cbc(period, "EndDate", edition.end_date.isoformat())
    if invoice.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.order_reference)  # BT-13

    _seller_party(root, congress)
    _buyer_party(root, invoice)
    _payment_means(root, invoice, congress)
    _totals_and_line(
        root, invoice, net=invoice.net, vat=invoice.vat, gross=invoice.gross, line="InvoiceLine"
    )

    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def credit_note_xml(note) -> bytes:
    """A cancellation invoice or invoice correction as XRechnung 3.0 (UBL 2.1 CreditNote, type
    code 381), referring to its invoice (BT-25, BT-26). Raises RegistrationError as
    ``xrechnung_xml`` does for its invoice."""
    invoice = note.invoice
    check_xrechnung_possible(invoice)
    edition = invoice.registration.edition
    congress = invoice.seller_congress()
    root = ET.Element(f"{{{UBL_CREDIT_NOTE}}}CreditNote")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)  # BT-24
    _cbc(root, "ProfileID", PROFILE_ID)  # BT-23
    _cbc(root, "ID", note.number)  # BT-1
    _cbc(root, "IssueDate", note.issue_date.isoformat())  # BT-2
    _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE)  # BT-3
    _cbc(root, "Note", f"{note.get_kind_display()}: {note.reason}")  # BT-22
    _cbc(root, "DocumentCurrencyCode", CURRENCY)  # BT-5
    _cbc(root, "BuyerReference", buyer_reference(invoice))  # BT-10
    period = _cac(root, "InvoicePeriod")  # BG-14
    _cbc(period, "StartDate", edition.start_date.isoformat())
    _cbc(period, "EndDate", edition.end_date.isoformat())
    if invoice.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.order_reference)  # BT-13
    preceding = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")  # BG-3
    _cbc(preceding, "ID", invoice.number)  # BT-25
    _cbc(preceding, "IssueDate", invoice.issue_date.isoformat())  # BT-26
    _seller_party(root, congress)
    _buyer_party(root, invoice)
    _cbc(_cac(root, "PaymentMeans"), "PaymentMeansCode", PAYMENT_NOT_DEFINED)  # BG-16, BT-81
    _cbc(
        _cac(root, "PaymentTerms"),
        "Note",
        _("Der Betrag wird erstattet (zur Rechnung %(number)s).") % {"number": invoice.number},
    )  # BT-20
    _totals_and_line(
        root, invoice, net=note.net, vat=note.vat, gross=note.gross, line="CreditNoteLine"
    )
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def xrechnung_filename(document) -> str:
    """rechnung-RE-2026-00001.xml for an invoice or credit note (its number names which)."""
    return f"rechnung-{document.number}.xml"


def _seller_party(root, congress) -> None:
    # BG-4 seller: the organiser.
    seller = _cac(_cac(root, "AccountingSupplierParty"), "Party")
    _cbc(seller, "EndpointID", congress.invoice_email, schemeID=SCHEME_EMAIL)  # BT-34
    _cbc(_cac(seller, "PartyName"), "Name", congress.organiser)  # BT-28
    _postal_address(
        seller,
        street=congress.organiser_street,
        extra=[],
        postal_code=congress.organiser_postal_code,
        city=congress.organiser_city,
        country=congress.organiser_country or "DE",
    )
    if congress.vat_id:  # BT-31
        tax_scheme = _cac(seller, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", congress.vat_id)
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    if congress.tax_number:  # BT-32
        tax_scheme = _cac(seller, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", congress.tax_number)
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "FC")
    _cbc(_cac(seller, "PartyLegalEntity"), "RegistrationName", congress.organiser)  # BT-27
    contact = _cac(seller, "Contact")  # BG-6
    _cbc(contact, "Name", congress.organiser)  # BT-41
    _cbc(contact, "Telephone", congress.invoice_phone)  # BT-42
    _cbc(contact, "ElectronicMail", congress.invoice_email)  # BT-43


def _buyer_party(root, invoice) -> None:
    registration = invoice.registration
    # BG-7 buyer: the authority or organisation of the registration.
    buyer = _cac(_cac(root, "AccountingCustomerParty"), "Party")
    if invoice.leitweg_id:  # BT-49
        _cbc(buyer, "EndpointID", invoice.leitweg_id, schemeID=SCHEME_LEITWEG_ID)
    else:
        _cbc(buyer, "EndpointID", registration.email, schemeID=SCHEME_EMAIL)
    _postal_address(buyer, **buyer_address(invoice.buyer_address, name=invoice.buyer_name))
    _cbc(_cac(buyer, "PartyLegalEntity"), "RegistrationName", invoice.buyer_name)  # BT-44


def _payment_means(root, invoice, congress) -> None:
    due_date = invoice.due_date
    # BG-16 payment instructions: SEPA credit transfer, the invoice number as remittance.
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", PAYMENT_SEPA_CREDIT_TRANSFER)  # BT-81
    _cbc(means, "PaymentID", invoice.number)  # BT-83
    account = _cac(means, "PayeeFinancialAccount")
    _cbc(account, "ID", congress.iban)  # BT-84
    _cbc(account, "Name", congress.organiser)  # BT-85
    if congress.bic:
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", congress.bic)  # BT-86
    _cbc(
        _cac(root, "PaymentTerms"),
        "Note",
        _("Zahlbar ohne Abzug bis %(date)s.") % {"date": due_date.strftime("%d.%m.%Y")},
    )  # BT-20


def _totals_and_line(root, invoice, *, net, vat, gross, line: str) -> None:
    rate = invoice.vat_rate
    # BG-23 VAT breakdown: one rate.
    tax_total = _cac(root, "TaxTotal")
    _money(tax_total, "TaxAmount", vat)  # BT-110
    subtotal = _cac(tax_total, "TaxSubtotal")
    _money(subtotal, "TaxableAmount", net)  # BT-116
    _money(subtotal, "TaxAmount", vat)  # BT-117
    _tax_category(subtotal, "TaxCategory", rate)  # BT-118, BT-119

    totals = _cac(root, "LegalMonetaryTotal")  # BG-22
    _money(totals, "LineExtensionAmount", net)  # BT-106
    _money(totals, "TaxExclusiveAmount", net)  # BT-109
    _money(totals, "TaxInclusiveAmount", gross)  # BT-112
    _money(totals, "PayableAmount", gross)  # BT-115

    element = _cac(root, line)  # BG-25: the ticket
    _cbc(element, "ID", "1")  # BT-126
    quantity = "CreditedQuantity" if line == "CreditNoteLine" else "InvoicedQuantity"
    _cbc(element, quantity, "1", unitCode=UNIT_PIECE)  # BT-129, BT-130
    _money(element, "LineExtensionAmount", net)  # BT-131
    item = _cac(element, "Item")
    _cbc(item, "Name", invoice.description)  # BT-153
    _tax_category(item, "ClassifiedTaxCategory", rate)  # BT-151, BT-152
    _money(_cac(element, "Price"), "PriceAmount", net)  # BT-146
